package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Threads connector over real HTTP against a scripted Threads API: the two calls of a reply and their bodies,
 * and, above all, what a failure at each step means for the exactly-once ledger — nothing shown before the publish
 * call, and a publish without an answer settled by the container's status.
 */
class ThreadsConnectorTest {
    private static final String USER = "27000000000000001";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private record Received(String method, String path, String query, JsonNode body) {
    }

    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> script = new HashMap<>();
    private ThreadsConnector threads;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    in.length == 0 ? Json.object() : Json.parse(in)));
            Deque<Answer> answers = script.get(exchange.getRequestMethod() + " " + path);
            Answer a = answers == null || answers.isEmpty() ? new Answer(404, "{\"error\":{\"code\":803}}")
                    : answers.size() > 1 ? answers.poll() : answers.peek();
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        threads = new ThreadsConnector(new PlatformHttp(CLOCK), "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0",
                USER, "acme", "threads-token", CLOCK);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers, in turn, a call; the last one keeps being given. */
    private void answer(String call, int status, String... bodies) {
        Deque<Answer> answers = script.computeIfAbsent(call, k -> new ArrayDeque<>());
        for (String b : bodies) {
            answers.add(new Answer(status, b));
        }
    }

    private void threadsAnswersAsUsual() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"FINISHED\"}");
        answer("POST /v1.0/" + USER + "/threads_publish", 200, "{\"id\":\"18050000000000999\"}");
    }

    private static OutboundPost reply(String text) {
        return new OutboundPost("c_1#ACKNOWLEDGE", "18050000000000101", "lee_park", "lee_park", text, false);
    }

    private List<Received> calls(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals("/v1.0" + path)).toList();
    }

    @Test
    void aReplyIsAContainerThenItsPublication() {
        threadsAnswersAsUsual();

        String id = threads.post(reply("@lee_park I'm so sorry. Could you email me at help@acme.example?"));

        assertThat(id).isEqualTo("18050000000000999");
        assertThat(received).extracting(Received::method, Received::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/v1.0/" + USER + "/threads"),
                org.assertj.core.groups.Tuple.tuple("GET", "/v1.0/c-1"),
                org.assertj.core.groups.Tuple.tuple("POST", "/v1.0/" + USER + "/threads_publish"));
        JsonNode container = received.get(0).body();
        assertThat(container.path("media_type").asText()).isEqualTo("TEXT");
        assertThat(container.path("reply_to_id").asText()).isEqualTo("18050000000000101");
        assertThat(container.path("text").asText()).isEqualTo("@lee_park I'm so sorry. Could you email me at help@acme.example?");
        assertThat(received.get(1).query()).isEqualTo("fields=status");
        assertThat(received.get(2).body().path("creation_id").asText()).isEqualTo("c-1");
    }

    @Test
    void aPostOfTheBrandsOwnHasNoReplyToAndATooLongTextIsFitToFiveHundred() {
        threadsAnswersAsUsual();

        threads.post(new OutboundPost("i_1#INCIDENT_POST", null, null, null, "word ".repeat(150) + "😡", false));

        JsonNode container = received.get(0).body();
        assertThat(container.has("reply_to_id")).isFalse();
        assertThat(TextLimits.length(io.careloop.core.Platform.THREADS, container.path("text").asText())).isLessThanOrEqualTo(500);
    }

    @Test
    void aFailedContainerProvesNothingWasPostedEvenWithoutAnAnswer() {
        answer("POST /v1.0/" + USER + "/threads", 500, "{\"error\":{\"code\":2}}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.TRANSIENT);
        assertThat(e.certainlyNotPosted()).as("an unpublished container is never shown").isTrue();
        assertThat(calls("POST", "/" + USER + "/threads_publish")).isEmpty();
    }

    @Test
    void aContainerStillInProgressIsNotPublishedAndTheReplyIsTriedAgainLater() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"IN_PROGRESS\"}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.TRANSIENT);
        assertThat(e.certainlyNotPosted()).isTrue();
        assertThat(calls("POST", "/" + USER + "/threads_publish")).isEmpty();
    }

    @Test
    void aContainerThreadsCouldNotPrepareIsRefusedForGood() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"ERROR\"}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.REJECTED);
        assertThat(calls("POST", "/" + USER + "/threads_publish")).isEmpty();
    }

    @Test
    void aRefusedPublishIsNotSettledByAskingAgain() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"FINISHED\"}");
        answer("POST /v1.0/" + USER + "/threads_publish", 400, "{\"error\":{\"message\":\"bad\",\"code\":100}}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.REJECTED);
        assertThat(e.certainlyNotPosted()).isTrue();
        assertThat(calls("GET", "/c-1")).as("only the check before publishing").hasSize(1);
    }

    @Test
    void aThrottledPublishWaitsAndIsTriedAgainRatherThanDropped() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"FINISHED\"}");
        answer("POST /v1.0/" + USER + "/threads_publish", 400,
                "{\"error\":{\"message\":\"Application request limit reached\",\"type\":\"OAuthException\",\"code\":4}}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.RATE_LIMITED);
        assertThat(e.certainlyNotPosted()).isTrue();
        assertThat(e.retryAt()).isEqualTo(CLOCK.instant().plusSeconds(900));
    }

    @Test
    void aPublishWithoutAnAnswerWhoseContainerWasPublishedIsFoundAmongTheRepliesNotPublishedTwice() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"FINISHED\"}", "{\"id\":\"c-1\",\"status\":\"PUBLISHED\"}");
        answer("POST /v1.0/" + USER + "/threads_publish", 502, "{\"error\":{\"code\":2}}");
        answer("GET /v1.0/" + USER + "/replies", 200, Json.write(Map.of("data", List.of(
                Map.of("id", "18050000000000998", "text", "@someone_else hello", "username", "acme",
                        "replied_to", Map.of("id", "18050000000000555")),
                Map.of("id", "18050000000000999", "text", "@lee_park hello there", "username", "acme",
                        "replied_to", Map.of("id", "18050000000000101"))))));

        String id = threads.post(reply("@lee_park hello there"));

        assertThat(id).isEqualTo("18050000000000999");
        assertThat(calls("POST", "/" + USER + "/threads_publish")).as("published once").hasSize(1);
        assertThat(calls("GET", "/" + USER + "/replies").get(0).query()).contains("since=" + (CLOCK.instant().getEpochSecond() - 3600));
    }

    @Test
    void aPublishWithoutAnAnswerWhoseContainerIsUnpublishedProvesNothingWasPosted() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"FINISHED\"}");
        answer("POST /v1.0/" + USER + "/threads_publish", 503, "{\"error\":{\"code\":2}}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.TRANSIENT);
        assertThat(e.certainlyNotPosted()).isTrue();
        assertThat(e.getMessage()).contains("not published (FINISHED)");
    }

    @Test
    void aPublishWhoseFateCannotBeReadIsLeftUncertain() {
        answer("POST /v1.0/" + USER + "/threads", 200, "{\"id\":\"c-1\"}");
        answer("GET /v1.0/c-1", 200, "{\"id\":\"c-1\",\"status\":\"FINISHED\"}", "{\"id\":\"c-1\",\"status\":\"PUBLISHED\"}");
        answer("POST /v1.0/" + USER + "/threads_publish", 500, "{}");
        answer("GET /v1.0/" + USER + "/replies", 200, "{\"data\":[]}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(reply("hello")));

        assertThat(e.certainlyNotPosted()).as("published, but under an id nobody could read").isFalse();
    }

    @Test
    void anInterruptedAttemptLooksForTheBrandsOwnReplyToTheSamePostWithTheSameWords() {
        answer("GET /v1.0/" + USER + "/replies", 200, Json.write(Map.of("data", List.of(
                Map.of("id", "1", "text", "@lee_park hello there", "username", "acme", "replied_to", Map.of("id", "other")),
                Map.of("id", "2", "text", "@lee_park something else", "username", "acme", "replied_to", Map.of("id", "18050000000000101")),
                Map.of("id", "3", "text", "@lee_park hello there", "username", "acme", "replied_to", Map.of("id", "18050000000000101"))))));

        assertThat(threads.canFindOwnPost(reply("@lee_park hello there"))).isTrue();
        assertThat(threads.findOwnPost(reply("@lee_park hello there"), CLOCK.instant().minusSeconds(600))).contains("3");
        assertThat(threads.findOwnPost(reply("@lee_park never sent"), CLOCK.instant().minusSeconds(600))).isEmpty();
    }

    @Test
    void hidingAReplyIsManageReplyWithHideTrue() {
        answer("POST /v1.0/18050000000000101/manage_reply", 200, "{\"success\":true}");

        threads.hide("18050000000000101");

        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v1.0/18050000000000101/manage_reply");
            assertThat(r.body().path("hide").asBoolean()).isTrue();
        });
        assertThat(threads.canHide()).isTrue();
        assertThat(threads.canDelete()).as("Threads lets a brand hide replies, not delete them").isFalse();
    }

    @Test
    void thereAreNoPrivateMessagesOnThreads() {
        assertThat(threads.canMessagePrivately()).isFalse();

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> threads.post(
                new OutboundPost("k", null, "lee_park", "lee_park", "order 123", true)));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.REJECTED);
        assertThat(received).as("nothing was sent to Threads").isEmpty();
        assertThat(Optional.ofNullable(threads.account())).contains(USER);
    }
}
