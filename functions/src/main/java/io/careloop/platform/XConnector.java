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

    public XConnector(PlatformHttp http, String baseUrl, String accessToken) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
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
