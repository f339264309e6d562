package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Facebook/Instagram Graph API as careloop calls it, below {@code /sandbox/facebook/{version}}:
 * <ul>
 *   <li>{@code POST /{id}/comments|replies|messages|feed}; hiding with {@code POST /{id}?is_hidden=true} (Facebook)
 *       or {@code ?hide=true} (Instagram); {@code DELETE /{comment-id}}; reading {@code GET /{id}?fields=...}</li>
 *   <li>what Meta refuses, with Meta's error bodies: a version past its date in Meta's changelog, {@code /replies} on
 *       an Instagram media (media take {@code /comments}) or on a hidden comment, a Messenger {@code RESPONSE} more
 *       than 24 hours after the customer's last message and a {@code HUMAN_AGENT} message more than 7 days after
 *       it, a read of an object it does not have</li>
 *   <li>control: {@code POST /sandbox/facebook/objects {"id","from":{"id","name"},"message","created_time",
 *       "media":true}} gives it a post, comment or (with {@code media}) an Instagram media to serve;
 *       {@code POST /sandbox/facebook/conversations {"recipient":"psid","lastMessageAt":"ISO time"}} tells it when
 *       the customer last wrote (a recipient it was not told about is taken as having just written)</li>
 * </ul>
 * Every call it serves or refuses is recorded, reads, hides and deletes included.
 */
final class MetaSandbox extends SandboxPlatform {
    private static final Pattern VERSIONED = Pattern.compile("/facebook(?:/(v\\d+\\.\\d+))?(/.*)");
    private static final Pattern OBJECT = Pattern.compile("/([^/]+)");
    private static final Pattern EDGE = Pattern.compile("/([^/]+)/(comments|replies|messages|feed)");
    /**
     * The last day Meta serves each version, from Meta's changelog
     * (https://developers.facebook.com/docs/graph-api/changelog/versions/); the sandbox stands for Meta, so it keeps
     * its own copy rather than careloop's.
     */
    private static final Map<String, LocalDate> AVAILABLE_UNTIL = Map.of(
            "v18.0", LocalDate.parse("2026-01-26"), "v19.0", LocalDate.parse("2026-05-21"),
            "v20.0", LocalDate.parse("2026-09-24"), "v21.0", LocalDate.parse("2027-01-21"),
            "v22.0", LocalDate.parse("2027-05-20"), "v23.0", LocalDate.parse("2027-10-08"),
            "v24.0", LocalDate.parse("2028-02-18"), "v25.0", LocalDate.parse("2028-07-29"));
    private static final Duration STANDARD_WINDOW = Duration.ofHours(24);
    private static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

    private final Map<String, JsonNode> objects = new HashMap<>();
    private final Set<String> media = new HashSet<>();
    private final Set<String> hidden = new HashSet<>();
    private final Map<String, Instant> lastMessageAt = new HashMap<>();

    MetaSandbox(SandboxState state) {
        super("facebook", state);
    }

