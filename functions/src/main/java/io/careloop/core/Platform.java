package io.careloop.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The social networks careloop listens to and answers on. */
public enum Platform {
    X("x"),
    FACEBOOK("facebook"),
    INSTAGRAM("instagram"),
    MASTODON("mastodon"),
    BLUESKY("bluesky");

    private final String id;

    Platform(String id) {
        this.id = id;
    }

    /** The lower-case name used in keys, URLs and JSON. */
    public String id() {
        return id;
    }

    public static Optional<Platform> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }
}
