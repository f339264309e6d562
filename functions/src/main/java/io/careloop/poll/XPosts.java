package io.careloop.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.PlatformHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * X API v2 reads, from {@code since_id} onwards: the brand account's mentions timeline
 * ({@code GET /2/users/:id/mentions}; addressed to the brand) or a recent search for the brand's keywords and
 * hashtags ({@code GET /2/tweets/search/recent}; talk about the brand, watched before acting unless it also
 * @-mentions the brand). Authors come from {@code includes.users}; the cursor is {@code meta.newest_id}.
 */
public final class XPosts implements MentionSource {
    private static final String FIELDS = "tweet.fields=created_at,author_id,conversation_id,referenced_tweets,entities"
            + "&expansions=author_id,referenced_tweets.id.author_id&user.fields=username,name,public_metrics,verified"
            + "&max_results=100";

    private final PlatformHttp http;
    private final String baseUrl;
    private final String token;
    private final String name;
    private final String path;
    private final String brandHandle;
    private final boolean mentionsTimeline;
    private final String accountId;

    private XPosts(PlatformHttp http, String baseUrl, String token, String name, String path, String brandHandle,
                   boolean mentionsTimeline, String accountId) {
        this.accountId = accountId;
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
        this.name = name;
        this.path = path;
        this.brandHandle = brandHandle;
        this.mentionsTimeline = mentionsTimeline;
    }

    /** The account's mentions timeline. */
    public static XPosts mentions(PlatformHttp http, String baseUrl, String token, String accountId, String handle) {
        return new XPosts(http, baseUrl, token, "x-mentions-" + accountId, "/2/users/" + accountId + "/mentions?", handle, true,
                accountId);
    }

    /** Recent search for the brand's keywords and hashtags, without the brand's own posts and retweets. */
    public static XPosts search(PlatformHttp http, String baseUrl, String token, List<String> keywords, String handle,
                                String accountId) {
        String query = "(" + String.join(" OR ", keywords.stream().map(k -> k.contains(" ") ? "\"" + k + "\"" : k).toList())
                + ") -from:" + handle + " -is:retweet";
        return new XPosts(http, baseUrl, token, "x-search", "/2/tweets/search/recent?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&", handle, false, accountId);
    }

    @Override
    public java.util.Optional<Account> account() {
        return java.util.Optional.of(new Account(io.careloop.core.Platform.X, accountId));
    }

    @Override
    public String name() {
        return name;
    }

    /** The mentions timeline is what X's webhook delivers; the keyword search has no webhook. */
    @Override
    public java.util.Optional<WebhookFeed> coveredByWebhook() {
        return mentionsTimeline ? java.util.Optional.of(new WebhookFeed(Platform.X, accountId)) : java.util.Optional.empty();
    }

    @Override
    public Batch read(String cursor) {
        return read(cursor, null);
    }

    /** {@code start_time} (with {@code since_id}, both apply): X bills per post returned, so a narrower read costs less. */
    @Override
    public Batch read(String cursor, Instant notBefore) {
        String url = baseUrl + path + FIELDS + (cursor == null ? "" : "&since_id=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))
                + (notBefore == null ? "" : "&start_time=" + notBefore.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        JsonNode answer = http.send("GET", url, token, null, Map.of(), r -> PlatformHttp.epochSecondsHeader(r, "x-rate-limit-reset"));
        Map<String, JsonNode> users = new HashMap<>();
        answer.path("includes").path("users").forEach(u -> users.put(u.path("id").asText(), u));
        // The posts these reference, with their authors: a quote of the brand's own post addresses the brand.
        Map<String, String> referencedAuthors = new HashMap<>();
        answer.path("includes").path("tweets").forEach(t -> referencedAuthors.put(t.path("id").asText(), t.path("author_id").asText()));
        List<Mention> mentions = new ArrayList<>();
        for (JsonNode post : answer.path("data")) {
            if (post.path("author_id").asText().isEmpty()) {
                continue;
            }
            mentions.add(toMention(post, users.get(post.path("author_id").asText()), referencedAuthors).toAccount(accountId));
        }
        String newest = answer.path("meta").path("newest_id").asText(null);
        return new Batch(mentions, newest != null ? newest : cursor);
    }

    private Mention toMention(JsonNode post, JsonNode user, Map<String, String> referencedAuthors) {
        String authorId = post.path("author_id").asText();
        Author author = user == null ? new Author(authorId, null, null, 0, false)
                : new Author(authorId, user.path("username").asText(null), user.path("name").asText(null),
                        user.path("public_metrics").path("followers_count").asLong(0), user.path("verified").asBoolean(false));
        String repliedTo = null;
        boolean quotesTheBrand = false;
        for (JsonNode ref : post.path("referenced_tweets")) {
            if ("replied_to".equals(ref.path("type").asText())) {
                repliedTo = ref.path("id").asText(null);
            }
            quotesTheBrand |= "quoted".equals(ref.path("type").asText())
                    && accountId != null && accountId.equals(referencedAuthors.get(ref.path("id").asText()));
        }
        String text = post.path("text").asText("");
        boolean direct = mentionsTimeline || quotesTheBrand
                || text.toLowerCase(Locale.ROOT).contains("@" + brandHandle.toLowerCase(Locale.ROOT));
        Instant created;
        try {
            created = post.hasNonNull("created_at") ? Instant.parse(post.path("created_at").asText()) : null;
        } catch (DateTimeParseException e) {
            created = null;
        }
        // As the webhook reads a tweet: the thread is the post it answers (none for a new tweet).
        return new Mention(Platform.X, post.path("id").asText(), author, text, created, repliedTo, repliedTo, direct, false,
                mentionsTimeline ? "poll:x-mentions" : "poll:x-search");
    }
}
