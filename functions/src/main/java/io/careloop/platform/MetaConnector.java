package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Platform;
import java.util.Map;

/**
 * Facebook Pages and Instagram through the Graph API. Public: reply to the comment
 * ({@code POST /{comment-id}/comments} on Facebook, {@code POST /{ig-comment-id}/replies} on Instagram).
 * Private: a private reply to the comment ({@code POST /{page-id}/messages} with {@code recipient.comment_id}).
 */
public final class MetaConnector implements PlatformConnector {
    private final Platform platform;
    private final PlatformHttp http;
    private final String baseUrl;
    private final String pageId;
    private final String pageToken;

    public MetaConnector(Platform platform, PlatformHttp http, String baseUrl, String pageId, String pageToken) {
        if (platform != Platform.FACEBOOK && platform != Platform.INSTAGRAM) {
            throw new IllegalArgumentException("Meta connector serves Facebook and Instagram only");
        }
        this.platform = platform;
        this.http = http;
        this.baseUrl = baseUrl;
        this.pageId = pageId;
        this.pageToken = pageToken;
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public String post(OutboundPost post) {
        String text = TextLimits.fit(platform, post.text());
        JsonNode answer;
        if (post.isPrivate()) {
            // In answer to a public comment: a private reply to that comment (Meta allows one, within 7 days of
            // the comment). In a conversation the customer started: a Messenger (or Instagram) message in reply.
            Map<String, Object> request = post.inReplyTo() != null
                    ? Map.of("recipient", Map.of("comment_id", post.inReplyTo()), "message", Map.of("text", text))
                    : Map.of("recipient", Map.of("id", post.recipientId()), "messaging_type", "RESPONSE",
                            "message", Map.of("text", text));
            answer = http.send("POST", baseUrl + "/" + pageId + "/messages", pageToken, request, Map.of(), r -> null);
            return answer.path("message_id").asText();
        }
        if (post.inReplyTo() == null) {
            // A post of the brand's own, e.g. an incident update, on the Page's feed.
            answer = http.send("POST", baseUrl + "/" + pageId + "/feed", pageToken, Map.of("message", text), Map.of(),
                    r -> null);
            return answer.path("id").asText();
        }
        String edge = platform == Platform.INSTAGRAM ? "/replies" : "/comments";
        answer = http.send("POST", baseUrl + "/" + post.inReplyTo() + edge, pageToken, Map.of("message", text),
                Map.of(), r -> null);
        return answer.path("id").asText();
    }

    @Override
    public boolean canHide() {
        return true;
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    /** {@code DELETE /{comment-id}}: a Page may delete comments on its own posts. */
    @Override
    public void delete(String platformPostId) {
        http.send("DELETE", baseUrl + "/" + platformPostId, pageToken, null, Map.of(), r -> null);
    }

    /** Facebook: {@code POST /{comment-id}?is_hidden=true}; Instagram: {@code POST /{ig-comment-id}?hide=true}. */
    @Override
    public void hide(String platformPostId) {
        String flag = platform == Platform.INSTAGRAM ? "hide=true" : "is_hidden=true";
        http.send("POST", baseUrl + "/" + platformPostId + "?" + flag, pageToken, null, Map.of(), r -> null);
    }
}