    @Override
    Response control(String method, String path, JsonNode body) {
        if (path.equals("/facebook/objects") && method.equals("POST")) {
            String id = body.path("id").asText("");
            if (id.isEmpty()) {
                return Response.json(400, Map.of("error", "an object needs an id"));
            }
            objects.put(id, body);
            if (body.path("media").asBoolean(false)) {
                media.add(id);
            }
            return queued();
        }
        if (path.equals("/facebook/conversations") && method.equals("POST")) {
            String recipient = body.path("recipient").asText("");
            if (recipient.isEmpty() || !body.hasNonNull("lastMessageAt")) {
                return Response.json(400, Map.of("error", "recipient and lastMessageAt are required"));
            }
            lastMessageAt.put(recipient, Instant.parse(body.path("lastMessageAt").asText()));
            return queued();
        }
        return null;
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token,
                   JsonNode body) {
        Matcher versioned = VERSIONED.matcher(path);
        if (!versioned.matches()) {
            return null;
        }
        String recorded = query == null ? path : path + "?" + query;
        String version = versioned.group(1);
        LocalDate today = LocalDate.ofInstant(state.clock.instant(), ZoneOffset.UTC);
        if (version != null && AVAILABLE_UNTIL.containsKey(version) && today.isAfter(AVAILABLE_UNTIL.get(version))) {
            return refuse(method, recorded, body, 400, "(#2635) You are calling a deprecated version of the Graph API ("
                    + version + " was available until " + AVAILABLE_UNTIL.get(version) + "). Please update to the "
                    + "latest version.", "OAuthException", 2635, null);
        }
        String rest = versioned.group(2);
        Matcher object = OBJECT.matcher(rest);
        if (object.matches()) {
            String id = object.group(1);
            if (method.equals("GET")) {
                JsonNode found = objects.get(id);
                if (found == null) {
                    return unsupported(method, recorded, body, id, "get");
                }
                state.record("facebook", method, recorded, body, null, 200);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("id", id);
                for (String field : new String[]{"from", "message", "created_time"}) {
                    if (found.has(field)) {
                        answer.put(field, found.get(field));
                    }
                }
                return Response.json(200, answer);
            }
            if (method.equals("DELETE")) {
                state.record("facebook", method, recorded, body, null, 200);
                objects.remove(id);
                return Response.json(200, Map.of("success", true));
            }
            if (method.equals("POST") && query != null && (query.contains("is_hidden=true") || query.contains("hide=true"))) {
                state.record("facebook", method, recorded, body, null, 200);
                hidden.add(id);
                return Response.json(200, Map.of("success", true));
            }
        }
        Matcher edge = EDGE.matcher(rest);
        if (method.equals("POST") && edge.matches()) {
            String target = edge.group(1);
            String kind = edge.group(2);
            if (kind.equals("replies") && media.contains(target)) {
                // Instagram media have no replies edge: a comment on media is POST /{ig-media-id}/comments.
                return unsupported(method, recorded, body, target, "post");
            }
            if (kind.equals("replies") && hidden.contains(target)) {
                return refuse(method, recorded, body, 400, "(#100) You cannot reply to a hidden comment.",
                        "OAuthException", 100, null);
            }
            if (kind.equals("messages")) {
                Response outside = outsideWindow(method, recorded, body);
                if (outside != null) {
                    return outside;
                }
            }
            String id = state.record("facebook", method, recorded, body, null, 200);
            return kind.equals("messages")
                    ? Response.json(200, Map.of("recipient_id", body.path("recipient").path("id").asText("customer"),
                            "message_id", "m_" + id))
                    : Response.json(200, Map.of("id", target + "_" + id));
        }
        return null;
    }

    /** Meta's 24-hour standard window and the 7-day HUMAN_AGENT tag, for messages to a conversation's recipient. */
    private Response outsideWindow(String method, String path, JsonNode body) {
        String recipient = body.path("recipient").path("id").asText("");
        Instant last = lastMessageAt.get(recipient);
        if (recipient.isEmpty() || last == null) {
            return null; // a private reply to a comment (its own 7 days), or a customer the sandbox was not told about
        }
        Duration since = Duration.between(last, state.clock.instant());
        String type = body.path("messaging_type").asText("RESPONSE");
        boolean humanAgent = type.equals("MESSAGE_TAG") && body.path("tag").asText("").equals("HUMAN_AGENT");
        boolean allowed = humanAgent ? since.compareTo(HUMAN_AGENT_WINDOW) <= 0 : since.compareTo(STANDARD_WINDOW) <= 0;
        if (allowed) {
            return null;
        }
        return refuse(method, path, body, 400, "(#10) This message is sent outside of allowed window.",
                "OAuthException", 10, 2018278);
    }

    private Response unsupported(String method, String path, JsonNode body, String id, String verb) {
        return refuse(method, path, body, 400, "Unsupported " + verb + " request. Object with ID '" + id
                + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                "GraphMethodException", 100, 33);
    }

    /** A refusal in Meta's error shape, recorded with its status. */
    private Response refuse(String method, String path, JsonNode body, int status, String message, String type, int code,
                            Integer subcode) {
        state.refused("facebook", method, path, body, status);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        error.put("fbtrace_id", "sandbox");
        return Response.json(status, Map.of("error", error));
    }

    /** Graph answers a spent rate limit (and other failures) with its own error object, code 4. */
    @Override
    String errorBody(int status) {
        return Json.write(Map.of("error", Map.of("message", "Application request limit reached", "code", 4)));
    }
}
