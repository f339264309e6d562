package io.careloop.platform;

import java.time.Instant;
import java.util.Optional;

/**
 * Reads a post or comment back from the platform: who wrote it and what it says, for deliveries that do not say
 * (a Facebook Page {@code mention} change names no author).
 */
public interface PostReader {
    /** A post or comment as the platform describes it; {@code authorId} null when the platform does not say. */
    record PlatformPost(String id, String authorId, String authorName, String text, Instant createdAt) {
    }

    /**
     * @return empty when the platform no longer has the object or will not show it to the brand
     * @throws PlatformException when the read itself fails (throttled, unreachable): worth retrying
     */
    Optional<PlatformPost> read(String platformPostId);
}
