package io.careloop.poll;

import io.careloop.observe.Log;
import io.careloop.queue.MentionQueue;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.observe.Metrics;
import io.careloop.store.PollCursors;
import io.careloop.store.SeenMentions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads each configured source from its stored cursor, enqueues what it finds, and only then advances the
 * cursor: a crash in between re-reads the same mentions, which triage then drops as duplicates.
 * One failing source does not stop the others.
 */
public final class PollService {
    private static final Log LOG = Log.of(PollService.class);

    private final List<MentionSource> sources;
    private final PollCursors cursors;
    private final SeenMentions seenMentions;
    private final MentionQueue queue;
    private final Metrics metrics;

    public PollService(List<MentionSource> sources, PollCursors cursors, SeenMentions seenMentions, MentionQueue queue,
                       Metrics metrics) {
        this.metrics = metrics;
        this.sources = sources;
        this.cursors = cursors;
        this.seenMentions = seenMentions;
        this.queue = queue;
    }

    /**
     * Of the mentions a poll found, those careloop has not claimed yet: on a platform with webhooks (all but Bluesky), the ones the
     * webhooks missed (or that are still queued for triage, when the poll runs right after a delivery).
     * Logged and counted per platform ({@code MissedByWebhooks}).
     */
    private int missedByWebhooks(MentionSource.Batch batch) {
        if (batch.mentions().isEmpty()) {
            return 0;
        }
        var seen = seenMentions.seenMentions(batch.mentions().stream().map(Mention::key).toList());
        Map<String, Integer> byPlatform = new LinkedHashMap<>();
        batch.mentions().stream().filter(m -> m.platform() != Platform.BLUESKY && !seen.contains(m.key()))
                .forEach(m -> byPlatform.merge(m.platform().id(), 1, Integer::sum));
        byPlatform.forEach((platform, n) -> metrics.put(Metrics.Name.MissedByWebhooks, n, platform));
        return byPlatform.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * What a run did.
     *
     * @param found            mentions enqueued per source; -1 for a source that failed this run
     * @param missedByWebhooks per source, the mentions found that careloop had not seen
     */
    public record Result(Map<String, Integer> found, Map<String, Integer> missedByWebhooks) {
    }

    public Result run() {
        Map<String, Integer> found = new LinkedHashMap<>();
        Map<String, Integer> missedBySource = new LinkedHashMap<>();
        for (MentionSource source : sources) {
            try {
                String cursor = cursors.cursor(source.name()).orElse(null);
                MentionSource.Batch batch = source.read(cursor);
                int missed = missedByWebhooks(batch);
                queue.send(batch.mentions());
                if (batch.nextCursor() != null && !batch.nextCursor().equals(cursor)) {
                    cursors.saveCursor(source.name(), batch.nextCursor());
                }
                found.put(source.name(), batch.mentions().size());
                missedBySource.put(source.name(), missed);
                if (!batch.mentions().isEmpty()) {
                    LOG.info("polled", "source", source.name(), "mentions", batch.mentions().size(), "missedByWebhooks", missed);
                }
            } catch (RuntimeException e) {
                LOG.error("poll failed; cursor left where it was", e, "source", source.name());
                found.put(source.name(), -1);
            }
        }
        return new Result(found, missedBySource);
    }
}
