package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Platform;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bluesky: a reply is a new {@code app.bsky.feed.post} record ({@code com.atproto.repo.createRecord}) whose
 * {@code reply} names the thread's root and the post answered, each by URI and CID; careloop looks both up with
 * {@code app.bsky.feed.getPosts}. An {@code @handle} in the text gets a mention facet so it links to the customer.
 * Bluesky has no private messages: careloop invites the customer to email instead (see ReplyService).
 */
public final class BlueskyConnector implements PlatformConnector {
    private final BlueskySession session;
    private final Clock clock;

    public BlueskyConnector(BlueskySession session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public Platform platform() {
        return Platform.BLUESKY;
    }

    @Override
    public boolean canMessagePrivately() {
        return false;
    }

    /** The brand's own feed ({@code app.bsky.feed.getAuthorFeed}) lists its posts and replies. */
    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return !post.isPrivate();
    }

    @Override
    public java.util.Optional<String> findOwnPost(OutboundPost post, java.time.Instant since) {
        JsonNode feed = session.call("GET", "app.bsky.feed.getAuthorFeed",
                "actor=" + URLEncoder.encode(session.did(), StandardCharsets.UTF_8) + "&limit=50&filter=posts_with_replies", null);
        String sent = TextLimits.fit(Platform.BLUESKY, post.text());
        for (JsonNode item : feed.path("feed")) {
            JsonNode p = item.path("post");
            String parent = p.path("record").path("reply").path("parent").path("uri").asText(null);
            if (session.did().equals(p.path("author").path("did").asText(session.did()))
                    && java.util.Objects.equals(parent, post.inReplyTo())
                    && OwnPosts.sameWords(p.path("record").path("text").asText(), sent)) {
                return java.util.Optional.of(p.path("uri").asText());
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String post(OutboundPost post) {
        if (post.isPrivate()) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "Bluesky has no private messages", null, true);
        }
        String text = TextLimits.fit(Platform.BLUESKY, post.text());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("$type", "app.bsky.feed.post");
        record.put("text", text);
        record.put("createdAt", clock.instant().toString());
        record.put("langs", List.of("en"));
        if (post.inReplyTo() != null) {
            record.put("reply", replyRefs(post.inReplyTo()));
        }
        List<Map<String, Object>> facets = mentionFacets(text, post.recipientHandle(), post.recipientId());
        if (!facets.isEmpty()) {
            record.put("facets", facets);
        }
        JsonNode answer = session.call("POST", "com.atproto.repo.createRecord", null,
                Map.of("repo", session.did(), "collection", "app.bsky.feed.post", "record", record));
        return answer.path("uri").asText();
    }

    /** The thread's root and the post answered; a post that is not itself a reply is its own root. */
    private Map<String, Object> replyRefs(String parentUri) {
        JsonNode posts = session.call("GET", "app.bsky.feed.getPosts",
                "uris=" + URLEncoder.encode(parentUri, StandardCharsets.UTF_8), null).path("posts");
        if (posts.isEmpty()) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "the Bluesky post answered is gone", null, true);
        }
        JsonNode parent = posts.get(0);
        Map<String, Object> parentRef = Map.of("uri", parent.path("uri").asText(), "cid", parent.path("cid").asText());
        JsonNode root = parent.path("record").path("reply").path("root");
        Map<String, Object> rootRef = root.hasNonNull("uri")
                ? Map.of("uri", root.path("uri").asText(), "cid", root.path("cid").asText()) : parentRef;
        return Map.of("root", rootRef, "parent", parentRef);
    }

    /** A mention facet for {@code @handle}: byte offsets in UTF-8, as the lexicon defines them. */
    static List<Map<String, Object>> mentionFacets(String text, String handle, String did) {
        if (handle == null || did == null || !did.startsWith("did:")) {
            return List.of();
        }
        int at = text.indexOf("@" + handle);
        if (at < 0) {
            return List.of();
        }
        int start = text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        int end = start + ("@" + handle).getBytes(StandardCharsets.UTF_8).length;
        return List.of(Map.of(
                "index", Map.of("byteStart", start, "byteEnd", end),
                "features", List.of(Map.of("$type", "app.bsky.richtext.facet#mention", "did", did))));
    }
}
