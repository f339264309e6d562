package io.careloop.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Mention;
import io.careloop.platform.MastodonStatuses;
import io.careloop.platform.PlatformHttp;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mastodon {@code GET /api/v1/notifications?types[]=mention&since_id=} for the brand's account: every
 * status that mentions it, public or direct.
 *
 * <p>Since Mastodon 4.3 the account's notification policy may <em>filter</em> mentions (from accounts it does not
 * follow, new accounts, unsolicited private mentions): such notifications are left out of this list unless it asks
 * for them with {@code include_filtered=true}. A brand's customers are mostly people it does not follow, so careloop
 * asks by default; {@code CARELOOP_MASTODON_INCLUDE_FILTERED=false} leaves the account's policy in charge.
 */
public final class MastodonNotifications implements MentionSource {
    private final PlatformHttp http;
    private final String baseUrl;
    private final String accessToken;
    private final String accountId;
    private final String name;
    private final boolean includeFiltered;

    public MastodonNotifications(PlatformHttp http, String baseUrl, String accessToken, String accountId, boolean first) {
        this(http, baseUrl, accessToken, accountId, first, true);
    }

    /**
     * @param first           whether this is the brand's first Mastodon account (its cursor keeps the plain name)
     * @param includeFiltered whether to read mentions the account's notification policy filtered too
     */
    public MastodonNotifications(PlatformHttp http, String baseUrl, String accessToken, String accountId, boolean first,
                                 boolean includeFiltered) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
        this.accountId = accountId;
        this.name = first ? "mastodon-notifications" : "mastodon-notifications-" + accountId;
        this.includeFiltered = includeFiltered;
    }

    @Override
    public java.util.Optional<Account> account() {
        return java.util.Optional.of(new Account(io.careloop.core.Platform.MASTODON, accountId));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Batch read(String cursor) {
        String url = baseUrl + "/api/v1/notifications?limit=40&" + URLEncoder.encode("types[]", StandardCharsets.UTF_8)
                + "=mention" + (includeFiltered ? "&include_filtered=true" : "") + (cursor == null ? "" : "&since_id=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
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
            mentions.add(MastodonStatuses.toMention(status).toAccount(accountId));
        }
        return new Batch(mentions, newest);
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
