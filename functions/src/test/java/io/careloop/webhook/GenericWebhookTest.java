package io.careloop.webhook;

import io.careloop.observe.Metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.config.BrandConfig;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Settings;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.queue.MentionQueue;
import io.careloop.queue.QueueSendException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericWebhookTest {
    private static final Instant NOW = Instant.ofEpochSecond(1795424400);
    private static final String BODY = "{\"platform\":\"x\",\"id\":\"1860000000000000001\",\"author\":{\"id\":\"2244994945\","
            + "\"handle\":\"dana_k\",\"name\":\"Dana K\",\"followers\":312,\"verified\":false},\"text\":\"@AcmeHelp my widget "
            + "has been broken for 5 days now. Its disgusting!\",\"createdAt\":\"2026-11-22T09:00:00Z\"}";
    /**
     * Computed independently of careloop's code, with Python's hmac module:
     * hmac.new(b"dev-generic-secret", b"1795424400." + BODY, sha256).hexdigest()
     */
    private static final String EXPECTED_SIGNATURE =
            "sha256=fbea2b1b3256a986a68ff69ada3d610b590c76ece44db50d40dbaf4dc6795ab1";

    private final List<Mention> enqueued = new ArrayList<>();
    private final MentionQueue queue = enqueued::addAll;
    private final WebhookService service = service(Clock.fixed(NOW, ZoneOffset.UTC), queue);

    private static WebhookService service(Clock clock, MentionQueue queue) {
        GenericWebhook generic = new GenericWebhook(new EnvironmentSecrets(new Settings(Map.of())),
                BrandConfig.load(new Settings(Map.of())), clock);
        return new WebhookService(List.of(generic), queue, Metrics.none());
    }

    private static HttpRequest post(String platform, String body, Map<String, String> headers) {
        return new HttpRequest("POST", "/webhooks/" + platform, headers, Map.of(), Map.of("platform", platform),
                body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Map<String, String> signed(String timestamp, String signature) {
        return Map.of("X-Careloop-Timestamp", timestamp, "X-Careloop-Signature", signature);
    }

    @Test
    void signatureMatchesAnIndependentlyComputedVector() {
        String computed = "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-generic-secret",
                "1795424400.".getBytes(StandardCharsets.UTF_8), BODY.getBytes(StandardCharsets.UTF_8)));

        assertThat(computed).isEqualTo(EXPECTED_SIGNATURE);
    }

    @Test
    void acceptsASignedMentionAndEnqueuesIt() {
        HttpResponse response = service.handle(post("generic", BODY, signed("1795424400", EXPECTED_SIGNATURE)));

        assertThat(response.status()).isEqualTo(202);
        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.platform()).isEqualTo(Platform.X);
            assertThat(m.id()).isEqualTo("1860000000000000001");
            assertThat(m.author().handle()).isEqualTo("dana_k");
            assertThat(m.direct()).as("@AcmeHelp addresses the brand").isTrue();
            assertThat(m.key()).isEqualTo("x#1860000000000000001");
        });
    }

    @Test
    void refusesAMissingOrWrongSignatureWith401AndEnqueuesNothing() {
        assertThat(service.handle(post("generic", BODY, Map.of())).status()).isEqualTo(401);
        assertThat(service.handle(post("generic", BODY, signed("1795424400", "sha256=00"))).status()).isEqualTo(401);
        assertThat(service.handle(post("generic", BODY + " ", signed("1795424400", EXPECTED_SIGNATURE))).status())
                .as("a changed body no longer matches").isEqualTo(401);
        assertThat(enqueued).isEmpty();
    }

    @Test
    void refusesAReplayOutsideTheFiveMinuteWindow() {
        WebhookService later = service(Clock.fixed(NOW.plusSeconds(301), ZoneOffset.UTC), queue);

        HttpResponse response = later.handle(post("generic", BODY, signed("1795424400", EXPECTED_SIGNATURE)));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("5-minute window");
        assertThat(enqueued).isEmpty();
    }

    @Test
    void answersMalformedJsonWith400AndAReason() {
        String body = "{\"platform\":";
        HttpResponse response = service.handle(post("generic", body, sign(body)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON");
        assertThat(enqueued).isEmpty();
    }

    @Test
    void answersDeepNestingWith400() {
        String body = "[".repeat(5_000) + "]".repeat(5_000);
        HttpResponse response = service.handle(post("generic", body, sign(body)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(enqueued).isEmpty();
    }

    @Test
    void answersAnOversizedBodyWith413BeforeCheckingAnything() {
        String body = "x".repeat(WebhookService.MAX_BODY_BYTES + 1);

        assertThat(service.handle(post("generic", body, Map.of())).status()).isEqualTo(413);
    }

    @Test
    void answersAnUnknownPlatformWith404() {
        HttpResponse response = service.handle(post("myspace", BODY, Map.of()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("generic");
    }

    @Test
    void keepsTheValidMentionsOfAPartlyInvalidArrayAndNamesTheRejectedOnes() {
        String body = "[" + BODY + ",{\"platform\":\"x\",\"id\":1.5,\"author\":{\"id\":\"1\"},\"text\":\"hi\"},"
                + "{\"platform\":\"friendster\",\"id\":\"9\",\"author\":{\"id\":\"1\"},\"text\":\"hi\"}]";

        HttpResponse response = service.handle(post("generic", body, sign(body)));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":1").contains("[1] id must be a string or a whole number")
                .contains("[2] platform must be one of");
        assertThat(enqueued).hasSize(1);
    }

    @Test
    void readsHugeNumericIdsExactlyAndMillisecondTimes() {
        String body = "{\"platform\":\"x\",\"id\":1860000000000000123,\"author\":{\"id\":44196397},"
                + "\"text\":\"@AcmeHelp where is my parcel?\",\"createdAt\":1795424399123}";

        service.handle(post("generic", body, sign(body)));

        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("1860000000000000123");
            assertThat(m.author().id()).isEqualTo("44196397");
            assertThat(m.createdAt()).isEqualTo(Instant.ofEpochMilli(1795424399123L));
        });
    }

    @Test
    void skipsTheBrandsOwnPostsAsEchoes() {
        String body = "{\"platform\":\"x\",\"id\":\"77\",\"author\":{\"id\":\"1000000001\",\"handle\":\"AcmeHelp\"},"
                + "\"text\":\"@dana_k I'm so sorry\"}";

        HttpResponse response = service.handle(post("generic", body, sign(body)));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).contains("\"skipped\":1");
        assertThat(enqueued).isEmpty();
    }

    @Test
    void answers503WhenTheQueueIsUnavailableSoTheSenderRetries() {
        WebhookService failing = service(Clock.fixed(NOW, ZoneOffset.UTC), m -> {
            throw new QueueSendException("1 message(s) could not be enqueued");
        });

        assertThat(failing.handle(post("generic", BODY, signed("1795424400", EXPECTED_SIGNATURE))).status()).isEqualTo(503);
    }

    @Test
    void answersGetWith405BecauseTheGenericWebhookHasNoHandshake() {
        HttpRequest get = new HttpRequest("GET", "/webhooks/generic", Map.of(), Map.of(), Map.of("platform", "generic"),
                null, Map.of());

        assertThat(service.handle(get).status()).isEqualTo(405);
    }

    private static Map<String, String> sign(String body) {
        String signature = "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-generic-secret",
                "1795424400.".getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
        return signed("1795424400", signature);
    }
}
