package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import io.careloop.platform.TextLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Threads API as careloop calls it, below {@code /sandbox/threads}:
 * <ul>
 *   <li>{@code POST /{threads-user-id}/threads} ({@code media_type=TEXT}, {@code text}, {@code reply_to_id}) creates a
 *       media container; refused: another media type, no text, text over 500 characters as Threads counts them</li>
 *   <li>{@code GET /{container-id}?fields=status}: {@code FINISHED} until published, then {@code PUBLISHED}</li>
 *   <li>{@code POST /{threads-user-id}/threads_publish} ({@code creation_id}) publishes it; refused: a container that
 *       is unknown, another profile's or already published, or a reply over the profile's 1,000 in 24 hours</li>
 *   <li>{@code GET /{threads-user-id}/replies} and {@code /threads}: the profile's published replies and posts</li>
 *   <li>{@code GET /{threads-user-id}/mentions} ({@code since}, {@code limit}, {@code after}) over the posts queued with
 *       {@code POST /sandbox/threads/mentions} (a Threads media object)</li>
 *   <li>{@code POST /{reply-id}/manage_reply} ({@code hide}: true or false); refused without a boolean {@code hide}
 *       or for one of the profile's own posts</li>
 *   <li>control: {@code POST /sandbox/threads/lost-publish-answers {"count": 1}} makes the next publishes happen but
 *       answer 500, as when Threads' answer is lost on the way</li>
 * </ul>
 * Parameters are read from the JSON body or the query string, as Graph reads either. Refusals answer Graph's error
 * object ({@code OAuthException}, code 100) and are recorded with their status.
 */
