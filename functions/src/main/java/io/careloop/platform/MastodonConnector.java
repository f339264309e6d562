package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Platform;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mastodon: {@code POST /api/v1/statuses} with an {@code Idempotency-Key}, so the server itself drops a
 * repeated post. A private message is a status with {@code visibility: direct} that mentions the customer.
 */
public final class MastodonConnector implements PlatformConnector {
    private final PlatformHttp http;
    private final String baseUrl;
    private final String accessToken;
    private final String ownId;

    public MastodonConnector(PlatformHttp http, String baseUrl, String accessToken) {
        this(http, baseUrl, accessToken, null);
    }

    /** @param ownId the brand account's id, to find its own replies in a thread; null if unknown */
    public MastodonConnector(PlatformHttp http, String baseUrl, String accessToken, String ownId) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
        this.ownId = ownId;
    }

    /** A reply can be found in its thread ({@code GET /api/v1/statuses/:id/context}, direct ones included). */
    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return ownId != null && post.inReplyTo() != null;
    }

    @Override
    public java.util.Optional<String> findOwnPost(OutboundPost post, java.time.Instant since) {
        JsonNode context = http.send("GET", baseUrl + "/api/v1/statuses/" + post.inReplyTo() + "/context", accessToken,
                null, Map.of(), r -> null);
        for (JsonNode status : context.path("descendants")) {
            if (ownId.equals(status.path("account").path("id").asText()) && post.inReplyTo().equals(status.path("in_reply_to_id").asText())
                    && OwnPosts.sameWords(status.path("content").asText(), post.text())) {
                return java.util.Optional.of(status.path("id").asText());
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public Platform platform() {
        return Platform.MASTODON;
    }

    @Override
    public String post(OutboundPost post) {
        String text = post.text();
        String mention = "@" + post.recipientHandle();
        if (post.isPrivate() && !text.contains(mention)) {
            text = mention + " " + text; // a direct status reaches only the accounts it mentions
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", TextLimits.fit(Platform.MASTODON, text));
        body.put("visibility", post.isPrivate() ? "direct" : "public");
        if (post.inReplyTo() != null) {
            body.put("in_reply_to_id", post.inReplyTo());
        }
        JsonNode answer = http.send("POST", baseUrl + "/api/v1/statuses", accessToken, body,
                Map.of("Idempotency-Key", post.idempotencyKey()),
                r -> r.first("x-ratelimit-reset").map(v -> {
                    try {
                        return java.time.Instant.parse(v);
                    } catch (RuntimeException e) {
                        return null;
                    }
                }).orElse(null));
        return answer.path("id").asText();
    }
}
