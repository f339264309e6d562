package io.careloop.store;

import io.careloop.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A platform's rate limit shared by every Lambda instance: calls are taken from fixed windows aligned to
 * the epoch (X's 15-minute windows, Mastodon's 5-minute ones), and two instances can never both take the
 * last call of a window.
 */
public interface PostingBudget {

    /** A budget: {@code calls} per {@code window}. */
    record Limit(int calls, Duration window) {
        /** "100/15m", "300/5m", "1500/1h". */
        public static Limit parse(String text) {
            String[] parts = text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a rate limit looks like 100/15m, not " + text);
            }
            return new Limit(Integer.parseInt(parts[0].trim()), Durations.parse("rate limit", parts[1].trim()));
        }
    }

    /**
     * Takes one call from the bucket's current window.
     *
     * @return empty when taken; otherwise when the window ends and calls may go again
     */
    Optional<Instant> take(String bucket, Limit limit, Instant now);
}
