package io.careloop.triage;

import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.store.WebhookHeartbeats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the poll that a platform's webhook is delivering, so it need not pay to read the same mentions again.
 * Written at most once a minute per platform by each function instance: the poll's threshold is minutes, and a
 * write per mention would cost more than it saves.
 */
final class WebhookHeartbeat {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final WebhookHeartbeats heartbeats;
    private final Clock clock;
    private final Map<Platform, Instant> lastWritten = new ConcurrentHashMap<>();

    WebhookHeartbeat(WebhookHeartbeats heartbeats, Clock clock) {
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    void heard(Mention mention) {
        if (mention.source() == null || !mention.source().startsWith("webhook:")) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastWritten.get(mention.platform());
        if (last != null && Duration.between(last, now).compareTo(EVERY) < 0) {
            return;
        }
        lastWritten.put(mention.platform(), now);
        heartbeats.heard(mention.platform(), now);
    }
}
