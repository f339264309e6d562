package io.careloop.local.sandbox;

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
 *   <li>Own posts, to settle an interrupted attempt: {@code GET /sandbox/x/2/users/{id}/tweets},
 *       {@code GET /sandbox/mastodon/api/v1/statuses/{id}/context}, Bluesky {@code app.bsky.feed.getAuthorFeed}</li>
 *   <li>X reads: {@code GET /sandbox/x/2/users/{id}/mentions}, {@code GET /sandbox/x/2/tweets/search/recent}
 *       (v2 shape with {@code includes.users} and {@code meta.newest_id}; {@code since_id} honoured)</li>
 *   <li>Bluesky (XRPC): {@code com.atproto.server.createSession}, {@code app.bsky.notification.listNotifications},
 *       {@code app.bsky.feed.getPosts}, {@code com.atproto.repo.createRecord} (checks repo, collection, the
 *       300-grapheme limit and reply refs; an expired token is answered {@code ExpiredToken})</li>
 * </ul>
 * Control: {@code POST /sandbox/mastodon/notifications} queues a notification for polling;
 * {@code POST /sandbox/bluesky/notifications} a Bluesky notification; {@code POST /sandbox/tokens
 * {"platform":"x","accept":["token"]}} makes a platform refuse (401) every other token; {@code POST /sandbox/x/incoming} a post
 * for the X reads ({@code id, text, author_id, username}); {@code POST /sandbox/bluesky/expire-session} expires
 * the Bluesky session;
 * {@code POST /sandbox/faults {"platform":"x","status":429,"count":1}} makes the next calls fail
 * (a 429 carries the platform's rate-limit headers, reset {@code "resetSeconds"} from now, default 60;
 * {@code "delayMillis": 11000} instead serves the calls but answers after the delay, as a platform that times out);
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

    /** One request to a platform endpoint, as received (reads included). */
    public record Request(String method, String path, String query) {
    }

    private record Fault(int status, int remaining, long delayMillis, long resetSeconds) {
    }

    private static final Pattern X_DM = Pattern.compile("/x/2/dm_conversations/with/([^/]+)/messages");
    private static final Pattern GRAPH = Pattern.compile("/facebook/([^/]+)/(comments|replies|messages|feed)");
    private static final Pattern X_HIDE = Pattern.compile("/x/2/tweets/([^/]+)/hidden");
    private static final Pattern GRAPH_OBJECT = Pattern.compile("/facebook/([^/]+)");
    private static final Pattern X_MENTIONS = Pattern.compile("/x/2/users/([^/]+)/mentions");
    private static final Pattern X_OWN_TWEETS = Pattern.compile("/x/2/users/([^/]+)/tweets");
    private static final Pattern MASTODON_CONTEXT = Pattern.compile("/mastodon/api/v1/statuses/([^/]+)/context");
    /** The brand's Mastodon account in the bundled brand file. */
    static final String MASTODON_BRAND_ID = "109000000000000001";
    /** The brand's Bluesky account in the bundled brand file. */
    static final String BLUESKY_BRAND_DID = "did:plc:acmehelp0000000000000001";

    private final Clock clock;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> mastodonNotifications = new CopyOnWriteArrayList<>();
    private final Map<String, String> mastodonIdempotency = new HashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    private final List<JsonNode> blueskyNotifications = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> blueskyPosts = new HashMap<>();
    private final List<JsonNode> xIncoming = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.Set<String>> acceptedTokens = new HashMap<>();
    private final java.util.Set<String> blueskyTokens = new java.util.HashSet<>();
    private int blueskySessions;
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
                    f.path("delayMillis").asLong(0), f.path("resetSeconds").asLong(60)));
            return Response.json(200, Map.of("armed", f));
        }
        if (path.equals("/bluesky/notifications") && method.equals("POST")) {
            JsonNode n = parse(body);
            blueskyNotifications.add(n);
            blueskyPosts.put(n.path("uri").asText(), n);
            return Response.json(202, Map.of("queued", true));
        }
        if (path.equals("/bluesky/expire-session") && method.equals("POST")) {
            blueskyTokens.clear(); // the next call with an old token is answered ExpiredToken
            return Response.json(200, Map.of("expired", true));
        }
        if (path.equals("/tokens") && method.equals("POST")) {
            JsonNode t = parse(body);
            java.util.Set<String> accepted = new java.util.HashSet<>();
            t.path("accept").forEach(v -> accepted.add(v.asText()));
            acceptedTokens.put(t.path("platform").asText(), accepted);
            return Response.json(200, Map.of("accepting", accepted.size()));
        }
        if (path.equals("/x/incoming") && method.equals("POST")) {
            xIncoming.add(parse(body));
            return Response.json(202, Map.of("queued", true));
        }
        if (path.equals("/mastodon/notifications") && method.equals("POST")) {
            mastodonNotifications.add(parse(body));
            return Response.json(202, Map.of("queued", true));
        }
        String platform = path.split("/").length > 1 ? path.split("/")[1] : "";
        requests.add(new Request(method, path, query));
        String auth = headers.getOrDefault("authorization", "");
        if (!auth.startsWith("Bearer ") || auth.length() <= "Bearer ".length()) {
            return Response.json(401, Map.of("title", "Unauthorized", "detail", "a bearer token is required"));
        }
        java.util.Set<String> accepted = acceptedTokens.get(platform);
        if (accepted != null && !accepted.contains(auth.substring("Bearer ".length()))) {
            calls.add(new Call(clock.instant(), platform, method, path, parse(body), null, null, 401));
            return Response.json(401, Map.of("title", "Unauthorized", "type", "about:blank", "status", 401,
                    "detail", "Unauthorized"));
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
        if (path.startsWith("/bluesky/xrpc/")) {
            return bluesky(method, path.substring("/bluesky/xrpc/".length()), auth.substring(7), query, parse(body));
        }
        if (method.equals("GET") && X_OWN_TWEETS.matcher(path).matches()) {
            return xOwnTweets();
        }
        Matcher context = MASTODON_CONTEXT.matcher(path);
        if (method.equals("GET") && context.matches()) {
            return mastodonContext(context.group(1));
        }
        Matcher mentions = X_MENTIONS.matcher(path);
        if (method.equals("GET") && (mentions.matches() || path.equals("/x/2/tweets/search/recent"))) {
            return xRead(mentions.matches(), query);
        }
        return Response.json(404, Map.of("error", "the sandbox does not serve " + method + " " + path));
    }

    /** The AT Protocol calls careloop makes, as a PDS answers them ({@code {"error","message"}} on failure). */
    private Response bluesky(String method, String nsid, String token, String query, JsonNode request) {
        if (nsid.equals("com.atproto.server.createSession") && method.equals("POST")) {
            if (request.path("identifier").asText().isEmpty() || request.path("password").asText().isEmpty()) {
                return Response.json(401, Map.of("error", "AuthenticationRequired", "message", "Invalid identifier or password"));
            }
            String issued = "sandbox-access-" + (++blueskySessions);
            blueskyTokens.add(issued);
            return Response.json(200, Map.of("accessJwt", issued, "refreshJwt", "sandbox-refresh-" + blueskySessions,
                    "handle", request.path("identifier").asText(), "did", BLUESKY_BRAND_DID, "active", true));
        }
        if (!blueskyTokens.contains(token)) {
            return Response.json(400, Map.of("error", "ExpiredToken", "message", "Token has expired"));
        }
        if (nsid.equals("app.bsky.notification.listNotifications") && method.equals("GET")) {
            List<JsonNode> newestFirst = new ArrayList<>(blueskyNotifications);
            java.util.Collections.reverse(newestFirst);
            return Response.json(200, Map.of("notifications", newestFirst, "seenAt", clock.instant().toString()));
        }
        if (nsid.equals("app.bsky.feed.getPosts") && method.equals("GET")) {
            String uri = param(query, "uris");
            JsonNode known = blueskyPosts.get(uri);
            Map<String, Object> post = new LinkedHashMap<>();
            post.put("uri", uri);
            // A post the sandbox was not told about still exists (careloop reads its CID before replying).
            post.put("cid", known != null && known.hasNonNull("cid") ? known.path("cid").asText() : "bafy" + Integer.toHexString(uri.hashCode()));
            post.put("record", known != null ? known.path("record") : Map.of("text", "", "createdAt", clock.instant().toString()));
            return Response.json(200, Map.of("posts", List.of(post)));
        }
        if (nsid.equals("app.bsky.feed.getAuthorFeed") && method.equals("GET")) {
            List<Map<String, Object>> feed = new ArrayList<>();
            for (JsonNode p : blueskyPosts.values()) {
                if (p.path("uri").asText().startsWith("at://" + BLUESKY_BRAND_DID + "/")) {
                    feed.add(Map.of("post", Map.of("uri", p.path("uri").asText(), "cid", p.path("cid").asText(),
                            "author", Map.of("did", BLUESKY_BRAND_DID), "record", p.path("record"))));
                }
            }
            return Response.json(200, Map.of("feed", feed));
        }
        if (nsid.equals("com.atproto.repo.createRecord") && method.equals("POST")) {
            JsonNode record = request.path("record");
            String text = record.path("text").asText("");
            if (!BLUESKY_BRAND_DID.equals(request.path("repo").asText()) || !"app.bsky.feed.post".equals(request.path("collection").asText())
                    || text.isEmpty() || text.codePoints().count() > 300
                    || (record.has("reply") && (!record.path("reply").path("root").hasNonNull("cid")
                    || !record.path("reply").path("parent").hasNonNull("cid")))) {
                return Response.json(400, Map.of("error", "InvalidRequest", "message", "Invalid app.bsky.feed.post record"));
            }
            String id = record("bluesky", method, "/xrpc/" + nsid, request, null, 200);
            String uri = "at://" + BLUESKY_BRAND_DID + "/app.bsky.feed.post/3l" + id;
            Map<String, Object> created = Map.of("uri", uri, "cid", "bafyrei" + id, "record", record);
            blueskyPosts.put(uri, Json.mapper().valueToTree(created));
            return Response.json(200, Map.of("uri", uri, "cid", "bafyrei" + id));
        }
        return Response.json(400, Map.of("error", "MethodNotImplemented", "message", "the sandbox does not serve " + nsid));
    }

    /** The brand's own timeline: the tweets posted through the sandbox, newest first, in the v2 shape. */
    private Response xOwnTweets() {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Call c : calls) {
            if (c.platform().equals("x") && c.path().equals("/x/2/tweets") && c.status() < 300) {
                Map<String, Object> tweet = new LinkedHashMap<>();
                tweet.put("id", c.responseId());
                tweet.put("text", c.body().path("text").asText());
                tweet.put("created_at", c.at().toString());
                String repliedTo = c.body().path("reply").path("in_reply_to_tweet_id").asText(null);
                if (repliedTo != null) {
                    tweet.put("referenced_tweets", List.of(Map.of("type", "replied_to", "id", repliedTo)));
                }
                data.add(0, tweet);
            }
        }
        return Response.json(200, Map.of("data", data, "meta", Map.of("result_count", data.size())));
    }

    /** A status's thread: the statuses posted through the sandbox in reply to it, as the brand's account. */
    private Response mastodonContext(String statusId) {
        List<Map<String, Object>> descendants = new ArrayList<>();
        for (Call c : calls) {
            if (c.platform().equals("mastodon") && c.path().equals("/mastodon/api/v1/statuses") && c.status() < 300
                    && statusId.equals(c.body().path("in_reply_to_id").asText())) {
                descendants.add(Map.of("id", c.responseId(), "in_reply_to_id", statusId,
                        "content", "<p>" + c.body().path("status").asText() + "</p>",
                        "visibility", c.body().path("visibility").asText("public"),
                        "account", Map.of("id", MASTODON_BRAND_ID, "acct", "acme")));
            }
        }
        return Response.json(200, Map.of("ancestors", List.of(), "descendants", descendants));
    }

    /** X API v2 mentions timeline and recent search over the posts queued with {@code POST /sandbox/x/incoming}. */
    private Response xRead(boolean mentionsTimeline, String query) {
        String sinceId = param(query, "since_id");
        String search = mentionsTimeline ? null : param(query, "query");
        List<String> terms = new ArrayList<>();
        if (search != null) {
            java.util.regex.Matcher group = Pattern.compile("\\(([^)]*)\\)").matcher(search);
            if (group.find()) {
                for (String t : group.group(1).split(" OR ")) {
                    terms.add(t.replace("\"", "").toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        List<JsonNode> data = new ArrayList<>();
        Map<String, JsonNode> users = new LinkedHashMap<>();
        for (JsonNode p : xIncoming) {
            String id = p.path("id").asText();
            if (sinceId != null && new java.math.BigInteger(id).compareTo(new java.math.BigInteger(sinceId)) <= 0) {
                continue;
            }
            String text = p.path("text").asText().toLowerCase(java.util.Locale.ROOT);
            // Search matches whole words, as X does: "acme" finds "acme" and "#acme" but not "@AcmeHelp".
            boolean matches = mentionsTimeline ? text.contains("@acmehelp") : terms.stream().anyMatch(t ->
                    Pattern.compile("(^|[^\\w@#])" + Pattern.quote(t) + "\\b").matcher(text).find());
            if (!matches) {
                continue;
            }
            ObjectNode tweet = Json.object();
            tweet.put("id", id);
            tweet.put("text", p.path("text").asText());
            tweet.put("author_id", p.path("author_id").asText());
            tweet.put("created_at", clock.instant().toString());
            tweet.put("conversation_id", p.path("conversation_id").asText(id));
            data.add(tweet);
            ObjectNode user = Json.object();
            user.put("id", p.path("author_id").asText());
            user.put("username", p.path("username").asText());
            user.put("name", p.path("name").asText(p.path("username").asText()));
            user.putObject("public_metrics").put("followers_count", p.path("followers").asLong(10));
            users.put(user.path("id").asText(), user);
        }
        java.util.Collections.reverse(data); // newest first, as X answers
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("result_count", data.size());
        if (!data.isEmpty()) {
            meta.put("newest_id", data.get(0).path("id").asText());
            meta.put("oldest_id", data.get(data.size() - 1).path("id").asText());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!data.isEmpty()) {
            answer.put("data", data);
            answer.put("includes", Map.of("users", List.copyOf(users.values())));
        }
        answer.put("meta", meta);
        return Response.json(200, answer);
    }

    private Response fault(String platform) {
        Fault f = faults.get(platform);
        if (f == null || f.remaining() <= 0) {
            return null;
        }
        faults.put(platform, new Fault(f.status(), f.remaining() - 1, f.delayMillis(), f.resetSeconds()));
        if (f.delayMillis() > 0) {
            pendingDelayMillis = f.delayMillis();
            return null; // served as usual, answered late
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (f.status() == 429 && platform.equals("x")) {
            headers.put("x-rate-limit-limit", "100");
            headers.put("x-rate-limit-remaining", "0");
            headers.put("x-rate-limit-reset", Long.toString(clock.instant().plusSeconds(f.resetSeconds()).getEpochSecond()));
        }
        if (f.status() == 429 && platform.equals("mastodon")) {
            headers.put("x-ratelimit-limit", "300");
            headers.put("x-ratelimit-remaining", "0");
            headers.put("x-ratelimit-reset", clock.instant().plusSeconds(f.resetSeconds()).toString());
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

    /** Every request to a platform endpoint, reads included, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
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
