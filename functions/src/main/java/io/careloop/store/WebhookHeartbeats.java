package io.careloop.store;

import io.careloop.core.Platform;
import java.time.Instant;
import java.util.Optional;

/**
 * When each platform's webhook last delivered a mention: what lets the poll leave alone a source the webhook is
 * covering, instead of paying a second time for every mention (X charges per post read).
 */
public interface WebhookHeartbeats {

    /** Records that a mention from {@code platform} arrived by webhook at {@code at}; never moves the time back. */
    void heard(Platform platform, Instant at);

    Optional<Instant> lastHeard(Platform platform);
}
