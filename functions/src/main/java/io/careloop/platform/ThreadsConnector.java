package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Platform;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Threads (Meta) through the Threads API, as one brand profile. A post is two calls: {@code POST
 * /{threads-user-id}/threads} ({@code media_type=TEXT}, {@code text}, {@code reply_to_id} for a reply) creates a media
 * container, and {@code POST /{threads-user-id}/threads_publish} ({@code creation_id}) publishes it. Hiding a reply
 * on the brand's threads is {@code POST /{reply-id}/manage_reply} ({@code hide=true}). Threads has no private
 * messages in its API: careloop invites the customer to email instead (see ReplyService).
 *
 * <p>Only publishing shows anything: a container that is never published expires unseen after 24 hours. So every
 * failure before the publish call proves nothing was posted, and a publish that failed without a clear answer is
 * settled by asking for the container's status ({@code GET /{container-id}?fields=status}): not {@code PUBLISHED}
 * means nothing was posted; {@code PUBLISHED} means it was, and the reply is found among the profile's replies.
 */
public final class ThreadsConnector implements PlatformConnector {
    /** How far back the profile's replies are read to find a reply whose publish answer was lost. */
    private static final java.time.Duration LOST_ANSWER_LOOK_BACK = java.time.Duration.ofHours(1);
    /** Graph names no reset time for a throttled call: try again after a quarter of an hour. */
    private static final java.time.Duration THROTTLE_WAIT = java.time.Duration.ofMinutes(15);

    private final PlatformHttp http;
    private final String baseUrl;
    private final String userId;
    private final String handle;
    private final String accessToken;
    private final java.time.Clock clock;

    /**
     * @param userId the brand's Threads user id (the profile the token belongs to)
     * @param handle the brand's Threads username, to recognise its own posts
     */
    public ThreadsConnector(PlatformHttp http, String baseUrl, String userId, String handle, String accessToken,
                            java.time.Clock clock) {
        this.clock = clock;
        this.http = http;
        this.baseUrl = baseUrl;
        this.userId = userId;
        this.handle = handle;
        this.accessToken = accessToken;
    }

    @Override
    public Platform platform() {
        return Platform.THREADS;
    }

    @Override
    public String account() {
        return userId;
    }

    @Override
    public boolean canMessagePrivately() {
        return false;
    }

    @Override
    public boolean canHide() {
        return true;
    }

