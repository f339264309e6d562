package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import java.time.Instant;

/** Mastodon's Status entity, as the notifications API and the admin webhook deliver it. */
public final class MastodonStatuses {
    private MastodonStatuses() {
    }

    /** A Mastodon status as a mention; used by polling and by the admin webhook. */
    public static Mention toMention(JsonNode status) {
        JsonNode account = status.path("account");
        Author author = new Author(account.path("id").asText(), account.path("acct").asText(null),
                account.path("display_name").asText(null), account.path("followers_count").asLong(0),
                false);
        String inReplyTo = status.path("in_reply_to_id").isNull() ? null : status.path("in_reply_to_id").asText(null);
        boolean isPrivate = "direct".equals(status.path("visibility").asText());
        Instant created = status.hasNonNull("created_at") ? Instant.parse(status.path("created_at").asText()) : Instant.now();
        // Notifications of type mention are addressed to the brand by definition.
        return new Mention(Platform.MASTODON, status.path("id").asText(), author, plainText(status.path("content").asText("")),
                created, inReplyTo, inReplyTo, true, isPrivate, "poll:mastodon");
    }

    /** Mastodon sends HTML; careloop keeps the words. */
    public static String plainText(String html) {
        return html.replaceAll("(?i)<br\\s*/?>|</p>\\s*<p>", "\n").replaceAll("<[^>]+>", "")
                .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").trim();
    }
}
