package io.careloop.core;

import java.time.Duration;

/** Durations as people write them in settings and requests: 30s, 5m, 4h, 2d, or ISO-8601 (PT5M). */
public final class Durations {
    private Durations() {
    }

    /** @param name what is being read, for the error message */
    public static Duration parse(String name, String text) {
        String v = text.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " must be a duration like 30s, 5m, 4h or PT5M, got '" + text + "'");
        }
    }
}
