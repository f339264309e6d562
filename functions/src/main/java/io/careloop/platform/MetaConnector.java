package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Platform;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Facebook Pages and Instagram through the Graph API. Public: reply to the comment
 * ({@code POST /{comment-id}/comments} on Facebook, {@code POST /{ig-comment-id}/replies} on Instagram; a comment on
 * an Instagram media itself is {@code POST /{ig-media-id}/comments}, Instagram having no {@code /replies} on media).
 * Private: a private reply to the comment ({@code POST /{page-id}/messages} with {@code recipient.comment_id}), or a
 * message in the customer's Messenger or Instagram conversation ({@code RESPONSE} within 24 hours of their last
 * message, tagged {@code HUMAN_AGENT} after that). Reads a post or comment's author with
 * {@code GET /{id}?fields=from,message,created_time}.
 */
public final class MetaConnector implements PlatformConnector, PostReader {
    /** How the Graph API writes times: 2026-11-23T09:00:01+0000. */
    private static final java.time.format.DateTimeFormatter GRAPH_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX");

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
                    : post.messageTag() != null
                    ? Map.of("recipient", Map.of("id", post.recipientId()), "messaging_type", "MESSAGE_TAG",
                            "tag", post.messageTag(), "message", Map.of("text", text))
                    : Map.of("recipient", Map.of("id", post.recipientId()), "messaging_type", "RESPONSE",
                            "message", Map.of("text", text));
            answer = http.send("POST", baseUrl + "/" + pageId + "/messages", pageToken, request, Map.of(), this::retryAt);
            return answer.path("message_id").asText();
        }
        if (post.inReplyTo() == null) {
            if (platform == Platform.INSTAGRAM) {
                // Instagram has no text posts: a brand's own words go on a media as comments, never to the Page.
                throw new PlatformException(PlatformException.Kind.REJECTED,
                        "instagram has no text posts; answer on a media or a comment", null, true);
            }
            // A post of the brand's own, e.g. an incident update, on the Page's feed.
            answer = http.send("POST", baseUrl + "/" + pageId + "/feed", pageToken, Map.of("message", text), Map.of(),
                    this::retryAt);
            return answer.path("id").asText();
        }
        // Instagram: a reply answers a comment; words addressed to the media itself are a comment on it.
        String edge = platform == Platform.INSTAGRAM && !post.answersThreadRoot() ? "/replies" : "/comments";
        answer = http.send("POST", baseUrl + "/" + post.inReplyTo() + edge, pageToken, Map.of("message", text),
                Map.of(), this::retryAt);
        return answer.path("id").asText();
    }

    /**
     * When a throttled Page may call again: the longest {@code estimated_time_to_regain_access} (minutes) in Meta's
     * {@code X-Business-Use-Case-Usage} header; null (the caller's default) when it does not say.
     */
    Instant retryAt(PlatformHttp.Headers headers) {
        Optional<String> usage = headers.first("x-business-use-case-usage");
        if (usage.isEmpty()) {
            return null;
        }
        long minutes = 0;
        try {
            for (JsonNode limits : io.careloop.core.Json.parse(usage.get())) {
                for (JsonNode limit : limits) {
                    minutes = Math.max(minutes, limit.path("estimated_time_to_regain_access").asLong(0));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return minutes > 0 ? http.now().plus(java.time.Duration.ofMinutes(minutes)) : null;
    }

    @Override
    public Optional<PostReader> reader() {
        return Optional.of(this);
    }

    /** {@code GET /{post-or-comment-id}?fields=from,message,created_time}; a 400 or 404 (gone, not visible) is empty. */
    @Override
    public Optional<PlatformPost> read(String platformPostId) {
        JsonNode object;
        try {
            object = http.send("GET", baseUrl + "/" + platformPostId + "?fields=from,message,created_time", pageToken,
                    null, Map.of(), this::retryAt);
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.REJECTED) {
                return Optional.empty(); // Meta's "does not exist, cannot be loaded due to missing permissions"
            }
            throw e;
        }
        JsonNode from = object.path("from");
        String created = object.path("created_time").asText(null);
        java.time.Instant createdAt = null;
        if (created != null) {
            try {
                createdAt = java.time.OffsetDateTime.parse(created, GRAPH_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                createdAt = null; // the webhook's own time stands
            }
        }
        return Optional.of(new PlatformPost(object.path("id").asText(platformPostId),
                from.hasNonNull("id") ? from.path("id").asText() : null, from.path("name").asText(null),
                object.path("message").asText(null), createdAt));
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
        http.send("DELETE", baseUrl + "/" + platformPostId, pageToken, null, Map.of(), this::retryAt);
    }

    /** Facebook: {@code POST /{comment-id}?is_hidden=true}; Instagram: {@code POST /{ig-comment-id}?hide=true}. */
    @Override
    public void hide(String platformPostId) {
        String flag = platform == Platform.INSTAGRAM ? "hide=true" : "is_hidden=true";
        http.send("POST", baseUrl + "/" + platformPostId + "?" + flag, pageToken, null, Map.of(), this::retryAt);
    }
}
