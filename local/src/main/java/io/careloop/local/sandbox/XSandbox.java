package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Call;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X API v2 as careloop calls it.
 *
 * <ul>
 *   <li>{@code POST /sandbox/x/2/tweets}, {@code POST /sandbox/x/2/dm_conversations/with/{id}/messages}</li>
 *   <li>moderation: {@code PUT /sandbox/x/2/tweets/{id}/hidden}</li>
 *   <li>the brand's own posts, to settle an interrupted attempt: {@code GET /sandbox/x/2/users/{id}/tweets}</li>
 *   <li>reads: {@code GET /sandbox/x/2/users/{id}/mentions}, {@code GET /sandbox/x/2/tweets/search/recent}
 *       (v2 shape with {@code includes.users} and {@code meta.newest_id}; {@code since_id} honoured) over the
 *       posts queued with {@code POST /sandbox/x/incoming}: {@code {id, text, author_id, username}}, optionally
 *       {@code in_reply_to_user_id}, {@code quoted_user_id} and {@code quoted_id} (served as {@code referenced_tweets} with
 *       the quoted post in {@code includes.tweets}), or an X Activity API delivery
 *       ({@code {"data": {"event_type", "payload": v2 Post, "includes": {"users"}}}})</li>
 *   <li>X's reply rule for pay-per-use apps: a reply to a queued post whose author did not summon the brand (no
 *       @AcmeHelp in it, no reply to or quote of the brand's post) is refused with X's 403; posts the sandbox was not
 *       told about are not judged. {@code POST /sandbox/x/tier {"tier": "enterprise"}} lifts the rule,
 *       {@code "pay-per-use"} (the default) restores it.</li>
 * </ul>
 */
final class XSandbox extends SandboxPlatform {
    private static final Pattern DM = Pattern.compile("/x/2/dm_conversations/with/([^/]+)/messages");
    private static final Pattern HIDE = Pattern.compile("/x/2/tweets/([^/]+)/hidden");
    private static final Pattern MENTIONS = Pattern.compile("/x/2/users/([^/]+)/mentions");
    private static final Pattern OWN_TWEETS = Pattern.compile("/x/2/users/([^/]+)/tweets");
    private static final Pattern SEARCH_GROUP = Pattern.compile("\\(([^)]*)\\)");

    /** The brand's account on X, as the default brand file names it. */
    private static final String BRAND_ID = "1000000001";
    private static final String BRAND_HANDLE = "@acmehelp";
    /** X's answer to a pay-per-use app's reply to a post that did not summon it, as X words it. */
    static final String REPLY_NOT_ALLOWED = "Reply to this conversation is not allowed because you have not been mentioned "
            + "or otherwise engaged by the author of the post you are replying to.";

    private final List<JsonNode> incoming = new CopyOnWriteArrayList<>();
    private volatile boolean payPerUse = true;

    XSandbox(SandboxState state) {
        super("x", state);
    }

    @Override
    Response control(String method, String path, JsonNode body) {
        if (path.equals("/x/incoming") && method.equals("POST")) {
            incoming.add(body.path("data").has("event_type") ? fromActivityEvent(body.path("data")) : body);
            return queued();
        }
        if (path.equals("/x/tier") && method.equals("POST")) {
            String tier = body.path("tier").asText("");
            if (!tier.equals("pay-per-use") && !tier.equals("enterprise")) {
                return Response.json(400, Map.of("error", "tier must be pay-per-use or enterprise"));
            }
            payPerUse = tier.equals("pay-per-use");
            return Response.json(200, Map.of("tier", tier));
        }
        return null;
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token,
                   JsonNode body) {
        if (method.equals("POST") && path.equals("/x/2/tweets")) {
            if (!body.hasNonNull("text")) {
                return Response.json(400, Map.of("title", "Invalid Request", "detail", "text is required"));
            }
            String repliesTo = body.path("reply").path("in_reply_to_tweet_id").asText(null);
            if (payPerUse && repliesTo != null && !summoned(repliesTo)) {
                state.refused("x", method, path, body, 403);
                return Response.json(403, Map.of("title", "Forbidden", "type", "about:blank", "status", 403,
                        "detail", REPLY_NOT_ALLOWED));
            }
            String id = state.record("x", method, path, body, null, 201);
            return Response.json(201, Map.of("data", Map.of("id", id, "text", body.path("text").asText(),
                    "edit_history_tweet_ids", List.of(id))));
        }
        Matcher dm = DM.matcher(path);
        if (method.equals("POST") && dm.matches()) {
            String id = state.record("x", method, path, body, null, 201);
            return Response.json(201, Map.of("data", Map.of("dm_conversation_id", "1000000001-" + dm.group(1),
                    "dm_event_id", id)));
        }
        if (method.equals("PUT") && HIDE.matcher(path).matches()) {
            state.record("x", method, path, body, null, 200);
            return Response.json(200, Map.of("data", Map.of("hidden", body.path("hidden").asBoolean(false))));
        }
        if (method.equals("GET") && OWN_TWEETS.matcher(path).matches()) {
            return ownTweets();
        }
        boolean mentions = MENTIONS.matcher(path).matches();
        if (method.equals("GET") && (mentions || path.equals("/x/2/tweets/search/recent"))) {
            return read(mentions, query);
        }
        return null;
    }

