package io.careloop.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.Settings;
import io.careloop.core.Json;
import io.careloop.core.Texts;
import io.careloop.http.HttpRequest;
import io.careloop.voice.Templates;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;

/** Reading the agents' request bodies: every bad field is a 400 that names it and says what it must be. */
final class RequestBodies {
    static final int MAX_TEXT = 5_000;

    private RequestBodies() {
    }

    static String templateName(String name) {
        if (!Templates.names().contains(name)) {
            throw new ApiException(400, "template must be one of " + new TreeSet<>(Templates.names()));
        }
        return name;
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, field + " must be one of " + List.of(type.getEnumConstants()));
        }
    }

    static JsonNode body(HttpRequest request) {
        if (request.body().length == 0) {
            throw new ApiException(400, "a JSON body is required");
        }
        try {
            JsonNode node = Json.parse(request.body());
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String requiredText(JsonNode body, String field) {
        String v = optionalText(body, field);
        if (v == null) {
            throw new ApiException(400, field + " is required and must be a non-empty string");
        }
        return v;
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(400, field + " must be a non-empty string");
        }
        if (v.asText().length() > MAX_TEXT) {
            throw new ApiException(400, field + " is longer than " + MAX_TEXT + " characters");
        }
        if (!Texts.isClean(v.asText())) {
            throw new ApiException(400, field + " contains control characters or broken unicode that cannot be posted");
        }
        return v.asText().trim();
    }

    static Duration duration(JsonNode body, String field, Duration fallback) {
        String v = optionalText(body, field);
        if (v == null) {
            return fallback;
        }
        try {
            return Settings.parseDuration(field, v);
        } catch (IllegalStateException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    /** An ISO-8601 instant ("2026-11-23T15:00:00Z") or a delay from now ("2h"). */
    static Instant instantOrDuration(JsonNode body, String field, Instant now) {
        String v = requiredText(body, field);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return now.plus(Settings.parseDuration(field, v));
            } catch (IllegalStateException notADuration) {
                throw new ApiException(400, field + " must be an ISO-8601 time like 2026-11-23T15:00:00Z or a delay like 2h");
            }
        }
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static String idempotencyKey(JsonNode body) {
        JsonNode v = body.get("idempotencyKey");
        if (v == null || v.isNull()) {
            return UUID.randomUUID().toString();
        }
        if (!v.isTextual() || !v.asText().matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new ApiException(400, "idempotencyKey must be 1-64 letters, digits or _.:-");
        }
        return v.asText();
    }
}