final class ThreadsSandbox extends SandboxPlatform {
    /** The brand's Threads profile in the bundled brand file. */
    static final String BRAND_ID = "27000000000000001";
    static final String BRAND_HANDLE = "acme";
    private static final int REPLIES_PER_DAY = 1_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);
    private static final Pattern USER_EDGE = Pattern.compile("/threads/([^/]+)/(threads|threads_publish|replies|mentions)");
    private static final Pattern MANAGE_REPLY = Pattern.compile("/threads/([^/]+)/manage_reply");
    private static final Pattern OBJECT = Pattern.compile("/threads/([^/]+)");

    private record Container(String owner, String text, String replyTo, String status, String mediaId) {
    }

    private record Published(String id, String owner, String text, String replyTo, Instant at) {
    }

    private final Map<String, Container> containers = new HashMap<>();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final List<JsonNode> mentions = new CopyOnWriteArrayList<>();
    /** Publishes still to be done but answered as a server error, as when Threads' answer is lost on the way. */
    private int lostPublishAnswers;

    ThreadsSandbox(SandboxState state) {
        super("threads", state);
    }

    @Override
    Response control(String method, String path, JsonNode body) {
        if (path.equals("/threads/mentions") && method.equals("POST")) {
            mentions.add(body);
            return queued();
        }
        if (path.equals("/threads/lost-publish-answers") && method.equals("POST")) {
            lostPublishAnswers = body.path("count").asInt(1);
            return Response.json(200, Map.of("armed", lostPublishAnswers));
        }
        return null;
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token, JsonNode body) {
        Matcher edge = USER_EDGE.matcher(path);
        if (edge.matches()) {
            String user = edge.group(1);
            return switch (method + " " + edge.group(2)) {
                case "POST threads" -> createContainer(user, path, query, body);
                case "POST threads_publish" -> publish(user, path, query, body);
                case "GET replies" -> own(user, true, query);
                case "GET threads" -> own(user, false, query);
                case "GET mentions" -> mentionsOf(query);
                default -> null;
            };
        }
        Matcher manage = MANAGE_REPLY.matcher(path);
        if (method.equals("POST") && manage.matches()) {
            return manageReply(manage.group(1), path, query, body);
        }
        Matcher object = OBJECT.matcher(path);
        if (method.equals("GET") && object.matches()) {
            Container c = containers.get(object.group(1));
            return c == null ? null : Response.json(200, Map.of("id", object.group(1), "status", c.status()));
        }
        return null;
    }

    private Response createContainer(String user, String path, String query, JsonNode body) {
        String mediaType = param(body, query, "media_type");
        String text = param(body, query, "text");
        if (!"TEXT".equals(mediaType)) {
            return refuse(path, body, "media_type must be TEXT, IMAGE or VIDEO; the sandbox serves TEXT");
        }
        if (text == null || text.isBlank()) {
            return refuse(path, body, "text is required for media_type=TEXT");
        }
        int length = TextLimits.length(Platform.THREADS, text);
        if (length > TextLimits.limit(Platform.THREADS)) {
            return refuse(path, body, "text is " + length + " characters as Threads counts them; the limit is 500");
        }
        String id = state.record("threads", "POST", path, body, null, 200);
        containers.put(id, new Container(user, text, param(body, query, "reply_to_id"), "FINISHED", null));
        return Response.json(200, Map.of("id", id));
    }

    private Response publish(String user, String path, String query, JsonNode body) {
        String creation = param(body, query, "creation_id");
        Container c = creation == null ? null : containers.get(creation);
        if (c == null || !c.owner().equals(user)) {
            return refuse(path, body, "creation_id " + creation + " is not a media container of this profile");
        }
        if (!c.status().equals("FINISHED")) {
            return refuse(path, body, "the media container is " + c.status() + ", not FINISHED");
        }
        Instant now = state.clock.instant();
        if (c.replyTo() != null && published.stream().filter(p -> p.owner().equals(user) && p.replyTo() != null
                && p.at().isAfter(now.minus(Duration.ofDays(1)))).count() >= REPLIES_PER_DAY) {
            state.refused("threads", "POST", path, body, 429);
            return Response.json(429, Map.of("error", Map.of("message", "The profile has published "
                    + REPLIES_PER_DAY + " replies in 24 hours", "type", "OAuthException", "code", 4)));
        }
        String mediaId = state.record("threads", "POST", path, body, null, 200);
        containers.put(creation, new Container(c.owner(), c.text(), c.replyTo(), "PUBLISHED", mediaId));
        published.add(new Published(mediaId, user, c.text(), c.replyTo(), now));
        if (lostPublishAnswers > 0) {
            lostPublishAnswers--;
            return Response.json(500, Map.of("error", Map.of("message", "An unexpected error has occurred", "type",
                    "OAuthException", "code", 2)));
        }
        return Response.json(200, Map.of("id", mediaId));
    }

    /** The profile's published replies ({@code replies}) or posts ({@code threads}), newest first. */
    private Response own(String user, boolean replies, String query) {
        Instant since = since(query);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Published p : published.reversed()) {
            if (p.owner().equals(user) && (p.replyTo() != null) == replies && (since == null || !p.at().isBefore(since))) {
                Map<String, Object> media = new LinkedHashMap<>();
                media.put("id", p.id());
                media.put("text", p.text());
                media.put("username", user.equals(BRAND_ID) ? BRAND_HANDLE : user);
                media.put("timestamp", TIME.format(p.at()));
                if (p.replyTo() != null) {
                    media.put("replied_to", Map.of("id", p.replyTo()));
                }
                data.add(media);
            }
        }
        return Response.json(200, Map.of("data", data, "paging", Map.of()));
    }

    /** The queued mentions at or after {@code since}, newest first, {@code limit} a page, the next page {@code after}. */
    private Response mentionsOf(String query) {
        Instant since = since(query);
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode m : mentions) {
            Instant at = timestamp(m);
            if (since == null || at == null || !at.isBefore(since)) {
                matching.add(m);
            }
        }
        matching.sort(Comparator.comparing((JsonNode m) -> timestamp(m), Comparator.nullsLast(Comparator.naturalOrder())).reversed());
        int limit = parseInt(SandboxState.param(query, "limit"), 25);
        int from = parseInt(SandboxState.param(query, "after"), 0);
        List<JsonNode> page = matching.subList(Math.min(from, matching.size()), Math.min(from + limit, matching.size()));
        Map<String, Object> paging = new LinkedHashMap<>();
        if (from + limit < matching.size()) {
            paging.put("cursors", Map.of("after", Integer.toString(from + limit)));
            paging.put("next", "/threads/" + BRAND_ID + "/mentions?after=" + (from + limit));
        }
        return Response.json(200, Map.of("data", page, "paging", paging));
    }

    private Response manageReply(String replyId, String path, String query, JsonNode body) {
        String hide = param(body, query, "hide");
        if (!"true".equals(hide) && !"false".equals(hide)) {
            return refuse(path, body, "hide must be true or false");
        }
        if (published.stream().anyMatch(p -> p.id().equals(replyId))) {
            return refuse(path, body, "a profile hides replies to its threads, not its own posts");
        }
        state.record("threads", "POST", path, body, null, 200);
        return Response.json(200, Map.of("success", true));
    }

    private Response refuse(String path, JsonNode body, String message) {
        state.refused("threads", "POST", path, body, 400);
        return Response.json(400, Map.of("error", Map.of("message", message, "type", "OAuthException", "code", 100)));
    }

    @Override
    String errorBody(int status) {
        return Json.write(Map.of("error", Map.of("message", status == 429 ? "Application request limit reached"
                : "An unexpected error has occurred", "type", "OAuthException", "code", status == 429 ? 4 : 2)));
    }

    /** A parameter from the JSON body, else from the query string. */
    private static String param(JsonNode body, String query, String name) {
        JsonNode v = body.path(name);
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        return SandboxState.param(query, name);
    }

    private static Instant since(String query) {
        String since = SandboxState.param(query, "since");
        return since == null ? null : Instant.ofEpochSecond(Long.parseLong(since));
    }

    private static Instant timestamp(JsonNode media) {
        String t = media.path("timestamp").asText("");
        if (t.isEmpty()) {
            return null;
        }
        return java.time.OffsetDateTime.parse(t, TIME).toInstant();
    }

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
