package io.careloop.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the platforms' APIs on one machine. It answers the endpoints careloop calls with the
 * documented request and response shapes, requires a bearer token, records every call, and can be told to
 * answer with a platform's throttling response. {@code GET /sandbox/posts} lists what would have been posted.
 *
 * <ul>
 *   <li>X: {@code POST /sandbox/x/2/tweets}, {@code POST /sandbox/x/2/dm_conversations/with/{id}/messages}</li>
 *   <li>Mastodon: {@code POST /sandbox/mastodon/api/v1/statuses} (honours Idempotency-Key),
 *       {@code GET /sandbox/mastodon/api/v1/notifications}</li>
 *   <li>X moderation: {@code PUT /sandbox/x/2/tweets/{id}/hidden}</li>
 *   <li>Facebook/Instagram Graph: {@code POST /sandbox/facebook/{id}/comments|replies|messages|feed},
 *       hiding with {@code POST /sandbox/facebook/{id}?is_hidden=true} or {@code ?hide=true}</li>
 * </ul>
 * Control: {@code POST /sandbox/mastodon/notifications} queues a notification for polling;
 * {@code POST /sandbox/faults {"platform":"x","status":429,"count":1}} makes the next calls fail
 * ({@code "delayMillis": 11000} instead serves them but answers after the delay, as a platform that times out);
 * {@code DELETE /sandbox/posts} clears the record.
 */
public final class PlatformSandbox {
    /** One recorded call. {@code body} is the JSON the client sent. */
    public record Call(Instant at, String platform, String method, String path, JsonNode body, String idempotencyKey,
                       String responseId, int status) {
    }

    public record Response(int status, Map<String, String> headers, String body) {
        static Response json(int status, Object body) {
            return new Response(status, Map.of("content-type", "application/json"), Json.write(body));
        }
    }

    private record Fault(int status, int remaining, long delayMillis) {
    }

    private static final Pattern X_DM = Pattern.compile("/x/2/dm_conversations/with/([^/]+)/messages");
    private static final Pattern GRAPH = Pattern.compile("/facebook/([^/]+)/(comments|replies|messages|feed)");
    private static final Pattern X_HIDE = Pattern.compile("/x/2/tweets/([^/]+)/hidden");
    private static final Pattern GRAPH_OBJECT = Pattern.compile("/facebook/([^/]+)");

    private final Clock clock;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> mastodonNotifications = new CopyOnWriteArrayList<>();
    private final Map<String, String> mastodonIdempotency = new HashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(1_900_000_000_000_000_000L);

    public PlatformSandbox(Clock clock) {
        this.clock = clock;
    }

    private long pendingDelayMillis;

