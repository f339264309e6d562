package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.observe.Log;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * X Activity API (XAA) deliveries: one event per delivery, {@code {"data": {"event_uuid", "filter": {"user_id"},
 * "event_type", "tag", "payload", "includes"}}} (docs.x.com/x-api/activity/event-payloads).
 *
 * <p>What careloop reads, with the brand's account as {@code filter.user_id}:
 * <ul>
 *   <li>{@code post.mention.create}: a post that @mentions the brand in its body (a v2 Post)</li>
 *   <li>{@code post.reply.create}: a direct reply to one of the brand's posts</li>
 *   <li>{@code post.quote.create}: a quote of one of the brand's posts</li>
 *   <li>{@code dm.received}: an unencrypted direct message ({@code direct_message_events} and a {@code users} map)</li>
 * </ul>
 * Every other event type is acknowledged and counted as skipped, with its reason logged: X keeps delivering (and
 * billing) what a subscription asks for, so a wrong subscription shows up in the logs rather than as failures.
 */
final class XActivityEvents {
    private static final Log LOG = Log.of(XActivityEvents.class);

    /** Why careloop skips each event type X documents; a type not listed is skipped as unknown. */
    static final Map<String, String> SKIPPED = Map.ofEntries(
            Map.entry("post.create", "the brand's own post"),
            Map.entry("post.delete", "the brand deleted one of its own posts"),
            Map.entry("post.repost.create", "a repost says nothing new"),
            Map.entry("dm.sent", "the brand's own direct message"),
            Map.entry("dm.read", "a read receipt"),
            Map.entry("dm.indicate_typing", "a typing indicator"),
            Map.entry("chat.received", "an encrypted XChat message: careloop cannot read it; answer it in the X app"),
            Map.entry("chat.sent", "the brand's own encrypted XChat message"),
            Map.entry("chat.conversation_join", "an XChat membership change"),
            Map.entry("like.create", "a like is not conversation"),
            Map.entry("follow.follow", "a follow is not conversation"),
            Map.entry("follow.unfollow", "an unfollow is not conversation"),
            Map.entry("mute.mute", "the brand's mutes are not conversation"),
            Map.entry("mute.unmute", "the brand's mutes are not conversation"),
            Map.entry("block.block", "the brand's blocks are not conversation"),
            Map.entry("block.unblock", "the brand's blocks are not conversation"),
            Map.entry("news.new", "a news headline is not a mention"),
            Map.entry("spaces.start", "a Space is not conversation careloop answers"),
            Map.entry("spaces.end", "a Space is not conversation careloop answers"),
            Map.entry("broadcast.start", "a broadcast is not conversation careloop answers"),
            Map.entry("broadcast.end", "a broadcast is not conversation careloop answers"),
            Map.entry("broadcast.chat", "a broadcast chat is not conversation careloop answers"),
            Map.entry("oauth.revoke", "a user revoked the app's access: if it is the brand's account, careloop can no "
                    + "longer read or post as it"));

    private final Clock clock;

    XActivityEvents(Clock clock) {
        this.clock = clock;
    }

    /** True when the delivery has the XAA envelope rather than the Account Activity one. */
    static boolean isActivityDelivery(JsonNode payload) {
        return payload.path("data").isObject() && payload.path("data").has("event_type");
    }

    /**
     * @param defaultBrandId the brand account's id, used when the event's filter names none
     */
    WebhookSource.Parsed parse(JsonNode payload, String defaultBrandId, XWebhook legacy) {
        JsonNode data = payload.path("data");
        String type = data.path("event_type").asText("");
        if (type.isBlank()) {
            throw new IllegalArgumentException("data.event_type must name the X Activity event");
        }
        String brandId = data.path("filter").path("user_id").asText(defaultBrandId);
        JsonNode body = data.path("payload");
        List<Mention> mentions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int skipped = 0;
        switch (type) {
            case "post.mention.create", "post.reply.create", "post.quote.create" -> {
                try {
                    Optional<Mention> m = post(body, data.path("includes"), brandId, type);
                    if (m.isPresent()) {
                        mentions.add(m.get().toAccount(brandId));
                    } else {
                        skipped = skip(type, "the brand's own post (an echo)");
                    }
                } catch (IllegalArgumentException e) {
                    rejected.add(type + ": " + e.getMessage());
                }
            }
            case "dm.received" -> {
                JsonNode users = body.path("users");
                for (JsonNode dm : body.path("direct_message_events")) {
                    try {
                        Optional<Mention> m = legacy.directMessage(dm, users, brandId);
                        if (m.isPresent()) {
                            mentions.add(m.get().toAccount(brandId));
                        } else {
                            skipped += skip(type, "not a message from a customer");
                        }
                    } catch (IllegalArgumentException e) {
                        rejected.add("direct message: " + e.getMessage());
                    }
                }
            }
            default -> skipped = skip(type, SKIPPED.getOrDefault(type, "an event type careloop does not read"));
        }
        if ("oauth.revoke".equals(type) && brandId.equals(body.path("user_id").asText(""))) {
            LOG.warn("X reports the brand's account revoked careloop's access; authorise the app again (README, X)",
                    "brandAccount", brandId);
        }
        return new WebhookSource.Parsed(mentions, rejected, skipped);
    }

    private static int skip(String type, String reason) {
        LOG.info("X Activity event skipped", "eventType", type, "reason", reason);
        return 1;
    }

    /**
     * A v2 Post that mentions, answers or quotes the brand. Each of the three event types is the author addressing the
     * brand: an explicit @mention, a reply to the brand's post, or a quote of it.
     */
    private Optional<Mention> post(JsonNode post, JsonNode includes, String brandId, String type) {
        if (!post.isObject()) {
            throw new IllegalArgumentException("payload must be a v2 Post object");
        }
        String id = Ids.required(post, "id");
        String authorId = Ids.required(post, "author_id");
        if (authorId.equals(brandId)) {
            return Optional.empty();
        }
        // A Post longer than 280 characters carries its full text in note_tweet.
        String text = post.path("note_tweet").path("text").asText(post.path("text").asText(""));
        String inReplyTo = Ids.optional(post, "in_reply_to_tweet_id");
        if (inReplyTo == null) {
            for (JsonNode ref : post.path("referenced_tweets")) {
                if ("replied_to".equals(ref.path("type").asText())) {
                    inReplyTo = Ids.required(ref, "id");
                }
            }
        }
        String conversation = Ids.optional(post, "conversation_id");
        JsonNode user = user(includes, authorId);
        JsonNode metrics = user.path("public_metrics");
        Author author = new Author(authorId, user.path("username").asText(null), user.path("name").asText(null),
                metrics.path("followers_count").asLong(0), user.path("verified").asBoolean(false));
        return Optional.of(new Mention(Platform.X, id, author, text, Ids.time(post, "created_at", clock.instant()),
                conversation != null ? conversation : inReplyTo, inReplyTo, true, false, "webhook:x"));
    }

    /** The author among {@code includes.users}, bare or wrapped in {@code {"data": ...}} as some events send them. */
    private static JsonNode user(JsonNode includes, String id) {
        for (JsonNode u : includes.path("users")) {
            JsonNode user = u.has("data") ? u.path("data") : u;
            if (id.equals(user.path("id").asText())) {
                return user;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
