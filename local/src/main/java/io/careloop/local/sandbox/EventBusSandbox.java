package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the stack's EventBridge bus: {@code POST /sandbox/events} takes {@code PutEvents} as EventBridge
 * does (JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}, a SigV4 {@code Authorization} header, 1 to 10 entries
 * each with a Source not starting {@code aws.}, a DetailType of 1 to 128 characters and a Detail that is a JSON
 * object) and answers {@code FailedEntryCount} and an EventId per entry; {@code GET /sandbox/events} lists the
 * events delivered, as a rule's target would receive them; {@code DELETE /sandbox/events} clears them.
 */
final class EventBusSandbox {
    /** PutEvents takes at most ten entries per call. */
    static final int MAX_ENTRIES = 10;

    private final Clock clock;
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    EventBusSandbox(Clock clock) {
        this.clock = clock;
    }

    /** The answer to a bus call, or null when the path is not the bus's. */
    Response handle(String method, String path, Map<String, String> headers, JsonNode body) {
        if (!path.equals("/events")) {
            return null;
        }
        switch (method) {
            case "GET" -> {
                return Response.json(200, Map.of("events", List.copyOf(events)));
            }
            case "DELETE" -> {
                events.clear();
                return Response.json(200, Map.of("cleared", true));
            }
            case "POST" -> {
                return putEvents(headers, body);
            }
            default -> {
                return error(400, "UnknownOperationException", method + " is not an EventBridge operation");
            }
        }
    }

    private Response putEvents(Map<String, String> headers, JsonNode body) {
        if (!"AWSEvents.PutEvents".equals(headers.get("x-amz-target"))) {
            return error(400, "UnknownOperationException", "X-Amz-Target must be AWSEvents.PutEvents");
        }
        if (!headers.getOrDefault("authorization", "").startsWith("AWS4-HMAC-SHA256 ")) {
            return error(400, "MissingAuthenticationTokenException", "the request is not signed with SigV4");
        }
        JsonNode entries = body == null ? null : body.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            return error(400, "ValidationException", "Entries must hold 1 to " + MAX_ENTRIES + " entries");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        for (JsonNode entry : entries) {
            String refusal = refusal(entry);
            if (refusal != null) {
                failed++;
                results.add(Map.of("ErrorCode", refusal.startsWith("MalformedDetail") ? "MalformedDetail" : "InvalidArgument",
                        "ErrorMessage", refusal));
                continue;
            }
            String id = UUID.randomUUID().toString();
            Map<String, Object> delivered = new LinkedHashMap<>();
            delivered.put("version", "0");
            delivered.put("id", id);
            delivered.put("detail-type", entry.get("DetailType").asText());
            delivered.put("source", entry.get("Source").asText());
            delivered.put("time", entry.has("Time") ? Instant.ofEpochSecond(entry.get("Time").asLong()).toString()
                    : clock.instant().toString());
            delivered.put("event-bus", entry.path("EventBusName").asText("default"));
            delivered.put("detail", detail(entry));
            events.add(delivered);
            results.add(Map.of("EventId", id));
        }
        return Response.json(200, Map.of("FailedEntryCount", failed, "Entries", results));
    }

    private static String refusal(JsonNode entry) {
        String source = entry.path("Source").asText("");
        String detailType = entry.path("DetailType").asText("");
        if (source.isEmpty() || source.length() > 256 || source.startsWith("aws.")) {
            return "Source must be 1 to 256 characters and not start with aws.";
        }
        if (detailType.isEmpty() || detailType.length() > 128) {
            return "DetailType must be 1 to 128 characters";
        }
        if (!entry.has("Detail")) {
            return null;
        }
        JsonNode detail = detail(entry);
        return detail != null && detail.isObject() ? null : "MalformedDetail: Detail must be a JSON object";
    }

    private static JsonNode detail(JsonNode entry) {
        try {
            return entry.has("Detail") ? Json.parse(entry.get("Detail").asText()) : Json.mapper().createObjectNode();
        } catch (IOException e) {
            return null;
        }
    }

    private static Response error(int status, String type, String message) {
        return new Response(status, Map.of("content-type", "application/x-amz-json-1.1"),
                Json.write(Map.of("__type", type, "message", message)));
    }

    List<Map<String, Object>> events() {
        return List.copyOf(events);
    }
}
