package io.careloop.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.config.BrandConfig;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Secrets;
import io.careloop.config.Settings;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Threads webhook route: Meta's verify-token handshake with the Threads verify token, and the
 * {@code X-Hub-Signature-256} over the raw bytes with the Threads app secret (expected value computed with Python's
 * hmac module, independently of this code). The payload shapes are in fixtures/threads.json.
 */
class ThreadsWebhookTest {
    /** Sent as the bytes below: Threads, like Meta's other webhooks, escapes non-ASCII text, and signs what it sent. */
    private static final String BODY = "{\"app_id\":\"1\",\"topic\":\"interaction\",\"values\":{\"field\":\"mentions\",\"value\":"
            + "{\"id\":\"18050000000000301\",\"username\":\"sam_r\",\"text\":\"@acme caf\\u00e9 order lost\","
            + "\"timestamp\":\"2026-11-23T09:00:00+0000\"}}}";
    private static final String SIGNATURE = "sha256=45abafe878f7aa83dc6112be30bd1d3c3fa2b1f2baee654f58217a105da006a0";
    /** The same body signed with the Facebook app's secret: another app's signature. */
    private static final String META_APP_SIGNATURE = "sha256=aeb5a553670f832540ccbe5ac340afe0adfb4a1da94664d1e37c1173dc8f8455";

    private final Secrets secrets = new EnvironmentSecrets(new Settings(Map.of()));
    private final BrandConfig brand = BrandConfig.load(new Settings(Map.of()));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private final List<Mention> enqueued = new ArrayList<>();
    private final WebhookService service = new WebhookService(List.of(new ThreadsWebhook(secrets, brand, clock)),
            enqueued::addAll, Metrics.none());

    private HttpResponse post(Map<String, String> headers) {
        return service.handle(new HttpRequest("POST", "/webhooks/threads", headers, Map.of(), Map.of("platform", "threads"),
                BODY.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    private HttpResponse handshake(Map<String, String> query) {
        return service.handle(new HttpRequest("GET", "/webhooks/threads", Map.of(), query, Map.of("platform", "threads"),
                null, Map.of()));
    }

    @Test
    void theHandshakeEchoesTheChallengeOnlyForTheThreadsVerifyToken() {
        HttpResponse ok = handshake(Map.of("hub.mode", "subscribe", "hub.verify_token", "dev-threads-verify-token",
                "hub.challenge", "1158201444"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");

        assertThat(handshake(Map.of("hub.mode", "subscribe", "hub.verify_token", "dev-meta-verify-token",
                "hub.challenge", "1158201444")).status()).as("the Facebook app's token").isEqualTo(403);
        assertThat(handshake(Map.of("hub.mode", "unsubscribe", "hub.verify_token", "dev-threads-verify-token",
                "hub.challenge", "1")).status()).isEqualTo(403);
        assertThat(handshake(Map.of("hub.mode", "subscribe", "hub.verify_token", "dev-threads-verify-token")).status())
                .as("no challenge").isEqualTo(403);
    }

    @Test
    void aDeliverySignedWithTheThreadsAppSecretOverTheRawBytesIsAccepted() {
        HttpResponse r = post(Map.of("X-Hub-Signature-256", SIGNATURE));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.platform()).isEqualTo(Platform.THREADS);
            assertThat(m.text()).isEqualTo("@acme café order lost");
            assertThat(m.author().id()).isEqualTo("sam_r");
            assertThat(m.brandAccount()).as("the brand's Threads profile answers").isEqualTo("27000000000000001");
            assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
            assertThat(m.source()).isEqualTo("webhook:threads");
        });
    }

    @Test
    void anUnsignedOrWronglySignedDeliveryIsRefusedAndNothingIsQueued() {
        assertThat(post(Map.of()).status()).isEqualTo(401);
        assertThat(post(Map.of("X-Hub-Signature-256", META_APP_SIGNATURE)).status()).as("the Facebook app's secret").isEqualTo(401);
        assertThat(post(Map.of("X-Hub-Signature-256", SIGNATURE.replace("sha256=", "sha1="))).status()).isEqualTo(401);
        assertThat(enqueued).isEmpty();
    }

    /** Random values of every JSON kind where Threads puts its fields, each delivery signed as Threads signs. */
    @Test
    void everySignedDeliveryIsAnsweredWith202Or400NeverAnError() {
        java.util.Random r = new java.util.Random(14);
        List<Object> junk = java.util.Arrays.asList(null, "", "  ", 7, -1L, 1.5e300, true, List.of(), List.of("a", 1), Map.of(),
                Map.of("id", 3), "2026-11-23T09:00:00+0000", "yesterday", "x".repeat(5_000), "\u0000\uD800", "18050000000000999");
        String[] fields = {"replies", "mentions", "publish", "delete", "", "REPLIES"};
        int accepted = 0;
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> value = new java.util.HashMap<>();
            for (String key : List.of("id", "username", "text", "timestamp", "replied_to", "root_post", "is_verified")) {
                if (r.nextInt(4) > 0) {
                    value.put(key, junk.get(r.nextInt(junk.size())));
                }
            }
            if (r.nextBoolean()) {
                value.put("id", Long.toString(r.nextLong() & Long.MAX_VALUE));
                value.put("username", "u" + r.nextInt(1_000));
            }
            Map<String, Object> change = new java.util.HashMap<>();
            change.put("field", fields[r.nextInt(fields.length)]);
            change.put("value", r.nextInt(10) == 0 ? junk.get(r.nextInt(junk.size())) : value);
            Object values = switch (r.nextInt(5)) {
                case 0 -> List.of(change, change);
                case 1 -> junk.get(r.nextInt(junk.size()));
                default -> change;
            };
            Map<String, Object> payload = new java.util.HashMap<>();
            payload.put("app_id", "1");
            payload.put("values", values);
            byte[] body = io.careloop.core.Json.write(payload).getBytes(StandardCharsets.UTF_8);
            String signature = "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-threads-app-secret", body));

            HttpResponse response = service.handle(new HttpRequest("POST", "/webhooks/threads",
                    Map.of("X-Hub-Signature-256", signature), Map.of(), Map.of("platform", "threads"), body, Map.of()));

            assertThat(response.status()).as(new String(body, StandardCharsets.UTF_8) + " -> " + response.body()).isIn(202, 400);
            if (response.status() == 400) {
                assertThat(response.body()).as("a reason").isNotBlank();
            } else if (!response.body().contains("\"accepted\":0")) {
                accepted++;
            }
        }
        assertThat(accepted).as("the fuzz also sends usable deliveries").isPositive();
        assertThat(enqueued).allSatisfy(m -> {
            assertThat(m.platform()).isEqualTo(Platform.THREADS);
            assertThat(m.author().id()).isNotBlank();
        });
    }

    @Test
    void theRouteAnswersUnderItsOwnName() {
        assertThat(new ThreadsWebhook(secrets, brand, clock).name()).isEqualTo("threads");
        assertThat(service.handle(new HttpRequest("PUT", "/webhooks/threads", Map.of(), Map.of(), Map.of("platform", "threads"),
                null, Map.of())).status()).isEqualTo(405);
    }
}
