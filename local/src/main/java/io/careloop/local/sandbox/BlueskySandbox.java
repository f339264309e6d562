package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bluesky's XRPC endpoints as careloop calls them, answered as a PDS answers ({@code {"error","message"}} on
 * failure): {@code com.atproto.server.createSession}, {@code app.bsky.notification.listNotifications},
 * {@code app.bsky.feed.getPosts}, the brand's own feed to settle an interrupted attempt
 * ({@code app.bsky.feed.getAuthorFeed}), and {@code com.atproto.repo.createRecord} (checks repo, collection, the
 * 300-grapheme limit and reply refs). An expired token is answered {@code ExpiredToken}.
 * Control: {@code POST /sandbox/bluesky/notifications} queues a notification;
 * {@code POST /sandbox/bluesky/expire-session} expires the session.
 */
final class BlueskySandbox extends SandboxPlatform {
    /** The brand's Bluesky account in the bundled brand file. */
    static final String BRAND_DID = "did:plc:acmehelp0000000000000001";
    private static final String XRPC = "/bluesky/xrpc/";

    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> posts = new HashMap<>();
    private final Set<String> tokens = new HashSet<>();
    private int sessions;

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
            tokens.clear(); // the next call with an old token is answered ExpiredToken
            return Response.json(200, Map.of("expired", true));
        }
        return null;
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token,
                   JsonNode body) {
        return path.startsWith(XRPC) ? xrpc(method, path.substring(XRPC.length()), token, query, body) : null;
    }

    private Response xrpc(String method, String nsid, String token, String query, JsonNode request) {
        if (nsid.equals("com.atproto.server.createSession") && method.equals("POST")) {
            if (request.path("identifier").asText().isEmpty() || request.path("password").asText().isEmpty()) {
                return Response.json(401, Map.of("error", "AuthenticationRequired", "message", "Invalid identifier or password"));
            }
            String issued = "sandbox-access-" + (++sessions);
            tokens.add(issued);
            return Response.json(200, Map.of("accessJwt", issued, "refreshJwt", "sandbox-refresh-" + sessions,
                    "handle", request.path("identifier").asText(), "did", BRAND_DID, "active", true));
        }
        if (!tokens.contains(token)) {
            return Response.json(400, Map.of("error", "ExpiredToken", "message", "Token has expired"));
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
                || text.isEmpty() || text.codePoints().count() > 300
                || (record.has("reply") && (!record.path("reply").path("root").hasNonNull("cid")
                || !record.path("reply").path("parent").hasNonNull("cid")))) {
            return Response.json(400, Map.of("error", "InvalidRequest", "message", "Invalid app.bsky.feed.post record"));
        }
        String id = state.record("bluesky", method, "/xrpc/" + nsid, request, null, 200);
        String uri = "at://" + BRAND_DID + "/app.bsky.feed.post/3l" + id;
        Map<String, Object> created = Map.of("uri", uri, "cid", "bafyrei" + id, "record", record);
        posts.put(uri, Json.mapper().valueToTree(created));
        return Response.json(200, Map.of("uri", uri, "cid", "bafyrei" + id));
    }
}
