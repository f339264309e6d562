package io.careloop.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Mention;
import io.careloop.platform.PlatformHttp;
import io.careloop.platform.ThreadsMedia;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Threads {@code GET /{threads-user-id}/mentions}: the public posts that tag the brand's profile (needs the
 * {@code threads_manage_mentions} permission). The gap filler behind the {@code mentions} webhook. The cursor is the
 * newest post's time in Unix seconds, sent back as {@code since} (Threads takes no id to read after); the posts of
 * that very second come again and are known by their ids. Pages follow {@code paging.cursors.after}.
 */
public final class ThreadsMentions implements MentionSource {
    /** Pages read per run at most: the schedule comes back in a minute for the rest. */
    static final int MAX_PAGES = 5;
    /** Threads refuses a {@code since} before the API's start (5 July 2023). */
    static final long EARLIEST_SINCE = 1_688_540_400L;
    private static final String FIELDS = "id,text,username,timestamp,replied_to,root_post,is_verified";

    private final PlatformHttp http;
    private final String baseUrl;
    private final String accessToken;
    private final String userId;
    private final String name;
    private final Clock clock;

    /** @param first whether this is the brand's first Threads profile (its cursor keeps the plain name) */
    public ThreadsMentions(PlatformHttp http, String baseUrl, String accessToken, String userId, boolean first, Clock clock) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
        this.userId = userId;
        this.name = first ? "threads-mentions" : "threads-mentions-" + userId;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Batch read(String cursor) {
        Long since = sinceOf(cursor);
        List<Mention> mentions = new ArrayList<>();
        long newest = since == null ? 0 : since;
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = baseUrl + "/" + userId + "/mentions?fields=" + FIELDS + "&limit=50"
                    + (since == null ? "" : "&since=" + since)
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode answer = http.send("GET", url, accessToken, null, Map.of(), r -> null);
            for (JsonNode media : answer.path("data")) {
                Optional<Mention> m;
                try {
                    m = ThreadsMedia.toMention(media, "poll:threads", clock.instant());
                } catch (IllegalArgumentException e) {
                    continue; // a post Threads describes without an id or a readable time cannot be answered
                }
                if (m.isEmpty()) {
                    continue;
                }
                mentions.add(m.get().toAccount(userId));
                newest = Math.max(newest, m.get().createdAt().getEpochSecond());
            }
            after = answer.path("paging").path("cursors").path("after").asText(null);
            if (after == null || after.isBlank() || !answer.path("paging").hasNonNull("next")) {
                break;
            }
        }
        return new Batch(mentions, newest == 0 ? cursor : Long.toString(newest));
    }

    /** The stored cursor as Threads' {@code since}: Unix seconds, never before the API's start. */
    private static Long sinceOf(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Math.max(EARLIEST_SINCE, Long.parseLong(cursor.trim()));
        } catch (NumberFormatException e) {
            return null; // an unreadable cursor: start again from the newest page; known posts are recognised
        }
    }
}
