package io.careloop.cases;

import java.time.Duration;

/** How urgent a case is; P1 is the most urgent. Each has a default first-response deadline. */
public enum Priority {
    P1(Duration.ofMinutes(15)),
    P2(Duration.ofHours(1)),
    P3(Duration.ofHours(4)),
    P4(Duration.ofHours(24));

    private final Duration defaultFirstResponseSla;

    Priority(Duration defaultFirstResponseSla) {
        this.defaultFirstResponseSla = defaultFirstResponseSla;
    }

    public Duration defaultFirstResponseSla() {
        return defaultFirstResponseSla;
    }
}