    /**
     * @param path the path below {@code /sandbox}
     */
    public Response handle(String method, String path, Map<String, String> headers, String query, byte[] body) {
        Response response;
        long delay;
        synchronized (this) {
            pendingDelayMillis = 0;
            response = handleInOrder(method, path, headers, query, body);
            delay = pendingDelayMillis;
        }
        if (delay > 0) {
            // A slow platform: the call is done (a post is posted) but the answer comes too late for the caller.
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return response;
    }

    private Response handleInOrder(String method, String path, Map<String, String> headers, String query, byte[] body) {
        if (path.equals("/posts")) {
            if (method.equals("DELETE")) {
                calls.clear();
                return Response.json(200, Map.of("cleared", true));
            }
            return Response.json(200, Map.of("posts", posts()));
        }
        if (path.equals("/faults") && method.equals("POST")) {
            JsonNode f = parse(body);
            faults.put(f.path("platform").asText(), new Fault(f.path("status").asInt(429), f.path("count").asInt(1),
                    f.path("delayMillis").asLong(0)));
            return Response.json(200, Map.of("armed", f));
        }
        if (path.equals("/mastodon/notifications") && method.equals("POST")) {
            mastodonNotifications.add(parse(body));
            return Response.json(202, Map.of("queued", true));
        }
        String platform = path.split("/").length > 1 ? path.split("/")[1] : "";
        String auth = headers.getOrDefault("authorization", "");
        if (!auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
            return Response.json(401, Map.of("title", "Unauthorized", "detail", "a bearer token is required"));
        }
        Response fault = fault(platform);
        if (fault != null) {
            calls.add(new Call(clock.instant(), platform, method, path, parse(body), null, null, fault.status()));
            return fault;
        }
        if (method.equals("GET") && path.equals("/mastodon/api/v1/notifications")) {
            return Response.json(200, notificationsSince(param(query, "since_id")));
        }
        if (method.equals("POST") && path.equals("/x/2/tweets")) {
            JsonNode request = parse(body);
            if (!request.hasNonNull("text")) {
                return Response.json(400, Map.of("title", "Invalid Request", "detail", "text is required"));
            }
            String id = record("x", method, path, request, null, 201);
            return Response.json(201, Map.of("data", Map.of("id", id, "text", request.path("text").asText(),
                    "edit_history_tweet_ids", List.of(id))));
        }
        Matcher dm = X_DM.matcher(path);
        if (method.equals("POST") && dm.matches()) {
            String id = record("x", method, path, parse(body), null, 201);
            return Response.json(201, Map.of("data", Map.of("dm_conversation_id", "1000000001-" + dm.group(1),
                    "dm_event_id", id)));
        }
        if (method.equals("POST") && path.equals("/mastodon/api/v1/statuses")) {
            String key = headers.get("idempotency-key");
            String id = key == null ? null : mastodonIdempotency.get(key);
            JsonNode request = parse(body);
            if (id == null) {
                id = record("mastodon", method, path, request, key, 200);
                if (key != null) {
                    mastodonIdempotency.put(key, id);
                }
            }
            return Response.json(200, Map.of("id", id, "content", "<p>" + request.path("status").asText() + "</p>",
                    "visibility", request.path("visibility").asText("public"),
                    "in_reply_to_id", request.path("in_reply_to_id").asText(""),
                    "created_at", clock.instant().toString()));
        }
        Matcher hide = X_HIDE.matcher(path);
        if (method.equals("PUT") && hide.matches()) {
            record("x", method, path, parse(body), null, 200);
            return Response.json(200, Map.of("data", Map.of("hidden", parse(body).path("hidden").asBoolean(false))));
        }
        Matcher object = GRAPH_OBJECT.matcher(path);
        if (method.equals("POST") && object.matches() && query != null
                && (query.contains("is_hidden=true") || query.contains("hide=true"))) {
            record("facebook", method, path + "?" + query, parse(body), null, 200);
            return Response.json(200, Map.of("success", true));
        }
        Matcher graph = GRAPH.matcher(path);
        if (method.equals("POST") && graph.matches()) {
            String id = record("facebook", method, path, parse(body), null, 200);
            return graph.group(2).equals("messages")
                    ? Response.json(200, Map.of("recipient_id", "customer", "message_id", "m_" + id))
                    : Response.json(200, Map.of("id", graph.group(1) + "_" + id));
        }
        return Response.json(404, Map.of("error", "the sandbox does not serve " + method + " " + path));
    }

    private Response fault(String platform) {
        Fault f = faults.get(platform);
        if (f == null || f.remaining() <= 0) {
            return null;
        }
        faults.put(platform, new Fault(f.status(), f.remaining() - 1, f.delayMillis()));
        if (f.delayMillis() > 0) {
            pendingDelayMillis = f.delayMillis();
            return null; // served as usual, answered late
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (f.status() == 429 && platform.equals("x")) {
            headers.put("x-rate-limit-limit", "100");
            headers.put("x-rate-limit-remaining", "0");
            headers.put("x-rate-limit-reset", Long.toString(clock.instant().plusSeconds(60).getEpochSecond()));
        }
        if (f.status() == 429 && platform.equals("mastodon")) {
            headers.put("x-ratelimit-limit", "300");
            headers.put("x-ratelimit-remaining", "0");
            headers.put("x-ratelimit-reset", clock.instant().plusSeconds(60).toString());
        }
        String body = platform.equals("facebook")
                ? Json.write(Map.of("error", Map.of("message", "Application request limit reached", "code", 4)))
                : Json.write(Map.of("title", f.status() == 429 ? "Too Many Requests" : "Service Unavailable"));
        return new Response(f.status(), headers, body);
    }

    private String record(String platform, String method, String path, JsonNode body, String key, int status) {
        String id = Long.toString(ids.incrementAndGet());
        calls.add(new Call(clock.instant(), platform, method, path, body, key, id, status));
        return id;
    }

    private ArrayNode notificationsSince(String sinceId) {
        ArrayNode result = Json.mapper().createArrayNode();
        List<JsonNode> newestFirst = new ArrayList<>(mastodonNotifications);
        java.util.Collections.reverse(newestFirst);
        for (JsonNode n : newestFirst) {
            if (sinceId == null || new java.math.BigInteger(n.path("id").asText("0"))
                    .compareTo(new java.math.BigInteger(sinceId)) > 0) {
                result.add(n);
            }
        }
        return result;
    }

    /** Successful posts only, oldest first, as JSON-friendly maps. */
    public List<Map<String, Object>> posts() {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (Call c : calls) {
            if (c.status() >= 300) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("at", c.at().toString());
            p.put("platform", c.platform());
            p.put("method", c.method());
            p.put("path", c.path());
            p.put("id", c.responseId());
            p.put("body", c.body());
            if (c.idempotencyKey() != null) {
                p.put("idempotencyKey", c.idempotencyKey());
            }
            posts.add(p);
        }
        return posts;
    }

    /** Every call, including refused ones. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? Json.object() : Json.parse(body);
        } catch (Exception e) {
            ObjectNode invalid = Json.object();
            invalid.put("unparseable", true);
            return invalid;
        }
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
