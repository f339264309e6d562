package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Platform;
import java.util.Map;

/**
 * X API v2: public replies with {@code POST /2/tweets}, private messages with
 * {@code POST /2/dm_conversations/with/:participant_id/messages}. A 429 carries {@code x-rate-limit-reset}
 * (epoch seconds) and no Retry-After.
 */
public final class XConnector implements PlatformConnector {
    private final PlatformHttp http;
    private final String baseUrl;
    private final String accessToken;
    private final String ownId;

    public XConnector(PlatformHttp http, String baseUrl, String accessToken) {
        this(http, baseUrl, accessToken, null);
    }

    /** @param ownId the brand account's user id, which lets careloop read its own timeline; null if unknown */
    public XConnector(PlatformHttp http, String baseUrl, String accessToken, String ownId) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
        this.ownId = ownId;
    }

    /** Public posts only: X's own timeline ({@code GET /2/users/:id/tweets}) does not list direct messages. */
    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return ownId != null && !post.isPrivate();
    }

    @Override
    public java.util.Optional<String> findOwnPost(OutboundPost post, java.time.Instant since) {
        JsonNode answer = http.send("GET", baseUrl + "/2/users/" + ownId + "/tweets?max_results=100"
                        + "&tweet.fields=referenced_tweets,created_at&start_time=" + since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                accessToken, null, Map.of(), r -> PlatformHttp.epochSecondsHeader(r, "x-rate-limit-reset"));
        String sent = TextLimits.fit(Platform.X, post.text());
        for (JsonNode tweet : answer.path("data")) {
            String repliedTo = null;
            for (JsonNode ref : tweet.path("referenced_tweets")) {
                if ("replied_to".equals(ref.path("type").asText())) {
                    repliedTo = ref.path("id").asText();
                }
            }
            if (java.util.Objects.equals(repliedTo, post.inReplyTo()) && OwnPosts.sameWords(tweet.path("text").asText(), sent)) {
                return java.util.Optional.of(tweet.path("id").asText());
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public Platform platform() {
        return Platform.X;
    }

    @Override
    public String post(OutboundPost post) {
        String text = TextLimits.fit(Platform.X, post.text());
        if (post.isPrivate()) {
            JsonNode answer = http.send("POST", baseUrl + "/2/dm_conversations/with/" + post.recipientId() + "/messages",
                    accessToken, Map.of("text", text), Map.of(),
                    r -> PlatformHttp.epochSecondsHeader(r, "x-rate-limit-reset"));
            return answer.path("data").path("dm_event_id").asText();
        }
        Map<String, Object> body = post.inReplyTo() == null
                ? Map.of("text", text)
                : Map.of("text", text, "reply", Map.of("in_reply_to_tweet_id", post.inReplyTo()));
        JsonNode answer = http.send("POST", baseUrl + "/2/tweets", accessToken, body, Map.of(),
                r -> PlatformHttp.epochSecondsHeader(r, "x-rate-limit-reset"));
        return answer.path("data").path("id").asText();
    }

    @Override
    public boolean canHide() {
        return true;
    }

    /** {@code PUT /2/tweets/:id/hidden} hides a reply to one of the brand's posts. */
    @Override
    public void hide(String platformPostId) {
        http.send("PUT", baseUrl + "/2/tweets/" + platformPostId + "/hidden", accessToken, Map.of("hidden", true),
                Map.of(), r -> PlatformHttp.epochSecondsHeader(r, "x-rate-limit-reset"));
    }
}