    @Override
    public String post(OutboundPost post) {
        if (post.isPrivate()) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "Threads has no private messages", null, true);
        }
        String container = createContainer(post);
        requireReady(container);
        try {
            JsonNode published = send("POST", baseUrl + "/" + userId + "/threads_publish", accessToken,
                    Map.of("creation_id", container), Map.of(), r -> null);
            return published.path("id").asText();
        } catch (PlatformException e) {
            if (e.certainlyNotPosted() && e.kind() != PlatformException.Kind.TRANSIENT) {
                throw e; // refused or throttled: Threads said no, nothing was published
            }
            return settleLostPublish(container, post, e);
        }
    }

    /** Step one. Whatever goes wrong here, nothing is visible: an unpublished container is never shown. */
    private String createContainer(OutboundPost post) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("media_type", "TEXT");
        request.put("text", TextLimits.fit(Platform.THREADS, post.text()));
        if (post.inReplyTo() != null) {
            request.put("reply_to_id", post.inReplyTo());
        }
        try {
            String id = send("POST", baseUrl + "/" + userId + "/threads", accessToken, request, Map.of(), r -> null)
                    .path("id").asText("");
            if (id.isBlank()) {
                throw new PlatformException(PlatformException.Kind.TRANSIENT, "Threads created no media container", null, true);
            }
            return id;
        } catch (PlatformException e) {
            throw e.certainlyNotPosted() ? e : new PlatformException(e.kind(), e.getMessage(), e.retryAt(), true);
        }
    }

    /**
     * Threads asks that a container be {@code FINISHED} before it is published; a text container normally is at
     * once. One still in progress is left to expire and the action is tried again later, with a new container.
     */
    private void requireReady(String container) {
        String status;
        try {
            status = containerStatus(container);
        } catch (PlatformException e) {
            boolean keepKind = e.kind() == PlatformException.Kind.AUTH || e.kind() == PlatformException.Kind.RATE_LIMITED;
            throw new PlatformException(keepKind ? e.kind() : PlatformException.Kind.TRANSIENT, e.getMessage(), e.retryAt(), true);
        }
        switch (status) {
            case "FINISHED" -> {
                // ready to publish
            }
            case "ERROR", "EXPIRED" -> throw new PlatformException(PlatformException.Kind.REJECTED,
                    "Threads could not prepare the reply (container " + status + ")", null, true);
            default -> throw new PlatformException(PlatformException.Kind.TRANSIENT,
                    "the Threads container is not ready to publish (" + status + ")", null, true);
        }
    }

    private String containerStatus(String container) {
        return send("GET", baseUrl + "/" + container + "?fields=status", accessToken, null, Map.of(), r -> null)
                .path("status").asText("UNKNOWN");
    }

    /**
     * The publish call failed without saying no (a timeout, a server error): ask the container. Not published, so
     * it is safe to try again; published, so the reply is found and recorded, never published twice.
     */
    private String settleLostPublish(String container, OutboundPost post, PlatformException failure) {
        String status;
        try {
            status = containerStatus(container);
        } catch (PlatformException unknown) {
            throw failure; // cannot tell: left uncertain, for a person or the ledger's settlement
        }
        if (!status.equals("PUBLISHED")) {
            throw new PlatformException(failure.kind(), failure.getMessage() + "; the container was not published ("
                    + status + ")", failure.retryAt(), true);
        }
        try {
            Optional<String> found = findOwnPost(post, clock.instant().minus(LOST_ANSWER_LOOK_BACK));
            if (found.isPresent()) {
                return found.get();
            }
        } catch (PlatformException unreadable) {
            // fall through: published, but its id is not known
        }
        throw new PlatformException(PlatformException.Kind.TRANSIENT, "Threads published the reply but its id could not "
                + "be read", null, false);
    }

    /** The profile's own replies ({@code GET /{threads-user-id}/replies}) or posts ({@code /threads}) show what went out. */
    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return !post.isPrivate();
    }

    @Override
    public Optional<String> findOwnPost(OutboundPost post, Instant since) {
        String edge = post.inReplyTo() != null ? "/replies" : "/threads";
        JsonNode page = send("GET", baseUrl + "/" + userId + edge + "?fields=id,text,username,timestamp,replied_to"
                + "&since=" + since.getEpochSecond() + "&limit=100", accessToken, null, Map.of(), r -> null);
        String sent = TextLimits.fit(Platform.THREADS, post.text());
        for (JsonNode media : page.path("data")) {
            String author = media.path("username").asText(null);
            if ((author == null || handle == null || handle.equalsIgnoreCase(author))
                    && Objects.equals(post.inReplyTo(), media.path("replied_to").path("id").asText(null))
                    && OwnPosts.sameWords(media.path("text").asText(), sent)) {
                return Optional.of(media.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /**
     * One call. Graph-style throttling answers (error codes 4, 17, 32, 613 with a 400) are a rate limit, not a
     * refusal ({@link PlatformHttp} reads them so): the action waits and is tried again. Threads names no reset time
     * for them, so the wait is a quarter of an hour unless the answer says otherwise.
     */
    private JsonNode send(String method, String url, String token, Object body, Map<String, String> headers,
                          java.util.function.Function<PlatformHttp.Headers, Instant> retryAtOf) {
        return http.send(method, url, token, body, headers, answer -> {
            Instant stated = retryAtOf.apply(answer);
            return stated != null ? stated : clock.instant().plus(THROTTLE_WAIT);
        });
    }

    /** {@code POST /{reply-id}/manage_reply} with {@code hide=true}: Threads hides a top-level reply and its replies. */
    @Override
    public void hide(String platformPostId) {
        send("POST", baseUrl + "/" + platformPostId + "/manage_reply", accessToken, Map.of("hide", true), Map.of(),
                r -> null);
    }
}
