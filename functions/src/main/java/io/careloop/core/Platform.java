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
    BLUESKY("bluesky"),
    /** Meta's Threads: public text posts and replies; no private messages in its API. */
    THREADS("threads");

    private final String id;

    Platform(String id) {
        this.id = id;
    }

    /** The lower-case name used in keys, URLs and JSON. */
    public String id() {
        return id;
    }

    /**
     * Whether the brand can post a text to its whole community here. Instagram cannot: its API publishes images and
     * videos only, so an incident there is told to each affected customer, never posted on another network's page.
     */
    public boolean hasCommunityFeed() {
        return this != INSTAGRAM;
    }

    public static Optional<Platform> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }
}
