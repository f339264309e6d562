package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Bluesky through the brand's PDS.
 *
 * <ul>
 *   <li>A reply is a new {@code app.bsky.feed.post} record ({@code com.atproto.repo.createRecord}) whose {@code reply}
 *       names the thread's root and the post answered, each by URI and CID (looked up with
 *       {@code app.bsky.feed.getPosts}); every whole URL gets a link facet and the customer's {@code @handle} a
 *       mention facet (UTF-8 byte offsets, {@link BlueskyFacets}).</li>
 *   <li>A private message goes through the chat service, proxied by the PDS ({@link BlueskySession#CHAT_PROXY}):
 *       {@code chat.bsky.convo.getConvoForMembers} then {@code chat.bsky.convo.sendMessage}. A customer may accept
 *       messages only from accounts they follow, or none: {@code chat.bsky.convo.getConvoAvailability} tells, before
 *       anything is sent, and careloop then invites them to email instead. The app password must have DM access.</li>
 *   <li>A reply on the brand's own thread is hidden by listing it in the thread's {@code app.bsky.feed.threadgate}
 *       record ({@code hiddenReplies}, at most 300), created or updated with compare-and-swap, keeping whatever
 *       reply rules the brand set; unhiding removes it from the list.</li>
 * </ul>
 */
public final class BlueskyConnector implements PlatformConnector {
    static final String POST = "app.bsky.feed.post";
    static final String THREADGATE = "app.bsky.feed.threadgate";
    /** The threadgate lexicon's limit on {@code hiddenReplies}. */
    static final int MAX_HIDDEN_REPLIES = 300;
    private static final int SWAP_ATTEMPTS = 3;

    private final BlueskySession session;
    private final Clock clock;
    private final boolean directMessages;

    public BlueskyConnector(BlueskySession session, Clock clock) {
        this(session, clock, true);
    }

    /** @param directMessages whether careloop may send DMs as this account (its app password has DM access) */
    public BlueskyConnector(BlueskySession session, Clock clock, boolean directMessages) {
        this.session = session;
        this.clock = clock;
        this.directMessages = directMessages;
    }

    @Override
    public Platform platform() {
        return Platform.BLUESKY;
    }

    @Override
    public boolean canMessagePrivately() {
        return directMessages;
    }

    /**
     * Whether the customer accepts a DM from the brand ({@code chat.bsky.convo.getConvoAvailability}); the reason
     * when not. A read: nothing is sent and no conversation is created.
     */
    @Override
    public Optional<String> privateMessageRefusal(String recipientId) {
        if (!directMessages) {
            return Optional.of("direct messages are turned off for this Bluesky account in careloop");
        }
        if (recipientId == null || !recipientId.startsWith("did:")) {
            return Optional.of("the customer's Bluesky DID is not known");
        }
        JsonNode availability;
        try {
            availability = session.call("GET", "chat.bsky.convo.getConvoAvailability", "members=" + enc(recipientId), null,
                    BlueskySession.CHAT_PROXY);
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.REJECTED && e.getMessage().contains("(InvalidToken)")) {
                return Optional.of("the brand's app password has no access to direct messages");
            }
            throw e;
        }
        return availability.path("canChat").asBoolean(false) ? Optional.empty()
                : Optional.of("the customer does not accept direct messages from the brand (their Bluesky chat settings)");
    }

    /** The brand's own feed ({@code app.bsky.feed.getAuthorFeed}) lists its posts and replies. */
    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return !post.isPrivate();
    }

    @Override
    public Optional<String> findOwnPost(OutboundPost post, java.time.Instant since) {
        JsonNode feed = session.call("GET", "app.bsky.feed.getAuthorFeed",
                "actor=" + enc(session.did()) + "&limit=50&filter=posts_with_replies", null);
        String sent = TextLimits.fit(Platform.BLUESKY, post.text());
        for (JsonNode item : feed.path("feed")) {
            JsonNode p = item.path("post");
            String parent = p.path("record").path("reply").path("parent").path("uri").asText(null);
            if (session.did().equals(p.path("author").path("did").asText(session.did()))
                    && Objects.equals(parent, post.inReplyTo())
                    && OwnPosts.sameWords(p.path("record").path("text").asText(), sent)) {
                return Optional.of(p.path("uri").asText());
            }
        }
        return Optional.empty();
    }

    @Override
    public String post(OutboundPost post) {
        return post.isPrivate() ? directMessage(post) : publicPost(post);
    }

    private String publicPost(OutboundPost post) {
        String text = TextLimits.fit(Platform.BLUESKY, post.text());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("$type", POST);
        record.put("text", text);
        record.put("createdAt", clock.instant().toString());
        record.put("langs", List.of("en"));
        if (post.inReplyTo() != null) {
            record.put("reply", replyRefs(post.inReplyTo()));
        }
        List<Map<String, Object>> facets = BlueskyFacets.of(text, post.recipientHandle(), post.recipientId());
        if (!facets.isEmpty()) {
            record.put("facets", facets);
        }
        JsonNode answer = session.call("POST", "com.atproto.repo.createRecord", null,
                Map.of("repo", session.did(), "collection", POST, "record", record));
        return answer.path("uri").asText();
    }

    /** A DM in the 1-1 conversation with the customer (created by the chat service if there is none yet). */
    private String directMessage(OutboundPost post) {
        if (!directMessages) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "direct messages are turned off for this Bluesky "
                    + "account", null, true);
        }
        String recipient = post.recipientId();
        if (recipient == null || !recipient.startsWith("did:")) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "a Bluesky DM needs the customer's DID", null, true);
        }
        JsonNode convo = session.call("GET", "chat.bsky.convo.getConvoForMembers", "members=" + enc(recipient), null,
                BlueskySession.CHAT_PROXY).path("convo");
        String convoId = convo.path("id").asText("");
        if (convoId.isEmpty()) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "Bluesky answered without a conversation", null, true);
        }
        String text = TextLimits.fitBlueskyMessage(post.text());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", text);
        List<Map<String, Object>> facets = BlueskyFacets.of(text, null, null); // links only: the DM is to them
        if (!facets.isEmpty()) {
            message.put("facets", facets);
        }
        JsonNode sent = session.call("POST", "chat.bsky.convo.sendMessage", null,
                Map.of("convoId", convoId, "message", message), BlueskySession.CHAT_PROXY);
        return sent.path("id").asText();
    }

    /** The thread's root and the post answered; a post that is not itself a reply is its own root. */
    private Map<String, Object> replyRefs(String parentUri) {
        JsonNode parent = onePost(parentUri);
        Map<String, Object> parentRef = Map.of("uri", parent.path("uri").asText(), "cid", parent.path("cid").asText());
        JsonNode root = parent.path("record").path("reply").path("root");
        Map<String, Object> rootRef = root.hasNonNull("uri")
                ? Map.of("uri", root.path("uri").asText(), "cid", root.path("cid").asText()) : parentRef;
        return Map.of("root", rootRef, "parent", parentRef);
    }

    private JsonNode onePost(String uri) {
        JsonNode posts = session.call("GET", "app.bsky.feed.getPosts", "uris=" + enc(uri), null).path("posts");
        if (posts.isEmpty()) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "the Bluesky post is gone", null, true);
        }
        return posts.get(0);
    }

    /** Hiding is for replies on the brand's own threads, through the thread's threadgate. */
    @Override
    public boolean canHide() {
        return true;
    }

    @Override
    public void hide(String replyUri) {
        changeHidden(replyUri, true);
    }

    @Override
    public void unhide(String replyUri) {
        changeHidden(replyUri, false);
    }

    /**
     * Adds the reply to (or removes it from) the root post's threadgate {@code hiddenReplies}. The threadgate's
     * record key is the root post's, in the brand's repository. An existing threadgate is changed with
     * {@code swapRecord} (its CID as read), so a concurrent change is never overwritten: the read is repeated.
     */
    private void changeHidden(String replyUri, boolean hide) {
        JsonNode reply = onePost(replyUri);
        String rootUri = reply.path("record").path("reply").path("root").path("uri").asText(null);
        if (rootUri == null) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "the Bluesky post is not a reply: only replies "
                    + "on the brand's thread can be hidden", null, true);
        }
        AtUri root = AtUri.parse(rootUri);
        String brand = session.did();
        if (root == null || !brand.equals(root.repo()) || !POST.equals(root.collection())) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "the thread is not the brand's: Bluesky hides "
                    + "replies only on the author's own threads", null, true);
        }
        for (int attempt = 1; ; attempt++) {
            Optional<JsonNode> existing = threadgate(brand, root.rkey());
            ObjectNode record;
            Object swap;
            if (existing.isPresent()) {
                record = ((ObjectNode) existing.get().path("value")).deepCopy(); // every setting the brand made stays
                swap = existing.get().path("cid").asText();
            } else if (hide) {
                record = Json.object();
                record.put("$type", THREADGATE);
                record.put("post", rootUri);
                record.put("createdAt", clock.instant().toString());
                // No "allow": absent means anyone may reply, as before the threadgate existed (an empty list would
                // stop every reply).
                swap = null; // null: the record must not exist yet
            } else {
                return; // no threadgate: nothing is hidden
            }
            ArrayNode hidden = record.has("hiddenReplies") && record.get("hiddenReplies").isArray()
                    ? (ArrayNode) record.get("hiddenReplies") : record.putArray("hiddenReplies");
            int at = indexOf(hidden, replyUri);
            if (hide == at >= 0) {
                return; // already as asked
            }
            if (hide) {
                if (hidden.size() >= MAX_HIDDEN_REPLIES) {
                    throw new PlatformException(PlatformException.Kind.REJECTED, "the thread already hides "
                            + MAX_HIDDEN_REPLIES + " replies, Bluesky's limit", null, true);
                }
                hidden.add(replyUri);
            } else {
                hidden.remove(at);
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("repo", brand);
            request.put("collection", THREADGATE);
            request.put("rkey", root.rkey());
            request.put("record", record);
            request.put("swapRecord", swap);
            try {
                session.call("POST", "com.atproto.repo.putRecord", null, request);
                return;
            } catch (PlatformException e) {
                if (!e.getMessage().contains("(InvalidSwap)") || attempt >= SWAP_ATTEMPTS) {
                    throw e;
                }
                // changed since it was read: read it again and apply the change to what is there now
            }
        }
    }

    private Optional<JsonNode> threadgate(String repo, String rkey) {
        try {
            return Optional.of(session.call("GET", "com.atproto.repo.getRecord", "repo=" + enc(repo) + "&collection="
                    + THREADGATE + "&rkey=" + enc(rkey), null));
        } catch (PlatformException e) {
            if (e.getMessage().contains("(RecordNotFound)")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static int indexOf(ArrayNode list, String value) {
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).asText())) {
                return i;
            }
        }
        return -1;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An {@code at://repo/collection/rkey} URI. */
    record AtUri(String repo, String collection, String rkey) {
        static AtUri parse(String uri) {
            if (uri == null || !uri.startsWith("at://")) {
                return null;
            }
            String[] parts = uri.substring("at://".length()).split("/");
            return parts.length == 3 ? new AtUri(parts[0], parts[1], parts[2]) : null;
        }
    }
}