    @Override
    Map<String, String> rateLimitHeaders(Instant reset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-rate-limit-limit", "100");
        headers.put("x-rate-limit-remaining", "0");
        headers.put("x-rate-limit-reset", Long.toString(reset.getEpochSecond()));
        return headers;
    }

    /**
     * Whether the queued post {@code postId} summoned the brand: an @mention of it, a reply to it, or a quote of its
     * post. A post the sandbox was not told about is given the benefit of the doubt.
     */
    private boolean summoned(String postId) {
        for (JsonNode p : incoming) {
            if (p.path("id").asText().equals(postId)) {
                return p.path("text").asText().toLowerCase(Locale.ROOT).contains(BRAND_HANDLE)
                        || BRAND_ID.equals(p.path("in_reply_to_user_id").asText())
                        || BRAND_ID.equals(p.path("quoted_user_id").asText());
            }
        }
        return true;
    }

    /** An X Activity API event's Post, as the sandbox keeps incoming posts. */
    private static JsonNode fromActivityEvent(JsonNode data) {
        JsonNode post = data.path("payload");
        ObjectNode kept = Json.object();
        kept.put("id", post.path("id").asText());
        kept.put("text", post.path("note_tweet").path("text").asText(post.path("text").asText()));
        kept.put("author_id", post.path("author_id").asText());
        kept.put("conversation_id", post.path("conversation_id").asText(post.path("id").asText()));
        if (post.has("in_reply_to_user_id")) {
            kept.put("in_reply_to_user_id", post.path("in_reply_to_user_id").asText());
        }
        if ("post.quote.create".equals(data.path("event_type").asText())) {
            kept.put("quoted_user_id", data.path("filter").path("user_id").asText(BRAND_ID));
            for (JsonNode ref : post.path("referenced_tweets")) {
                if ("quoted".equals(ref.path("type").asText())) {
                    kept.put("quoted_id", ref.path("id").asText());
                }
            }
        }
        for (JsonNode u : data.path("includes").path("users")) {
            JsonNode user = u.has("data") ? u.path("data") : u;
            if (user.path("id").asText().equals(post.path("author_id").asText())) {
                kept.put("username", user.path("username").asText());
                kept.put("name", user.path("name").asText(user.path("username").asText()));
                kept.put("followers", user.path("public_metrics").path("followers_count").asLong(10));
            }
        }
        return kept;
    }

    /** The brand's own timeline: the tweets posted through the sandbox, newest first, in the v2 shape. */
    private Response ownTweets() {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Call c : state.calls()) {
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

    /** The mentions timeline and recent search over the posts queued with {@code POST /sandbox/x/incoming}. */
    private Response read(boolean mentionsTimeline, String query) {
        String sinceId = SandboxState.param(query, "since_id");
        String search = mentionsTimeline ? null : SandboxState.param(query, "query");
        List<String> terms = new ArrayList<>();
        if (search != null) {
            Matcher group = SEARCH_GROUP.matcher(search);
            if (group.find()) {
                for (String t : group.group(1).split(" OR ")) {
                    terms.add(t.replace("\"", "").toLowerCase(Locale.ROOT));
                }
            }
        }
        List<JsonNode> data = new ArrayList<>();
        Map<String, JsonNode> users = new LinkedHashMap<>();
        Map<String, JsonNode> quotedPosts = new LinkedHashMap<>();
        for (JsonNode p : incoming) {
            String id = p.path("id").asText();
            if (sinceId != null && new BigInteger(id).compareTo(new BigInteger(sinceId)) <= 0) {
                continue;
            }
            String text = p.path("text").asText().toLowerCase(Locale.ROOT);
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
            tweet.put("created_at", state.clock.instant().toString());
            tweet.put("conversation_id", p.path("conversation_id").asText(id));
            if (p.hasNonNull("quoted_user_id")) {
                // A quote: the quoted post, with its author, among includes.tweets (expansion referenced_tweets.id.author_id).
                String quotedId = p.path("quoted_id").asText("1860000000000000900");
                tweet.putArray("referenced_tweets").addObject().put("type", "quoted").put("id", quotedId);
                ObjectNode quoted = Json.object();
                quoted.put("id", quotedId);
                quoted.put("author_id", p.path("quoted_user_id").asText());
                quotedPosts.put(quotedId, quoted);
            }
            data.add(tweet);
            ObjectNode user = Json.object();
            user.put("id", p.path("author_id").asText());
            user.put("username", p.path("username").asText());
            user.put("name", p.path("name").asText(p.path("username").asText()));
            user.putObject("public_metrics").put("followers_count", p.path("followers").asLong(10));
            users.put(user.path("id").asText(), user);
        }
        Collections.reverse(data); // newest first, as X answers
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("result_count", data.size());
        if (!data.isEmpty()) {
            meta.put("newest_id", data.get(0).path("id").asText());
            meta.put("oldest_id", data.get(data.size() - 1).path("id").asText());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!data.isEmpty()) {
            answer.put("data", data);
            answer.put("includes", quotedPosts.isEmpty() ? Map.of("users", List.copyOf(users.values()))
                    : Map.of("users", List.copyOf(users.values()), "tweets", List.copyOf(quotedPosts.values())));
        }
        answer.put("meta", meta);
        return Response.json(200, answer);
    }
}
