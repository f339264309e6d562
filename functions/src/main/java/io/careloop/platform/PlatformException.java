package io.careloop.platform;

import java.time.Instant;

/** A platform refused or failed a call. {@link #kind()} says what a caller may do about it. */
public class PlatformException extends RuntimeException {
    public enum Kind {
        /** Throttled: retry after {@link #retryAt()}. Nothing was posted. */
        RATE_LIMITED,
        /** A server error or timeout: retry with backoff. The post may or may not exist. */
        TRANSIENT,
        /** Credentials expired or revoked: needs a person. Nothing was posted. */
        AUTH,
        /** The request was refused (deleted post, closed window): retrying cannot help. Nothing was posted. */
        REJECTED
    }

    private final Kind kind;
    private final Instant retryAt;
    private final boolean certainlyNotPosted;

    public PlatformException(Kind kind, String message, Instant retryAt, boolean certainlyNotPosted) {
        super(message);
        this.kind = kind;
        this.retryAt = retryAt;
        this.certainlyNotPosted = certainlyNotPosted;
    }

    public Kind kind() {
        return kind;
    }

    public Instant retryAt() {
        return retryAt;
    }

    /** True when the platform answered in a way that proves nothing was posted, so a retry cannot double-post. */
    public boolean certainlyNotPosted() {
        return certainlyNotPosted;
    }
}
