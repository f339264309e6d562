package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bluesky as careloop calls it: a PDS's XRPC endpoints, its proxy to the chat service, and identity lookups, each
 * answered as the real service answers ({@code {"error","message"}} on failure).
 *
 * <ul>
 *   <li>Sessions: {@code com.atproto.server.createSession} (no bearer; the password is never recorded) issues
 *       JWT-shaped tokens with an {@code exp}; {@code refreshSession} takes the refresh token and rotates it (a used
 *       one is refused); an access token past its {@code exp}, or expired by control, is answered
 *       {@code ExpiredToken}.</li>
 *   <li>Posts: {@code app.bsky.notification.listNotifications}, {@code app.bsky.feed.getPosts},
 *       {@code app.bsky.feed.getAuthorFeed}, and {@code com.atproto.repo.createRecord} of {@code app.bsky.feed.post}
 *       (checks repo, collection, 300 graphemes, reply refs, facets inside the text's bytes).</li>
 *   <li>Threadgates: {@code com.atproto.repo.getRecord} ({@code RecordNotFound}) and {@code putRecord} with
 *       compare-and-swap ({@code InvalidSwap}); a threadgate must be the brand's, keyed like its root post, with at
 *       most 300 hidden replies.</li>
 *   <li>Chat, only with the header {@code atproto-proxy: did:web:api.bsky.chat#bsky_chat} and an app password with
 *       DM access ({@code InvalidToken} "Bad token scope" otherwise): {@code getConvoAvailability},
 *       {@code getConvoForMembers} (refused with {@code NotFollowedBySender} or {@code MessagesDisabled} by a
 *       customer's chat settings), {@code sendMessage} (1,000 graphemes), {@code getLog}.</li>
 *   <li>Identity: {@code GET /sandbox/bluesky/plc/{did}} serves the DID documents registered by control.</li>
 * </ul>
 * Every write and every chat call is recorded in {@code GET /sandbox/posts} (method, path, body; a query's
 * parameters as its body). Control: {@code POST /sandbox/bluesky/notifications} queues a notification;
 * {@code /expire-session} expires the access tokens; {@code /session-lifetime {"accessSeconds"}};
 * {@code /chat-settings {"did","allowIncoming":"all|following|none"}}; {@code /app-password {"dms":false}};
 * {@code /messages {"from","handle","text"}} queues an incoming DM; {@code /identity {"did","pds"}} registers a
 * DID document; {@code /records {"collection","rkey","value"}} puts a record in the brand's repository; {@code GET /sandbox/bluesky/sessions} counts sign-ins and refreshes.
 */
final class BlueskySandbox extends SandboxPlatform {
    /** The brand's Bluesky account in the bundled brand file. */
    static final String BRAND_DID = "did:plc:acmehelp0000000000000001";
    static final String CHAT_PROXY = "did:web:api.bsky.chat#bsky_chat";
    private static final String XRPC = "/bluesky/xrpc/";
    private static final String PLC = "/bluesky/plc/";

    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> posts = new HashMap<>();
    private final Set<String> accessTokens = new HashSet<>();
    private final Set<String> refreshTokens = new HashSet<>();
    private final Map<String, JsonNode> records = new HashMap<>();
    private final Map<String, String> chatSettings = new HashMap<>();
    private final Map<String, String> convoOf = new HashMap<>();
    private final List<Map<String, Object>> chatLog = new ArrayList<>();
    private final Map<String, JsonNode> didDocuments = new HashMap<>();
    private Duration accessLifetime = Duration.ofHours(2);
    private boolean dmAccess = true;
    private int created;
    private int refreshed;
    private long serial;

    BlueskySandbox(SandboxState state) {
        super("bluesky", state);
    }

    @Override
    Response control(String method, String path, JsonNode body) {
        if (path.equals("/bluesky/notifications") && method.equals("POST")) {
            notifications.add(body);
            posts.put(body.path("uri").asText(), body);
            return queued();
        }
        if (path.equals("/bluesky/expire-session") && method.equals("POST")) {
            accessTokens.clear(); // the next call with an old token is answered ExpiredToken
            return Response.json(200, Map.of("expired", true));
        }
        if (path.equals("/bluesky/session-lifetime") && method.equals("POST")) {
            accessLifetime = Duration.ofSeconds(body.path("accessSeconds").asLong(7200));
            return Response.json(200, Map.of("accessSeconds", accessLifetime.toSeconds()));
        }
        if (path.equals("/bluesky/sessions") && method.equals("GET")) {
            return Response.json(200, Map.of("created", created, "refreshed", refreshed));
        }
        if (path.equals("/bluesky/chat-settings") && method.equals("POST")) {
            chatSettings.put(body.path("did").asText(), body.path("allowIncoming").asText("all"));
            return Response.json(200, Map.of("did", body.path("did").asText()));
        }
        if (path.equals("/bluesky/app-password") && method.equals("POST")) {
            dmAccess = body.path("dms").asBoolean(true);
            return Response.json(200, Map.of("dms", dmAccess));
        }
        if (path.equals("/bluesky/messages") && method.equals("POST")) {
            String from = body.path("from").asText();
            logMessage(convo(from), from, body.path("handle").asText(null), body.path("text").asText(""));
            return queued();
        }
        if (path.equals("/bluesky/records") && method.equals("POST")) {
            // A record the brand made elsewhere (a threadgate set in the Bluesky app), for careloop to find.
            String key = body.path("collection").asText() + "/" + body.path("rkey").asText();
            records.put(key, Json.mapper().valueToTree(Map.of("uri", "at://" + BRAND_DID + "/" + key,
                    "cid", "bafyreiseed" + (++serial), "value", body.path("value"))));
            return queued();
        }
        if (path.equals("/bluesky/identity") && method.equals("POST")) {
            didDocuments.put(body.path("did").asText(), Json.mapper().valueToTree(Map.of("id", body.path("did").asText(),
                    "alsoKnownAs", List.of("at://" + body.path("handle").asText("acme.example")),
                    "service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
                            "serviceEndpoint", body.path("pds").asText())))));
            return Response.json(200, Map.of("registered", body.path("did").asText()));
        }
        if (path.startsWith(PLC) && method.equals("GET")) {
            JsonNode doc = didDocuments.get(java.net.URLDecoder.decode(path.substring(PLC.length()), StandardCharsets.UTF_8));
            return doc == null ? Response.json(404, Map.of("message", "DID not registered")) : Response.json(200, doc);
        }
        if (path.equals(XRPC + "com.atproto.server.createSession") && method.equals("POST")) {
            return createSession(body); // the one call that carries no bearer token
        }
        return null;
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token,
                   JsonNode body) {
        return path.startsWith(XRPC) ? xrpc(method, path.substring(XRPC.length()), token, query, headers, body) : null;
    }

    private Response createSession(JsonNode request) {
        ObjectNode recorded = request.deepCopy();
        recorded.put("password", "[redacted]");
        if (request.path("identifier").asText().isEmpty() || request.path("password").asText().isEmpty()) {
            state.refused("bluesky", "POST", "/xrpc/com.atproto.server.createSession", recorded, 401);
            return Response.json(401, Map.of("error", "AuthenticationRequired", "message", "Invalid identifier or password"));
        }
        created++;
        state.record("bluesky", "POST", "/xrpc/com.atproto.server.createSession", recorded, null, 200);
        return Response.json(200, issue(request.path("identifier").asText()));
    }

    private Map<String, Object> issue(String handle) {
        long n = ++serial;
        long now = state.clock.instant().getEpochSecond();
        String access = jwt(Map.of("scope", "com.atproto.appPass", "sub", BRAND_DID, "exp", now + accessLifetime.toSeconds(), "jti", "a" + n));
        String refresh = jwt(Map.of("scope", "com.atproto.refresh", "sub", BRAND_DID, "exp", now + Duration.ofDays(90).toSeconds(), "jti", "r" + n));
        accessTokens.add(access);
        refreshTokens.add(refresh);
        return Map.of("accessJwt", access, "refreshJwt", refresh, "handle", handle, "did", BRAND_DID, "active", true);
    }

    private static String jwt(Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8)) + ".sandbox";
    }

    private boolean live(String token) {
        if (!accessTokens.contains(token)) {
            return false;
        }
        try {
            JsonNode claims = Json.parse(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return claims.path("exp").asLong() > state.clock.instant().getEpochSecond();
        } catch (Exception e) {
            return false;
        }
    }

    private Response xrpc(String method, String nsid, String token, String query, Map<String, String> headers,
                          JsonNode request) {
        if (nsid.equals("com.atproto.server.refreshSession") && method.equals("POST")) {
            if (!refreshTokens.remove(token)) {
                state.refused("bluesky", method, "/xrpc/" + nsid, Json.object(), 400);
                return Response.json(400, Map.of("error", "ExpiredToken", "message", "Token has been revoked"));
            }
            refreshed++;
            state.record("bluesky", method, "/xrpc/" + nsid, Json.object(), null, 200);
            return Response.json(200, issue("acme.example"));
        }
        if (!live(token)) {
            return Response.json(400, Map.of("error", "ExpiredToken", "message", "Token has expired"));
        }
        if (nsid.startsWith("chat.bsky.")) {
            return chat(method, nsid, query, headers, request);
        }
        if (nsid.equals("app.bsky.notification.listNotifications") && method.equals("GET")) {
            List<JsonNode> newestFirst = new ArrayList<>(notifications);
            Collections.reverse(newestFirst);
            return Response.json(200, Map.of("notifications", newestFirst, "seenAt", state.clock.instant().toString()));
        }
        if (nsid.equals("app.bsky.feed.getPosts") && method.equals("GET")) {
            return getPosts(SandboxState.param(query, "uris"));
        }
        if (nsid.equals("app.bsky.feed.getAuthorFeed") && method.equals("GET")) {
            List<Map<String, Object>> feed = new ArrayList<>();
            for (JsonNode p : posts.values()) {
                if (p.path("uri").asText().startsWith("at://" + BRAND_DID + "/")) {
                    feed.add(Map.of("post", Map.of("uri", p.path("uri").asText(), "cid", p.path("cid").asText(),
                            "author", Map.of("did", BRAND_DID), "record", p.path("record"))));
                }
            }
            return Response.json(200, Map.of("feed", feed));
        }
        if (nsid.equals("com.atproto.repo.createRecord") && method.equals("POST")) {
            return createRecord(method, nsid, request);
        }
        if (nsid.equals("com.atproto.repo.getRecord") && method.equals("GET")) {
            JsonNode record = records.get(SandboxState.param(query, "collection") + "/" + SandboxState.param(query, "rkey"));
            return record == null || !BRAND_DID.equals(SandboxState.param(query, "repo"))
                    ? Response.json(400, Map.of("error", "RecordNotFound", "message", "Could not locate record"))
                    : Response.json(200, record);
        }
        if (nsid.equals("com.atproto.repo.putRecord") && method.equals("POST")) {
            return putRecord(method, nsid, request);
        }
        return Response.json(400, Map.of("error", "MethodNotImplemented", "message", "the sandbox does not serve " + nsid));
    }

    private Response getPosts(String uri) {
        JsonNode known = posts.get(uri);
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("uri", uri);
        // A post the sandbox was not told about still exists (careloop reads its CID before replying).
        post.put("cid", known != null && known.hasNonNull("cid") ? known.path("cid").asText() : "bafy" + Integer.toHexString(uri.hashCode()));
        post.put("record", known != null ? known.path("record") : Map.of("text", "", "createdAt", state.clock.instant().toString()));
        return Response.json(200, Map.of("posts", List.of(post)));
    }

    private Response createRecord(String method, String nsid, JsonNode request) {
        JsonNode record = request.path("record");
        String text = record.path("text").asText("");
        if (!BRAND_DID.equals(request.path("repo").asText()) || !"app.bsky.feed.post".equals(request.path("collection").asText())
                || text.isEmpty() || graphemes(text) > 300 || !facetsInside(record, text)
                || (record.has("reply") && (!record.path("reply").path("root").hasNonNull("cid")
                || !record.path("reply").path("parent").hasNonNull("cid")))) {
            state.refused("bluesky", method, "/xrpc/" + nsid, request, 400);
            return Response.json(400, Map.of("error", "InvalidRequest", "message", "Invalid app.bsky.feed.post record"));
        }
        String id = state.record("bluesky", method, "/xrpc/" + nsid, request, null, 200);
        String uri = "at://" + BRAND_DID + "/app.bsky.feed.post/3l" + id;
        Map<String, Object> created = Map.of("uri", uri, "cid", "bafyrei" + id, "record", record);
        posts.put(uri, Json.mapper().valueToTree(created));
        return Response.json(200, Map.of("uri", uri, "cid", "bafyrei" + id));
    }

    /** Facet byte ranges must lie inside the UTF-8 text, start before end, as the PDS's validation requires. */
    private static boolean facetsInside(JsonNode record, String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (JsonNode f : record.path("facets")) {
            int start = f.path("index").path("byteStart").asInt(-1);
            int end = f.path("index").path("byteEnd").asInt(-1);
            if (start < 0 || end <= start || end > bytes) {
                return false;
            }
        }
        return true;
    }

    /** A threadgate write: the brand's own, keyed like its thread's root post, compare-and-swap by CID. */
    private Response putRecord(String method, String nsid, JsonNode request) {
        String collection = request.path("collection").asText();
        String rkey = request.path("rkey").asText();
        JsonNode record = request.path("record");
        String key = collection + "/" + rkey;
        JsonNode current = records.get(key);
        boolean valid = BRAND_DID.equals(request.path("repo").asText()) && "app.bsky.feed.threadgate".equals(collection)
                && ("at://" + BRAND_DID + "/app.bsky.feed.post/" + rkey).equals(record.path("post").asText())
                && record.hasNonNull("createdAt") && record.path("hiddenReplies").size() <= 300
                && (!record.has("allow") || record.path("allow").size() <= 5);
        if (!valid) {
            state.refused("bluesky", method, "/xrpc/" + nsid, request, 400);
            return Response.json(400, Map.of("error", "InvalidRequest", "message", "Invalid app.bsky.feed.threadgate record"));
        }
        if (request.has("swapRecord")) {
            JsonNode swap = request.get("swapRecord");
            boolean matches = swap.isNull() ? current == null
                    : current != null && swap.asText().equals(current.path("cid").asText());
            if (!matches) {
                state.refused("bluesky", method, "/xrpc/" + nsid, request, 400);
                return Response.json(400, Map.of("error", "InvalidSwap", "message", "Record was at " + (current == null
                        ? "null" : current.path("cid").asText())));
            }
        }
        String id = state.record("bluesky", method, "/xrpc/" + nsid, request, null, 200);
        String uri = "at://" + BRAND_DID + "/" + key;
        records.put(key, Json.mapper().valueToTree(Map.of("uri", uri, "cid", "bafyreitg" + id, "value", record)));
        return Response.json(200, Map.of("uri", uri, "cid", "bafyreitg" + id));
    }

    // ---- chat, through the PDS's service proxy ---------------------------------------------------------------

    private Response chat(String method, String nsid, String query, Map<String, String> headers, JsonNode request) {
        JsonNode recorded = method.equals("GET") ? queryAsBody(query) : request;
        if (!CHAT_PROXY.equals(headers.get("atproto-proxy"))) {
            state.refused("bluesky", method, "/xrpc/" + nsid, recorded, 400);
            return Response.json(400, Map.of("error", "InvalidRequest", "message",
                    "chat.bsky methods are served by the chat service: set atproto-proxy: " + CHAT_PROXY));
        }
        if (!dmAccess) {
            state.refused("bluesky", method, "/xrpc/" + nsid, recorded, 400);
            return Response.json(400, Map.of("error", "InvalidToken", "message", "Bad token scope"));
        }
        switch (nsid) {
            case "chat.bsky.convo.getConvoAvailability" -> {
                String member = SandboxState.param(query, "members");
                state.record("bluesky", method, "/xrpc/" + nsid, recorded, null, 200);
                boolean canChat = "all".equals(chatSettings.getOrDefault(member, "all"));
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("canChat", canChat);
                if (canChat && convoOf.containsKey(member)) {
                    answer.put("convo", convoView(member));
                }
                return Response.json(200, answer);
            }
            case "chat.bsky.convo.getConvoForMembers" -> {
                String member = SandboxState.param(query, "members");
                String setting = chatSettings.getOrDefault(member, "all");
                if (!"all".equals(setting)) {
                    state.refused("bluesky", method, "/xrpc/" + nsid, recorded, 400);
                    return Response.json(400, Map.of("error", "none".equals(setting) ? "MessagesDisabled" : "NotFollowedBySender",
                            "message", "recipient does not accept messages from the brand"));
                }
                state.record("bluesky", method, "/xrpc/" + nsid, recorded, null, 200);
                convo(member);
                return Response.json(200, Map.of("convo", convoView(member)));
            }
            case "chat.bsky.convo.sendMessage" -> {
                String convoId = request.path("convoId").asText();
                String text = request.path("message").path("text").asText("");
                String member = convoOf.entrySet().stream().filter(e -> e.getValue().equals(convoId)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                if (member == null || text.isEmpty() || graphemes(text) > 1000 || !facetsInside(request.path("message"), text)) {
                    state.refused("bluesky", method, "/xrpc/" + nsid, request, 400);
                    return Response.json(400, Map.of("error", member == null ? "InvalidConvo" : "InvalidRequest",
                            "message", "invalid message"));
                }
                state.record("bluesky", method, "/xrpc/" + nsid, request, null, 200);
                return Response.json(200, logMessage(convoId, BRAND_DID, null, text));
            }
            case "chat.bsky.convo.getLog" -> {
                String cursor = SandboxState.param(query, "cursor");
                state.record("bluesky", method, "/xrpc/" + nsid, recorded, null, 200);
                String latest = chatLog.isEmpty() ? "0000" : (String) chatLog.get(chatLog.size() - 1).get("rev");
                if (cursor == null) {
                    return Response.json(200, Map.of("logs", List.of(), "cursor", latest));
                }
                List<Map<String, Object>> after = chatLog.stream().filter(l -> ((String) l.get("rev")).compareTo(cursor) > 0).toList();
                return Response.json(200, Map.of("logs", after, "cursor", latest));
            }
            default -> {
                return Response.json(400, Map.of("error", "MethodNotImplemented", "message", "the sandbox does not serve " + nsid));
            }
        }
    }

    private String convo(String member) {
        return convoOf.computeIfAbsent(member, m -> "convo" + (convoOf.size() + 1));
    }

    private Map<String, Object> convoView(String member) {
        return Map.of("id", convoOf.get(member), "rev", rev(), "members", List.of(
                Map.of("did", BRAND_DID, "handle", "acme.example"), Map.of("did", member, "handle", "handle.invalid")),
                "muted", false, "unreadCount", 0);
    }

    /** A message in a conversation: appended to the chat log, answered as a messageView. */
    private Map<String, Object> logMessage(String convoId, String sender, String handle, String text) {
        String rev = rev();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("$type", "chat.bsky.convo.defs#messageView");
        message.put("id", "msg" + rev);
        message.put("rev", rev);
        message.put("text", text);
        message.put("sender", Map.of("did", sender));
        message.put("sentAt", state.clock.instant().toString());
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$type", "chat.bsky.convo.defs#logCreateMessage");
        log.put("rev", rev);
        log.put("convoId", convoId);
        log.put("message", message);
        if (handle != null) {
            log.put("relatedProfiles", List.of(Map.of("did", sender, "handle", handle)));
        }
        chatLog.add(log);
        return message;
    }

    private String rev() {
        return String.format("%016d", ++serial);
    }

    private static JsonNode queryAsBody(String query) {
        ObjectNode body = Json.object();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    body.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return body;
    }

    private static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
