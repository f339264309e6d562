package io.careloop.poll;

import io.careloop.core.Mention;
import java.util.List;

/** A timeline or search that is read on a schedule, from a stored cursor onwards. */
public interface MentionSource {
    /** Stable name; the cursor is stored under it. */
    String name();

    /**
     * Mentions newer than {@code cursor} (null on the first run) and the cursor to store once they are
     * safely enqueued.
     */
    Batch read(String cursor);

    /**
     * As {@link #read(String)}, limited to posts made at or after {@code notBefore} where the platform can filter by
     * time (it then costs only what it returns); sources that cannot, read from the cursor alone.
     */
    default Batch read(String cursor, java.time.Instant notBefore) {
        return read(cursor);
    }

    /** The brand account's webhook subscription that delivers what this source reads, if one does. */
    default java.util.Optional<WebhookFeed> coveredByWebhook() {
        return java.util.Optional.empty();
    }

    /** The brand account whose credentials this source reads with: named when the platform refuses them. */
    default java.util.Optional<Account> account() {
        return java.util.Optional.empty();
    }

    /** A brand account on a platform. */
    record Account(io.careloop.core.Platform platform, String id) {
    }

    /** A brand account's webhook subscription on a platform. */
    record WebhookFeed(io.careloop.core.Platform platform, String account) {
    }

    record Batch(List<Mention> mentions, String nextCursor) {
    }
}
