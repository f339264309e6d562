package io.careloop.core;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, so retrying instances do not move in lockstep. */
public final class Backoff {
    private static final long BASE_MILLIS = 50;
    private static final long CAP_MILLIS = 2_000;

    private Backoff() {
    }

    public static long delayMillis(int attempt) {
        long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 10));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    public static void sleep(int attempt) {
        try {
            Thread.sleep(delayMillis(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
