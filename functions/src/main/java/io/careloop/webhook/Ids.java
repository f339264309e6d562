package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Reads the loosely typed fields platforms send: ids as strings or (possibly huge) whole numbers,
 * times as ISO-8601 text, Unix seconds or Unix milliseconds.
 */
final class Ids {
    /** Below this a numeric time is in seconds (it is year 5138 in seconds, 1973 in milliseconds). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final int MAX_ID_LENGTH = 256;

    private Ids() {
    }

    static String required(JsonNode node, String field) {
        String id = optional(node, field);
        if (id == null) {
            throw new IllegalArgumentException(field + " is required (a string or a whole number)");
        }
        return id;
    }

    static String optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String id;
        if (v.isTextual()) {
            id = v.asText().trim();
        } else if (v.isIntegralNumber()) {
            id = v.bigIntegerValue().toString(); // exact, even beyond 2^53 (tweet ids)
        } else {
            throw new IllegalArgumentException(field + " must be a string or a whole number");
        }
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must be 1-" + MAX_ID_LENGTH + " printable characters");
        }
        return id;
    }

    static long count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().matches("\\d{1,18}")) {
            return Long.parseLong(v.asText());
        }
        throw new IllegalArgumentException(field + " must be a non-negative whole number");
    }

    private static final java.time.format.DateTimeFormatter GRAPH_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    static Instant time(JsonNode node, String field, Instant fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return epoch(v.asLong());
            }
            if (v.isTextual() && v.asText().matches("\\d{1,18}")) {
                return epoch(Long.parseLong(v.asText()));
            }
            if (v.isTextual()) {
                try {
                    return Instant.parse(v.asText());
                } catch (java.time.format.DateTimeParseException e) {
                    // The Graph API writes offsets without a colon: 2026-11-23T09:00:01+0000.
                    return java.time.OffsetDateTime.parse(v.asText(), GRAPH_TIME).toInstant();
                }
            }
        } catch (RuntimeException e) {
            // fall through to the explanation below
        }
        throw new IllegalArgumentException(field + " must be ISO-8601 text, Unix seconds or Unix milliseconds");
    }

    private static Instant epoch(long value) {
        return value < MILLIS_THRESHOLD ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
}
