package io.careloop.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.PlatformHttp;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mastodon {@code GET /api/v1/notifications?types[]=mention&since_id=} for the brand's account: every
 * status that mentions it, public or direct.
 */
public final class MastodonNotifications implements MentionSource {
    private final PlatformHttp http;
    private final String baseUrl;
    private final String accessToken;
    private final String accountId;
    private final String name;

    /** @param first whether this is the brand's first Mastodon account (its cursor keeps the plain name) */
    public MastodonNotifications(PlatformHttp http, String baseUrl, String accessToken, String accountId, boolean first) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
        this.accountId = accountId;
        this.name = first ? "mastodon-notifications" : "mastodon-notifications-" + accountId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Batch read(String cursor) {
        String url = baseUrl + "/api/v1/notifications?limit=40&" + URLEncoder.encode("types[]", StandardCharsets.UTF_8)
                + "=mention" + (cursor == null ? "" : "&since_id=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        JsonNode notifications = http.send("GET", url, accessToken, null, Map.of(), r -> null);
        List<Mention> mentions = new ArrayList<>();
        String newest = cursor;
        for (JsonNode n : notifications) {
            String id = n.path("id").asText();
            if (newest == null || compareIds(id, newest) > 0) {
                newest = id;
            }
            JsonNode status = n.path("status");
            if (!"mention".equals(n.path("type").asText()) || status.isMissingNode()) {
                continue;
            }
            mentions.add(toMention(status).toAccount(accountId));
        }
        return new Batch(mentions, newest);
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
    static String plainText(String html) {
        return html.replaceAll("(?i)<br\\s*/?>|</p>\\s*<p>", "\n").replaceAll("<[^>]+>", "")
                .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").trim();
    }

    /** Mastodon ids are numbers in strings; longer means newer. */
    static int compareIds(String a, String b) {
        try {
            return new BigInteger(a).compareTo(new BigInteger(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
