package io.careloop.poll;

import io.careloop.observe.Log;
import io.careloop.queue.MentionQueue;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.observe.Metrics;
import io.careloop.core.Times;
import io.careloop.store.PollCursors;
import io.careloop.store.SeenMentions;
import io.careloop.store.WebhookHeartbeats;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import io.careloop.events.CredentialAlerts;
import io.careloop.platform.PlatformException;
import java.util.List;
import java.util.Map;

/**
 * Reads each configured source from its stored cursor, enqueues what it finds, and only then advances the
 * cursor: a crash in between re-reads the same mentions, which triage then drops as duplicates.
 * One failing source does not stop the others. A source the platform's webhook also delivers is read as the
 * {@link PollingPolicy} says, so that a healthy webhook's mentions are not paid for twice.
 */
public final class PollService {
    private static final Log LOG = Log.of(PollService.class);
    private static final String RECONCILED = "#reconciled";
    private static final String DEGRADED = "#degraded-until";

    private final List<MentionSource> sources;
    private final PollCursors cursors;
    private final SeenMentions seenMentions;
    private final MentionQueue queue;
    private final Metrics metrics;
    private final WebhookHeartbeats heartbeats;
    private final PollingPolicy policy;
    private final Clock clock;
    /** Where the care team hears that a platform refuses an account's credentials (at most hourly per account). */
    private final CredentialAlerts credentialAlerts;

    /** Reads every source on every run. */
    public PollService(List<MentionSource> sources, PollCursors cursors, SeenMentions seenMentions, MentionQueue queue,
                       Metrics metrics) {
        this(sources, cursors, seenMentions, queue, metrics, null, PollingPolicy.always(), Clock.systemUTC());
    }

    public PollService(List<MentionSource> sources, PollCursors cursors, SeenMentions seenMentions, MentionQueue queue,
                       Metrics metrics, WebhookHeartbeats heartbeats, PollingPolicy policy, Clock clock) {
        this(sources, cursors, seenMentions, queue, metrics, heartbeats, policy, clock, CredentialAlerts.none());
    }

    /** @param credentialAlerts raises "Platform Credentials Failing" when a source's platform refuses its token */
    public PollService(List<MentionSource> sources, PollCursors cursors, SeenMentions seenMentions, MentionQueue queue,
                       Metrics metrics, WebhookHeartbeats heartbeats, PollingPolicy policy, Clock clock,
                       CredentialAlerts credentialAlerts) {
        this.credentialAlerts = credentialAlerts;
        if (policy.mode() != PollingPolicy.Mode.ALWAYS && heartbeats == null) {
            throw new IllegalArgumentException("reading sources webhook-first needs the webhook heartbeats");
        }
        this.heartbeats = heartbeats;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
        this.sources = sources;
        this.cursors = cursors;
        this.seenMentions = seenMentions;
        this.queue = queue;
    }

    /**
     * Of the mentions a poll found, those careloop has not claimed yet, per platform: on a platform with webhooks (all
     * but Bluesky), the ones the webhooks missed (or that are still queued for triage, when the poll runs right after
     * a delivery).
     */
    private Map<String, Integer> missedByWebhooks(MentionSource.Batch batch) {
        Map<String, Integer> byPlatform = new LinkedHashMap<>();
        if (batch.mentions().isEmpty()) {
            return byPlatform;
        }
        var seen = seenMentions.seenMentions(batch.mentions().stream().map(Mention::key).toList());
        batch.mentions().stream().filter(m -> m.platform() != Platform.BLUESKY && !seen.contains(m.key()))
                .forEach(m -> byPlatform.merge(m.platform().id(), 1, Integer::sum));
        return byPlatform;
    }

    /**
     * What a run did.
     *
     * @param found            mentions enqueued per source; -1 for a source that failed this run
     * @param missedByWebhooks per source, the mentions found that careloop had not seen
     */
    public record Result(Map<String, Integer> found, Map<String, Integer> missedByWebhooks) {
    }

    private PollingPolicy.Decision decide(MentionSource source) {
        if (policy.mode() == PollingPolicy.Mode.ALWAYS || source.coveredByWebhook().isEmpty()) {
            return policy.decide(false, null, null, null, null);
        }
        MentionSource.WebhookFeed feed = source.coveredByWebhook().get();
        Instant lastHeard = heartbeats.lastHeard(feed.platform(), feed.account()).orElse(null);
        return policy.decide(true, clock.instant(), lastHeard, stored(source.name() + RECONCILED),
                stored(source.name() + DEGRADED));
    }

    /**
     * After a reconciliation: a missed mention means the webhook drops deliveries while it looks healthy, so the
     * source is read on every run for a while.
     */
    private void reconciled(MentionSource source, int missed) {
        Instant now = clock.instant();
        cursors.saveCursor(source.name() + RECONCILED, Times.sortable(now));
        if (missed > 0) {
            cursors.saveCursor(source.name() + DEGRADED, Times.sortable(now.plus(policy.degradedFor())));
            LOG.warn("the webhook missed mentions a reconciliation found; polling on every run", "source", source.name(),
                    "missed", missed, "for", policy.degradedFor().toString());
        }
    }

    private Instant stored(String name) {
        return cursors.cursor(name).map(Times::parse).orElse(null);
    }

    public Result run() {
        Map<String, Integer> found = new LinkedHashMap<>();
        Map<String, Integer> missedBySource = new LinkedHashMap<>();
        for (MentionSource source : sources) {
            try {
                PollingPolicy.Decision decision = decide(source);
                if (!decision.read()) {
                    found.put(source.name(), 0);
                    missedBySource.put(source.name(), 0);
                    metrics.count(Metrics.Name.PollsSkipped, source.coveredByWebhook().map(f -> f.platform().id()).orElse(null));
                    continue;
                }
                String cursor = cursors.cursor(source.name()).orElse(null);
                MentionSource.Batch batch = source.read(cursor, decision.notBefore());
                Map<String, Integer> missedByPlatform = missedByWebhooks(batch);
                queue.send(batch.mentions());
                // Counted once the batch is queued: a refused batch is read again next run and counted then.
                missedByPlatform.forEach((platform, n) -> metrics.put(Metrics.Name.MissedByWebhooks, n, platform));
                int missed = missedByPlatform.values().stream().mapToInt(Integer::intValue).sum();
                if (batch.nextCursor() != null && !batch.nextCursor().equals(cursor)) {
                    cursors.saveCursor(source.name(), batch.nextCursor());
                }
                found.put(source.name(), batch.mentions().size());
                missedBySource.put(source.name(), missed);
                if (decision.reconciliation()) {
                    reconciled(source, missed);
                }
                if (!batch.mentions().isEmpty()) {
                    LOG.info("polled", "source", source.name(), "mentions", batch.mentions().size(), "missedByWebhooks", missed);
                }
            } catch (RuntimeException e) {
                LOG.error("poll failed; cursor left where it was", e, "source", source.name());
                found.put(source.name(), -1);
                if (e instanceof PlatformException refused && refused.kind() == PlatformException.Kind.AUTH) {
                    MentionSource.Account account = source.account().orElse(null);
                    metrics.count(Metrics.Name.CredentialFailures, account == null ? null : account.platform().id());
                    if (account != null) {
                        credentialAlerts.refused(account.platform(), account.id(), "poll", refused.getMessage());
                    }
                }
            }
        }
        return new Result(found, missedBySource);
    }
}
