package io.careloop.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.PlatformHttp;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /{threads-user-id}/mentions} over real HTTP: the query careloop sends, paging, and the cursor it keeps. */
class ThreadsMentionsTest {
    private static final String USER = "27000000000000001";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> pages = new ArrayList<>();
    private HttpServer server;
    private ThreadsMentions mentions;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1.0/" + USER + "/mentions", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            String body = pages.isEmpty() ? "{\"data\":[]}" : pages.remove(0);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        mentions = new ThreadsMentions(new PlatformHttp(clock), "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0",
                "threads-token", USER, true, clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Map<String, Object> post(String id, String username, String text, String timestamp) {
        return Map.of("id", id, "username", username, "text", text, "timestamp", timestamp);
    }

    @Test
    void theFirstReadTakesTheNewestPageAndKeepsTheNewestTimeAsTheCursor() {
        pages.add(Json.write(Map.of("data", List.of(
                post("18050000000000202", "ana_w", "@acme still no refund", "2026-11-23T09:30:05+0000"),
                post("18050000000000201", "sam_r", "@acme my order never arrived", "2026-11-23T09:10:00+0000")))));

        MentionSource.Batch batch = mentions.read(null);

        assertThat(mentions.name()).isEqualTo("threads-mentions");
        assertThat(queries.get(0)).contains("fields=id,text,username,timestamp,replied_to,root_post,is_verified")
                .doesNotContain("since=");
        assertThat(batch.mentions()).extracting(Mention::id).containsExactly("18050000000000202", "18050000000000201");
        assertThat(batch.mentions()).allSatisfy(m -> {
            assertThat(m.platform()).isEqualTo(Platform.THREADS);
            assertThat(m.direct()).isTrue();
            assertThat(m.brandAccount()).isEqualTo(USER);
            assertThat(m.source()).isEqualTo("poll:threads");
        });
        assertThat(batch.nextCursor()).isEqualTo(Instant.parse("2026-11-23T09:30:05Z").getEpochSecond() + ":18050000000000202");
    }

    @Test
    void theNextReadAsksSinceTheCursorAndFollowsThePages() {
        pages.add(Json.write(Map.of("data", List.of(post("3", "cy_b", "@acme app crashes", "2026-11-23T09:40:00+0000")),
                "paging", Map.of("cursors", Map.of("after", "QVFIUk"), "next", "https://graph.threads.net/v1.0/next"))));
        pages.add(Json.write(Map.of("data", List.of(post("2", "bo_l", "@acme charged twice", "2026-11-23T09:35:00+0000")),
                "paging", Map.of("cursors", Map.of("before", "QVFIUl")))));

        MentionSource.Batch batch = mentions.read("1795424400");

        assertThat(queries).hasSize(2);
        assertThat(queries.get(0)).contains("since=1795424400").doesNotContain("after=");
        assertThat(queries.get(1)).contains("since=1795424400").contains("after=QVFIUk");
        assertThat(batch.mentions()).extracting(Mention::id).containsExactly("3", "2");
        assertThat(batch.nextCursor()).isEqualTo(Instant.parse("2026-11-23T09:40:00Z").getEpochSecond() + ":3");
    }

    @Test
    void thePostsOfTheCursorsOwnSecondAreNotReadTwiceButANewOneOfThatSecondIs() {
        long second = Instant.parse("2026-11-23T09:40:00Z").getEpochSecond();
        pages.add(Json.write(Map.of("data", List.of(post("4", "dee_k", "@acme new, same second", "2026-11-23T09:40:00+0000"),
                post("3", "cy_b", "@acme app crashes", "2026-11-23T09:40:00+0000")))));

        MentionSource.Batch batch = mentions.read(second + ":3");

        assertThat(queries.get(0)).contains("since=" + second);
        assertThat(batch.mentions()).extracting(Mention::id).containsExactly("4");
        assertThat(batch.nextCursor()).isEqualTo(second + ":3,4");
        assertThat(mentions.read(batch.nextCursor()).mentions()).as("nothing new").isEmpty();
    }

    @Test
    void nothingNewKeepsTheCursorAndAnUnreadableOneStartsAgainFromTheNewest() {
        assertThat(mentions.read("1795424400:7").nextCursor()).isEqualTo("1795424400:7");
        mentions.read("not-a-time");
        assertThat(queries.get(1)).doesNotContain("since=");
        mentions.read("100");
        assertThat(queries.get(2)).as("Threads refuses a since before its API began").contains("since=" + ThreadsMentions.EARLIEST_SINCE);
    }

    @Test
    void aPostWithoutAuthorOrIdIsLeftOutAndTheRestAreRead() {
        pages.add(Json.write(Map.of("data", List.of(Map.of("text", "no id", "timestamp", "2026-11-23T09:00:00+0000"),
                Map.of("id", "5", "text", "no author", "timestamp", "2026-11-23T09:00:00+0000"),
                post("6", "dee_k", "@acme help", "2026-11-23T09:00:00+0000")))));

        assertThat(mentions.read(null).mentions()).extracting(Mention::id).containsExactly("6");
    }
}
