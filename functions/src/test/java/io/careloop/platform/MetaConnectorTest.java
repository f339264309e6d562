package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Meta connector asks the Graph API for, seen at the HTTP level. */
class MetaConnectorTest {
    private record Request(String method, String pathAndQuery, JsonNode body) {
    }

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"id\":\"new_1\"}";
    private volatile java.util.Map<String, String> answerHeaders = java.util.Map.of();
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    in.length == 0 ? null : Json.parse(in)));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private MetaConnector connector(Platform platform) {
        return new MetaConnector(platform, new PlatformHttp(Clock.fixed(NOW, java.time.ZoneOffset.UTC)),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v25.0", "200000000000001", "page-token");
    }

    @Test
    void anInstagramReplyToACommentUsesTheRepliesEdge() {
        connector(Platform.INSTAGRAM).post(new OutboundPost("k1", "17900000000000010", "c", "cust", "Sorry about that",
                false).inThread("17900000000000009"));

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.pathAndQuery()).isEqualTo("/v25.0/17900000000000010/replies");
            assertThat(r.body().path("message").asText()).isEqualTo("Sorry about that");
        });
    }

    @Test
    void wordsAddressedToAnInstagramMediaAreACommentOnIt() {
        // Instagram media have no /replies edge: a note on the media itself is POST /{ig-media-id}/comments.
        connector(Platform.INSTAGRAM).post(new OutboundPost("k2", "17900000000000009", null, null,
                "A comment was removed for breaking the house rules", false).inThread("17900000000000009"));

        assertThat(requests).singleElement().satisfies(r ->
                assertThat(r.pathAndQuery()).isEqualTo("/v25.0/17900000000000009/comments"));
    }

    @Test
    void instagramHasNoTextFeedSoABrandPostIsRefusedWithoutACall() {
        PlatformException e = catchThrowableOfType(PlatformException.class, () -> connector(Platform.INSTAGRAM)
                .post(new OutboundPost("k3", null, null, null, "We are looking into an outage", false)));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.REJECTED);
        assertThat(e.certainlyNotPosted()).isTrue();
        assertThat(requests).isEmpty();
    }

    @Test
    void aFacebookReplyToTheRootPostStaysAComment() {
        connector(Platform.FACEBOOK).post(new OutboundPost("k4", "200000000000001_55", null, null, "Thanks",
                false).inThread("200000000000001_55"));

        assertThat(requests).singleElement().satisfies(r ->
                assertThat(r.pathAndQuery()).isEqualTo("/v25.0/200000000000001_55/comments"));
    }

    @Test
    void aMessengerMessageInsideTheWindowIsAResponseAndAfterItCarriesTheHumanAgentTag() {
        answer = "{\"recipient_id\":\"7123\",\"message_id\":\"m_1\"}";
        MetaConnector meta = connector(Platform.FACEBOOK);
        OutboundPost message = new OutboundPost("k5", null, "7123", "7123", "Your parcel ships today", true);

        meta.post(message);
        meta.post(message.taggedAs("HUMAN_AGENT"));

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).pathAndQuery()).isEqualTo("/v25.0/200000000000001/messages");
        assertThat(requests.get(0).body().path("messaging_type").asText()).isEqualTo("RESPONSE");
        assertThat(requests.get(0).body().has("tag")).isFalse();
        assertThat(requests.get(1).body().path("messaging_type").asText()).isEqualTo("MESSAGE_TAG");
        assertThat(requests.get(1).body().path("tag").asText()).isEqualTo("HUMAN_AGENT");
        assertThat(requests.get(1).body().path("recipient").path("id").asText()).isEqualTo("7123");
    }

    @Test
    void aCommentsAuthorIsReadFromTheGraphApi() {
        answer = "{\"id\":\"122_271\",\"from\":{\"id\":\"100077\",\"name\":\"Ada Lovel\"},"
                + "\"message\":\"@Acme my order never came\",\"created_time\":\"2026-11-23T09:00:01+0000\"}";

        Optional<PostReader.PlatformPost> post = connector(Platform.FACEBOOK).read("122_271");

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.pathAndQuery()).isEqualTo("/v25.0/122_271?fields=from,message,created_time");
        });
        assertThat(post).hasValueSatisfying(p -> {
            assertThat(p.authorId()).isEqualTo("100077");
            assertThat(p.authorName()).isEqualTo("Ada Lovel");
            assertThat(p.text()).isEqualTo("@Acme my order never came");
            assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-11-23T09:00:01Z"));
        });
    }

    @Test
    void anObjectMetaWillNotShowIsEmptyButAThrottledReadIsRetried() {
        status = 400;
        answer = "{\"error\":{\"message\":\"Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100,"
                + "\"error_subcode\":33}}";
        assertThat(connector(Platform.FACEBOOK).read("gone_1")).isEmpty();

        status = 503;
        answer = "{\"error\":{\"message\":\"Service temporarily unavailable\",\"code\":2}}";
        PlatformException e = catchThrowableOfType(PlatformException.class, () -> connector(Platform.FACEBOOK).read("x_1"));
        assertThat(e.kind()).isEqualTo(PlatformException.Kind.TRANSIENT);
    }

    @Test
    void aThrottledPageWaitsAsLongAsMetaSaysBeforeRetrying() {
        status = 400;
        answer = "{\"error\":{\"message\":\"(#80001) There have been too many calls to this Page account.\","
                + "\"type\":\"OAuthException\",\"code\":80001}}";
        answerHeaders = java.util.Map.of("X-Business-Use-Case-Usage", "{\"200000000000001\":[{\"type\":\"pages\","
                + "\"call_count\":100,\"total_cputime\":20,\"total_time\":30,\"estimated_time_to_regain_access\":19}]}");

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> connector(Platform.FACEBOOK)
                .post(new OutboundPost("k6", "55_1", null, null, "Thanks", false)));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.RATE_LIMITED);
        assertThat(e.retryAt()).isEqualTo(NOW.plus(java.time.Duration.ofMinutes(19)));
    }

    @Test
    void aThrottledPageWithoutUsageHeadersRetriesAfterAMinute() {
        status = 400;
        answer = "{\"error\":{\"message\":\"(#4) Application request limit reached\",\"code\":4}}";

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> connector(Platform.FACEBOOK)
                .post(new OutboundPost("k7", "55_1", null, null, "Thanks", false)));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.RATE_LIMITED);
        assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aCommentIsDeletedWithDelete() {
        answer = "{\"success\":true}";
        connector(Platform.INSTAGRAM).delete("17900000000000010");

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.pathAndQuery()).isEqualTo("/v25.0/17900000000000010");
        });
    }
}
