package io.careloop.poll;

import io.careloop.lambda.Log;
import io.careloop.queue.MentionQueue;
import io.careloop.store.CaseStore;
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
    private final CaseStore store;
    private final MentionQueue queue;

    public PollService(List<MentionSource> sources, CaseStore store, MentionQueue queue) {
        this.sources = sources;
        this.store = store;
        this.queue = queue;
    }

    /** @return mentions enqueued per source; -1 for a source that failed this run */
    public Map<String, Integer> run() {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (MentionSource source : sources) {
            try {
                String cursor = store.cursor(source.name()).orElse(null);
                MentionSource.Batch batch = source.read(cursor);
                queue.send(batch.mentions());
                if (batch.nextCursor() != null && !batch.nextCursor().equals(cursor)) {
                    store.saveCursor(source.name(), batch.nextCursor());
                }
                found.put(source.name(), batch.mentions().size());
                if (!batch.mentions().isEmpty()) {
                    LOG.info("polled", "source", source.name(), "mentions", batch.mentions().size());
                }
            } catch (RuntimeException e) {
                LOG.error("poll failed; cursor left where it was", e, "source", source.name());
                found.put(source.name(), -1);
            }
        }
        return found;
    }
}
