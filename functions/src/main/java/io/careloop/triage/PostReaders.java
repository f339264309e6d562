package io.careloop.triage;

import io.careloop.core.Platform;
import io.careloop.platform.PostReader;
import java.util.Optional;

/** The platform reader of the brand account that heard a mention; empty where none is configured. */
@FunctionalInterface
public interface PostReaders {
    Optional<PostReader> forAccount(Platform platform, String brandAccount);

    /** No platform can be read: mentions without a named author are recorded, not answered. */
    static PostReaders none() {
        return (platform, account) -> Optional.empty();
    }
}
