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

    public MastodonConnector(PlatformHttp http, String baseUrl, String accessToken) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
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
