package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Call;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Mastodon API as careloop calls it: {@code POST /sandbox/mastodon/api/v1/statuses} (honours Idempotency-Key;
 * 300 status creations per 3-hour window per account, as Mastodon's {@code RateLimiter} counts them, then 429 with
 * its {@code X-RateLimit-*} headers), {@code GET /sandbox/mastodon/api/v1/notifications} over the notifications
 * queued with {@code POST /sandbox/mastodon/notifications} (one queued with {@code "filtered": true} stands for a
 * notification the account's policy filtered: served only to {@code include_filtered=true}, as Mastodon 4.3 does),
 * and a status's thread, to settle an interrupted attempt: {@code GET /sandbox/mastodon/api/v1/statuses/{id}/context}.
 */
final class MastodonSandbox extends SandboxPlatform {
    /** The brand's Mastodon account in the bundled brand file. */
    static final String BRAND_ID = "109000000000000001";
    private static final Pattern CONTEXT = Pattern.compile("/mastodon/api/v1/statuses/([^/]+)/context");
    /** Mastodon's {@code statuses} rate-limit family: 300 per 3 hours, in windows aligned to the epoch. */
    static final int STATUSES_PER_WINDOW = 300;
    static final long STATUS_WINDOW_SECONDS = 3 * 3600;

    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private final Map<String, String> idempotency = new HashMap<>();
    private final Map<Long, Integer> statusesInWindow = new HashMap<>();

    MastodonSandbox(SandboxState state) {
        super("mastodon", state);
    }

    @Override
    Response control(String method, String path, JsonNode body) {
        if (path.equals("/mastodon/notifications") && method.equals("POST")) {
            notifications.add(body);
            return queued();
        }
        return null;
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token,
                   JsonNode body) {
        if (method.equals("GET") && path.equals("/mastodon/api/v1/notifications")) {
            return Response.json(200, notificationsSince(SandboxState.param(query, "since_id"),
                    "true".equals(SandboxState.param(query, "include_filtered"))));
        }
        if (method.equals("POST") && path.equals("/mastodon/api/v1/statuses")) {
            String key = headers.get("idempotency-key");
            String id = key == null ? null : idempotency.get(key);
            if (id == null) {
                long window = state.clock.instant().getEpochSecond() / STATUS_WINDOW_SECONDS;
                int used = statusesInWindow.getOrDefault(window, 0);
                if (used >= STATUSES_PER_WINDOW) {
                    state.refused("mastodon", method, path, body, 429);
                    Map<String, String> limited = new LinkedHashMap<>(rateLimitHeaders(
                            Instant.ofEpochSecond((window + 1) * STATUS_WINDOW_SECONDS)));
                    limited.put("content-type", "application/json");
                    return new Response(429, limited, Json.write(Map.of("error", "Too many requests")));
                }
                statusesInWindow.put(window, used + 1);
                id = state.record("mastodon", method, path, body, key, 200);
                if (key != null) {
                    idempotency.put(key, id);
                }
            }
            return Response.json(200, Map.of("id", id, "content", "<p>" + body.path("status").asText() + "</p>",
                    "visibility", body.path("visibility").asText("public"),
                    "in_reply_to_id", body.path("in_reply_to_id").asText(""),
                    "created_at", state.clock.instant().toString()));
        }
        Matcher context = CONTEXT.matcher(path);
        if (method.equals("GET") && context.matches()) {
            return context(context.group(1));
        }
        return null;
    }

    @Override
    Map<String, String> rateLimitHeaders(Instant reset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit", "300");
        headers.put("x-ratelimit-remaining", "0");
        headers.put("x-ratelimit-reset", reset.toString());
        return headers;
    }

    /** A status's thread: the statuses posted through the sandbox in reply to it, as the brand's account. */
    private Response context(String statusId) {
        List<Map<String, Object>> descendants = new ArrayList<>();
        for (Call c : state.calls()) {
            if (c.platform().equals("mastodon") && c.path().equals("/mastodon/api/v1/statuses") && c.status() < 300
                    && statusId.equals(c.body().path("in_reply_to_id").asText())) {
                descendants.add(Map.of("id", c.responseId(), "in_reply_to_id", statusId,
                        "content", "<p>" + c.body().path("status").asText() + "</p>",
                        "visibility", c.body().path("visibility").asText("public"),
                        "account", Map.of("id", BRAND_ID, "acct", "acme")));
            }
        }
        return Response.json(200, Map.of("ancestors", List.of(), "descendants", descendants));
    }

    private ArrayNode notificationsSince(String sinceId, boolean includeFiltered) {
        ArrayNode result = Json.mapper().createArrayNode();
        List<JsonNode> newestFirst = new ArrayList<>(notifications);
        Collections.reverse(newestFirst);
        for (JsonNode n : newestFirst) {
            boolean filtered = n.path("filtered").asBoolean(false);
            if ((sinceId == null || new BigInteger(n.path("id").asText("0")).compareTo(new BigInteger(sinceId)) > 0)
                    && (!filtered || includeFiltered)) {
                com.fasterxml.jackson.databind.node.ObjectNode served = n.deepCopy();
                served.remove("filtered"); // the sandbox's marker, not part of Mastodon's Notification entity
                result.add(served);
            }
        }
        return result;
    }
}
