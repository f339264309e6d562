package io.careloop.store;

import io.careloop.core.Platform;
import java.time.Instant;
import java.util.Optional;

/**
 * When each brand account's webhook subscription last delivered a new public mention: what lets the poll leave alone a source the webhook is
 * covering, instead of paying a second time for every mention (X charges per post read).
 */
public interface WebhookHeartbeats {

    /**
     * Records that a mention to {@code account} on {@code platform} arrived by webhook at {@code at}; never moves the
     * time back. Per account: one account's subscription can fail while another's delivers.
     */
    void heard(Platform platform, String account, Instant at);

    Optional<Instant> lastHeard(Platform platform, String account);
}
