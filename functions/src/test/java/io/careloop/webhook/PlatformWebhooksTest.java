package io.careloop.webhook;

import io.careloop.observe.Metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.config.BrandConfig;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Secrets;
import io.careloop.config.Settings;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * X, Meta and Mastodon webhooks: handshakes, signatures over the raw bytes (expected values computed with
 * Python's hmac module, independently of this code) and the payload shapes from the platforms' documentation.
 */
class PlatformWebhooksTest {
    private final Secrets secrets = new EnvironmentSecrets(new Settings(Map.of()));
    private final BrandConfig brand = BrandConfig.load(new Settings(Map.of()));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private final List<Mention> enqueued = new ArrayList<>();
    private final WebhookService service = new WebhookService(List.of(new XWebhook(secrets, brand, clock),
            new MetaWebhook(secrets, brand, clock), new MastodonWebhook(secrets, brand)), enqueued::addAll, Metrics.none());

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = PlatformWebhooksTest.class.getResourceAsStream("/webhooks/" + name)) {
            return in.readAllBytes();
        }
    }

    private static HttpRequest post(String platform, byte[] body, Map<String, String> headers) {
        return new HttpRequest("POST", "/webhooks/" + platform, headers, Map.of(), Map.of("platform", platform), body, Map.of());
    }

    private static HttpRequest get(String platform, Map<String, String> query) {
        return new HttpRequest("GET", "/webhooks/" + platform, Map.of(), query, Map.of("platform", platform), null, Map.of());
    }

    private HttpResponse signedX(String body) {
        String sig = "sha256=" + Signatures.base64(Signatures.hmacSha256("dev-x-consumer-secret", body.getBytes(StandardCharsets.UTF_8)));
        return service.handle(post("x", body.getBytes(StandardCharsets.UTF_8), Map.of("x-twitter-webhooks-signature", sig)));
    }

    private HttpResponse signedMeta(String body) {
        String sig = "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-meta-app-secret", body.getBytes(StandardCharsets.UTF_8)));
        return service.handle(post("meta", body.getBytes(StandardCharsets.UTF_8), Map.of("X-Hub-Signature-256", sig)));
    }

    private HttpResponse signedMastodon(String body) {
        String sig = "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-mastodon-webhook-secret", body.getBytes(StandardCharsets.UTF_8)));
        return service.handle(post("mastodon", body.getBytes(StandardCharsets.UTF_8), Map.of("X-Hub-Signature", sig)));
    }

    // ---- X ---------------------------------------------------------------------------------------

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            // Meta's own delivery shapes for objects careloop does not answer (Graph API webhooks reference)
            "{\"object\":\"user\",\"entry\":[{\"uid\":\"123\",\"id\":\"123\",\"time\":1732352400,\"changed_fields\":[\"photos\"]}]}",
            "{\"object\":\"permissions\",\"entry\":[{\"id\":\"123\",\"time\":1732352400,\"changes\":[{\"field\":\"email\",\"value\":{\"verb\":\"granted\"}}]}]}",
            // an Instagram test delivery from the app dashboard: a comment with no author
            "{\"object\":\"instagram\",\"entry\":[{\"id\":\"0\",\"time\":1732352400,\"changes\":[{\"field\":\"comments\",\"value\":{\"id\":\"17865799348089039\",\"text\":\"This is an example.\",\"media\":{\"id\":\"123123123\",\"media_product_type\":\"FEED\"}}}]}]}"})
    void aSignedMetaDeliveryCareloopHasNoUseForIsStillAcknowledged(String body) {
        HttpResponse r = signedMeta(body);

        assertThat(r.status()).as("Meta disables subscriptions whose deliveries keep failing").isLessThan(300);
        assertThat(enqueued).isEmpty();
    }

    @Test
    void xAnswersTheCrcChallengeWithTheBase64Hmac() {
        HttpResponse r = service.handle(get("x", Map.of("crc_token", "challenge-123")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"response_token\":\"sha256=mD5wIaCzWYH3cXb66127rUo8Tu/ddsu7gK4bpt537VE=\"}");
        assertThat(service.handle(get("x", Map.of())).status()).isEqualTo(400);
    }

    @Test
    void xAcceptsASignedTweetAndReadsTheFullTextOfALongTweet() throws Exception {
        HttpResponse r = service.handle(post("x", fixture("x-tweet-create.json"),
                Map.of("x-twitter-webhooks-signature", "sha256=9alPfwrn/0yibNU7SjtSrUiOmGxoOGWAWOdKACCjhwA=")));

        assertThat(r.status()).isEqualTo(202);
        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.platform()).isEqualTo(Platform.X);
            assertThat(m.id()).isEqualTo("1860000000000000777");
            assertThat(m.text()).endsWith("the charger is dead too.");
            assertThat(m.direct()).isTrue();
            assertThat(m.author().handle()).isEqualTo("dana_k");
            assertThat(m.author().followers()).isEqualTo(312);
            assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        });
    }

    @Test
    void xRefusesAWrongSignatureAndATamperedBody() throws Exception {
        byte[] body = fixture("x-tweet-create.json");
        assertThat(service.handle(post("x", body, Map.of())).status()).isEqualTo(401);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("dana_k", "mallory").getBytes(StandardCharsets.UTF_8);
        assertThat(service.handle(post("x", tampered,
                Map.of("x-twitter-webhooks-signature", "sha256=9alPfwrn/0yibNU7SjtSrUiOmGxoOGWAWOdKACCjhwA="))).status())
                .isEqualTo(401);
        assertThat(enqueued).isEmpty();
    }

    @Test
    void xSkipsEchoesRetweetsAndOtherEventsAndReadsDirectMessages() {
        HttpResponse r = signedX("{\"for_user_id\":\"1000000001\",\"tweet_create_events\":["
                + "{\"id_str\":\"1\",\"text\":\"@dana_k sorry!\",\"user\":{\"id_str\":\"1000000001\",\"screen_name\":\"AcmeHelp\"}},"
                + "{\"id_str\":\"2\",\"text\":\"RT @x: hi\",\"retweeted_status\":{},\"user\":{\"id_str\":\"5\"}},"
                + "{\"id_str\":\"3\",\"text\":\"my #acme widget is broken\",\"user\":{\"id_str\":\"6\",\"screen_name\":\"sam\"}}],"
                + "\"favorite_events\":[{\"id\":\"f1\"}],"
                + "\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"dm1\",\"created_timestamp\":\"1795424400000\","
                + "\"message_create\":{\"target\":{\"recipient_id\":\"1000000001\"},\"sender_id\":\"7\",\"message_data\":{\"text\":\"order 123\"}}}],"
                + "\"users\":{\"7\":{\"id\":\"7\",\"screen_name\":\"kim\",\"name\":\"Kim\",\"followers_count\":40}}}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body()).contains("\"skipped\":3");
        assertThat(enqueued).extracting(Mention::id).containsExactly("3", "dm1");
        assertThat(enqueued.get(0).direct()).as("no @-mention: indirect").isFalse();
        assertThat(enqueued.get(1).isPrivate()).isTrue();
        assertThat(enqueued.get(1).author().handle()).isEqualTo("kim");
    }

    // ---- Meta ------------------------------------------------------------------------------------

    @Test
    void metaAnswersTheSubscriptionHandshakeOnlyWithTheVerifyToken() {
        HttpResponse ok = service.handle(get("meta", Map.of("hub.mode", "subscribe", "hub.verify_token", "dev-meta-verify-token",
                "hub.challenge", "1158201444")));
        HttpResponse wrong = service.handle(get("meta", Map.of("hub.mode", "subscribe", "hub.verify_token", "guess",
                "hub.challenge", "1158201444")));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(wrong.status()).isEqualTo(403);
    }

    @Test
    void metaVerifiesTheRawEscapedBytesAndReadsAPageComment() throws Exception {
        HttpResponse r = service.handle(post("meta", fixture("meta-page-comment.json"), Map.of("X-Hub-Signature-256",
                "sha256=8bc00c0febd7f478dcbe952a86318ce5be633bfeb02284ed376fc459c5698072")));

        assertThat(r.status()).isEqualTo(202);
        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.platform()).isEqualTo(Platform.FACEBOOK);
            assertThat(m.id()).isEqualTo("123_456");
            assertThat(m.text()).isEqualTo("My widget arrived broken \u2013 again \uD83D\uDE21");
            assertThat(m.threadId()).isEqualTo("200000000000001_123");
            assertThat(m.direct()).isTrue();
            assertThat(m.author().name()).isEqualTo("Lee Park");
        });
    }

    @Test
    void metaSkipsThePagesOwnCommentsAndEchoesRecordsEditsAndReadsMessengerAndInstagram() {
        HttpResponse page = signedMeta("{\"object\":\"page\",\"entry\":[{\"id\":\"200000000000001\",\"time\":1795424400,"
                + "\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"comment_id\":\"1_1\",\"post_id\":\"p\",\"message\":\"Thanks!\",\"from\":{\"id\":\"200000000000001\",\"name\":\"Acme\"}}},"
                + "{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"edited\",\"comment_id\":\"1_2\",\"post_id\":\"p\",\"message\":\"x\",\"from\":{\"id\":\"5\"}}},"
                + "{\"field\":\"feed\",\"value\":{\"item\":\"reaction\",\"verb\":\"add\",\"post_id\":\"p\",\"from\":{\"id\":\"5\"}}}],"
                + "\"messaging\":[{\"sender\":{\"id\":\"4455\"},\"recipient\":{\"id\":\"200000000000001\"},\"timestamp\":1795424400123,\"message\":{\"mid\":\"m_1\",\"text\":\"Here are my details\"}},"
                + "{\"sender\":{\"id\":\"200000000000001\"},\"recipient\":{\"id\":\"4455\"},\"timestamp\":1795424400999,\"message\":{\"mid\":\"m_2\",\"text\":\"Thanks\",\"is_echo\":true}}]}]}");
        HttpResponse instagram = signedMeta("{\"object\":\"instagram\",\"entry\":[{\"id\":\"17841400000000001\",\"time\":1795424400,"
                + "\"changes\":[{\"field\":\"comments\",\"value\":{\"id\":\"17865799348089039\",\"text\":\"@acme my order is late\",\"from\":{\"id\":\"232323\",\"username\":\"lucia\"},\"media\":{\"id\":\"123123\",\"media_product_type\":\"FEED\"}}},"
                + "{\"field\":\"mentions\",\"value\":{\"media_id\":\"999\",\"comment_id\":\"888\"}}]}]}");

        assertThat(page.status()).isEqualTo(202);
        assertThat(page.body()).contains("\"skipped\":3");
        assertThat(instagram.status()).isEqualTo(202);
        assertThat(enqueued).extracting(Mention::id).containsExactly("1_2", "m_1", "17865799348089039");
        assertThat(enqueued.get(0).change()).as("an edit is recorded on the case, not treated as new").isEqualTo(Mention.Change.EDITED);
        assertThat(enqueued.get(1).isPrivate()).isTrue();
        assertThat(enqueued.get(1).createdAt()).isEqualTo(Instant.ofEpochMilli(1795424400123L));
        assertThat(enqueued.get(2).platform()).isEqualTo(Platform.INSTAGRAM);
        assertThat(enqueued.get(2).author().handle()).isEqualTo("lucia");
        assertThat(enqueued.get(2).threadId()).isEqualTo("123123");
    }

    @Test
    void metaAcknowledgesAnObjectCareloopDoesNotAnswerButRefusesABodyThatIsNoDelivery() {
        assertThat(signedMeta("{\"object\":\"whatsapp_business_account\",\"entry\":[]}").status()).isEqualTo(202);
        assertThat(signedMeta("{\"object\":\"page\"}").status()).isEqualTo(400);
        assertThat(enqueued).isEmpty();
    }

    // ---- Mastodon --------------------------------------------------------------------------------

    @Test
    void mastodonVerifiesTheSignatureAndReadsAStatusThatMentionsTheBrand() throws Exception {
        HttpResponse r = service.handle(post("mastodon", fixture("mastodon-status-created.json"), Map.of("X-Hub-Signature",
                "sha256=7f3243a1bf639a0db6afc954ed9a8ffae263fee58ffdd5af9fd39cebd1f90a2c")));

        assertThat(r.status()).isEqualTo(202);
        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.platform()).isEqualTo(Platform.MASTODON);
            assertThat(m.text()).isEqualTo("@acme the app crashes every time I open it");
            assertThat(m.direct()).isTrue();
            assertThat(m.author().handle()).isEqualTo("lee@fosstodon.org");
        });
        assertThat(service.handle(post("mastodon", fixture("mastodon-status-created.json"),
                Map.of("X-Hub-Signature", "sha256=00"))).status()).isEqualTo(401);
    }

    @Test
    void mastodonKeepsStatusesThatNameTheBrandAsIndirectAndSkipsTheRest() {
        String named = "{\"event\":\"status.created\",\"object\":{\"id\":\"2\",\"visibility\":\"public\",\"content\":\"<p>my #acme widget broke</p>\",\"mentions\":[],\"account\":{\"id\":\"5\",\"acct\":\"sam\"}}}";
        String unrelated = "{\"event\":\"status.created\",\"object\":{\"id\":\"3\",\"visibility\":\"public\",\"content\":\"<p>lovely weather</p>\",\"mentions\":[],\"account\":{\"id\":\"6\",\"acct\":\"kim\"}}}";
        String otherEvent = "{\"event\":\"account.created\",\"object\":{\"id\":\"9\"}}";

        assertThat(signedMastodon(named).status()).isEqualTo(202);
        assertThat(signedMastodon(unrelated).body()).contains("\"skipped\":1");
        assertThat(signedMastodon(otherEvent).status()).isEqualTo(202);
        assertThat(enqueued).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("2");
            assertThat(m.direct()).isFalse();
        });
    }
}
