package io.careloop.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration: the environment variables template.yaml gives it (in AWS) or the local
 * runtime gives it (on one machine). Read once at start; a missing required value fails fast and says
 * which variable to set.
 */
public final class Settings {
    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public String require(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing configuration: set the environment variable " + name);
        }
        return value;
    }

    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public Duration duration(String name, Duration fallback) {
        return get(name).map(v -> parseDuration(name, v)).orElse(fallback);
    }

    public int integer(String name, int fallback) {
        return get(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a whole number, got '" + v + "'");
            }
        }).orElse(fallback);
    }

    /** Accepts ISO-8601 ({@code PT5M}) or a number with a unit: {@code 30s}, {@code 5m}, {@code 4h}, {@code 2d}. */
    public static Duration parseDuration(String name, String text) {
        return io.careloop.core.Durations.parse(name, text);
    }
}
