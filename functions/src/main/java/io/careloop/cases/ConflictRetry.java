package io.careloop.cases;

import java.util.function.Supplier;

/**
 * careloop's one policy for a step of the case process that lost a race (the case changed between read and write):
 * read the case again and redo the step, a few times; a case that keeps changing under the step is someone else's
 * work in progress, and the last conflict is the caller's to handle.
 */
public final class ConflictRetry {
    /** How many times a step is tried. */
    public static final int ATTEMPTS = 5;

    private ConflictRetry() {
    }

    /**
     * Runs the step (which reads the case and applies one change) until it goes through.
     *
     * @throws ConcurrentUpdateException the last conflict, when every attempt lost
     */
    public static <T> T untilApplied(Supplier<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (ConcurrentUpdateException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** As {@link #untilApplied(Supplier)}, for a step with no result. */
    public static void untilApplied(Runnable step) {
        untilApplied(() -> {
            step.run();
            return null;
        });
    }
}
