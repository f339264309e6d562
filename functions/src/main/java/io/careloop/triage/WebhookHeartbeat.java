package io.careloop.triage;

import io.careloop.config.BrandConfig;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.store.WebhookHeartbeats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the poll that a brand account's webhook subscription is delivering, so it need not pay to read the same
 * mentions again. Only new public mentions count: a DM, an edit or a deletion arriving says nothing about the mention
 * subscription the poll would otherwise cover. Written at most once a minute per account by each function instance:
 * the poll's threshold is minutes, and a write per mention would cost more than it saves.
 */
final class WebhookHeartbeat {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final WebhookHeartbeats heartbeats;
    private final Clock clock;
    private final BrandConfig brand;
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    WebhookHeartbeat(WebhookHeartbeats heartbeats, BrandConfig brand, Clock clock) {
        this.heartbeats = heartbeats;
        this.brand = brand;
        this.clock = clock;
    }

    void heard(Mention mention) {
        if (mention.source() == null || !mention.source().startsWith("webhook:") || mention.change() != null
                || mention.isPrivate()) {
            return;
        }
        // A delivery that names no account was heard on the platform's first (main) account.
        String account = mention.brandAccount() != null ? mention.brandAccount()
                : brand.account(mention.platform()).map(BrandConfig.Account::id).orElse(null);
        if (account == null) {
            return;
        }
        Instant now = clock.instant();
        String key = mention.platform().id() + "#" + account;
        Instant last = lastWritten.get(key);
        if (last != null && Duration.between(last, now).compareTo(EVERY) < 0) {
            return;
        }
        lastWritten.put(key, now);
        heartbeats.heard(mention.platform(), account, now);
    }
}
