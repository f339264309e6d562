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
import java.util.Set;
import java.util.TreeSet;

/**
 * Threads {@code GET /{threads-user-id}/mentions}: the public posts that tag the brand's profile (needs the
 * {@code threads_manage_mentions} permission). The gap filler behind the {@code mentions} webhook. Threads takes no id
 * to read after, only a time: the cursor is the newest post's time in Unix seconds, sent back as {@code since}, with
 * the ids already read in that second, which come again and are left out. Pages follow {@code paging.cursors.after}.
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
    public java.util.Optional<Account> account() {
        return java.util.Optional.of(new Account(io.careloop.core.Platform.THREADS, userId));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Batch read(String cursor) {
        Cursor from = Cursor.parse(cursor);
        List<Mention> mentions = new ArrayList<>();
        long newest = from.since() == null ? 0 : from.since();
        Set<String> atNewest = new TreeSet<>(from.since() == null ? Set.of() : from.seen());
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = baseUrl + "/" + userId + "/mentions?fields=" + FIELDS + "&limit=50"
                    + (from.since() == null ? "" : "&since=" + Math.max(EARLIEST_SINCE, from.since()))
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
                long second = m.get().createdAt().getEpochSecond();
                if (from.since() != null && second == from.since() && from.seen().contains(m.get().id())) {
                    continue; // read last time: since counts its own second
                }
                mentions.add(m.get().toAccount(userId));
                if (second > newest) {
                    newest = second;
                    atNewest.clear();
                }
                if (second == newest) {
                    atNewest.add(m.get().id());
                }
            }
            after = answer.path("paging").path("cursors").path("after").asText(null);
            if (after == null || after.isBlank() || !answer.path("paging").hasNonNull("next")) {
                break;
            }
        }
        return new Batch(mentions, mentions.isEmpty() ? cursor : newest + ":" + String.join(",", atNewest));
    }

    /**
     * Where the last read stopped: the newest post's second, and the ids of the posts of that second already read
     * ({@code 1795424405:18050000000000202,18050000000000203}). Threads' {@code since} includes its own second.
     */
    record Cursor(Long since, Set<String> seen) {
        static Cursor parse(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return new Cursor(null, Set.of());
            }
            String[] parts = cursor.trim().split(":", 2);
            try {
                Set<String> seen = parts.length < 2 || parts[1].isBlank() ? Set.of() : Set.of(parts[1].split(","));
                return new Cursor(Long.parseLong(parts[0]), seen);
            } catch (NumberFormatException e) {
                return new Cursor(null, Set.of()); // unreadable: start again from the newest page; known posts are recognised
            }
        }
    }
}
