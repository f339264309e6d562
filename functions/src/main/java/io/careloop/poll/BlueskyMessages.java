package io.careloop.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.BlueskySession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The brand's Bluesky DMs, read from the chat service's event log ({@code chat.bsky.convo.getLog}, proxied by the
 * PDS like every {@code chat.bsky} call): each {@code logCreateMessage} from a customer becomes a private mention,
 * which triage joins to the customer's open case, as it joins any other platform's DM. The cursor is the log's own.
 * The brand's own messages, deleted messages and the other log events (reads, reactions, mutes) are skipped. The
 * first run only takes the log's current cursor: conversations from before careloop are not replayed as new cases.
 */
public final class BlueskyMessages implements MentionSource {
    private static final String CREATE = "chat.bsky.convo.defs#logCreateMessage";
    private static final String MESSAGE = "chat.bsky.convo.defs#messageView";
    private static final int MAX_PAGES = 10;

    private final BlueskySession session;
    private final String accountId;
    private final String name;

    /** @param first whether this is the brand's first Bluesky account (its cursor keeps the plain name) */
    public BlueskyMessages(BlueskySession session, String accountId, boolean first) {
        this.session = session;
        this.accountId = accountId;
        this.name = first ? "bluesky-messages" : "bluesky-messages-" + accountId;
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
        String brandDid = session.did();
        String next = cursor;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            JsonNode answer = session.call("GET", "chat.bsky.convo.getLog",
                    next == null ? null : "cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8), null,
                    BlueskySession.CHAT_PROXY);
            JsonNode logs = answer.path("logs");
            if (cursor == null) {
                // First run: start from now. The log's history (messages from before careloop) is not replayed.
                return new Batch(mentions, answer.path("cursor").asText(null));
            }
            for (JsonNode log : logs) {
                fromLog(log, brandDid).map(m -> m.toAccount(accountId)).ifPresent(mentions::add);
            }
            String after = answer.path("cursor").asText(null);
            if (after == null || after.equals(next) || logs.isEmpty()) {
                break;
            }
            next = after;
        }
        return new Batch(mentions, next);
    }

    /** A customer's new message as a private mention; empty for any other log event. */
    static Optional<Mention> fromLog(JsonNode log, String brandDid) {
        JsonNode message = log.path("message");
        if (!CREATE.equals(log.path("$type").asText()) || !MESSAGE.equals(message.path("$type").asText())) {
            return Optional.empty();
        }
        String sender = message.path("sender").path("did").asText("");
        String id = message.path("id").asText("");
        if (sender.isEmpty() || sender.equals(brandDid) || id.isEmpty()) {
            return Optional.empty();
        }
        String handle = null;
        String displayName = null;
        for (JsonNode profile : log.path("relatedProfiles")) {
            if (sender.equals(profile.path("did").asText())) {
                handle = profile.path("handle").asText(null);
                displayName = profile.path("displayName").asText(null);
            }
        }
        Instant sent;
        try {
            sent = Instant.parse(message.path("sentAt").asText());
        } catch (DateTimeParseException e) {
            sent = null; // triage places it at the time it sees it
        }
        // Like any platform's DM: a private mention in the conversation with that customer.
        return Optional.of(new Mention(Platform.BLUESKY, "dm:" + log.path("convoId").asText() + ":" + id,
                new Author(sender, handle, displayName, 0, false), message.path("text").asText(""), sent,
                "dm-" + sender, null, true, true, "poll:bluesky-chat"));
    }
}
