package io.careloop.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.BlueskySession;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bluesky {@code app.bsky.notification.listNotifications} for the brand's account (Bluesky has no webhooks):
 * mentions and replies are addressed to the brand; a quote of the brand's post is talk about it, watched before
 * acting. Likes, reposts and follows are skipped. Notifications come newest first; the cursor is the newest
 * {@code indexedAt} already enqueued, and a run pages back until it reaches it.
 */
public final class BlueskyNotifications implements MentionSource {
    private static final Set<String> REASONS = Set.of("mention", "reply", "quote");
    private static final int MAX_PAGES = 10;

    private final BlueskySession session;
    private final String accountId;
    private final String name;

    /** @param first whether this is the brand's first Bluesky account (its cursor keeps the plain name) */
    public BlueskyNotifications(BlueskySession session, String accountId, boolean first) {
        this.session = session;
        this.accountId = accountId;
        this.name = first ? "bluesky-notifications" : "bluesky-notifications-" + accountId;
    }

    @Override
    public java.util.Optional<Account> account() {
        return java.util.Optional.of(new Account(io.careloop.core.Platform.BLUESKY, accountId));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Batch read(String cursor) {
        List<Mention> mentions = new ArrayList<>();
        String newest = cursor;
        String page = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            JsonNode answer = session.call("GET", "app.bsky.notification.listNotifications",
                    "limit=50" + (page == null ? "" : "&cursor=" + java.net.URLEncoder.encode(page, java.nio.charset.StandardCharsets.UTF_8)),
                    null);
            boolean reachedCursor = false;
            for (JsonNode n : answer.path("notifications")) {
                String indexedAt = n.path("indexedAt").asText("");
                if (cursor != null && indexedAt.compareTo(cursor) <= 0) {
                    reachedCursor = true;
                    break;
                }
                if (newest == null || indexedAt.compareTo(newest) > 0) {
                    newest = indexedAt;
                }
                fromNotification(n).map(m -> m.toAccount(accountId)).ifPresent(mentions::add);
            }
            page = answer.path("cursor").asText(null);
            if (reachedCursor || page == null || cursor == null) {
                break; // the first run starts from the newest page only: no backfill of an account's history
            }
        }
        return new Batch(mentions, newest);
    }

    /** A notification as a mention; empty for likes, reposts, follows and anything else that is not a post to answer. */
    public static java.util.Optional<Mention> fromNotification(JsonNode n) {
        return REASONS.contains(n.path("reason").asText()) ? java.util.Optional.of(toMention(n)) : java.util.Optional.empty();
    }

    static Mention toMention(JsonNode n) {
        JsonNode author = n.path("author");
        JsonNode record = n.path("record");
        String uri = n.path("uri").asText();
        String root = record.path("reply").path("root").path("uri").asText(null);
        String parent = record.path("reply").path("parent").path("uri").asText(null);
        Instant created;
        try {
            created = Instant.parse(record.path("createdAt").asText());
        } catch (DateTimeParseException e) {
            created = null; // triage places it at the time it sees it
        }
        boolean direct = !"quote".equals(n.path("reason").asText());
        return new Mention(Platform.BLUESKY, uri, new Author(author.path("did").asText(), author.path("handle").asText(null),
                author.path("displayName").asText(null), 0, false), record.path("text").asText(""), created,
                root, parent, direct, false, "poll:bluesky");
    }
}
