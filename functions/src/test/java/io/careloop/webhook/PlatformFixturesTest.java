package io.careloop.webhook;

import io.careloop.observe.Metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.BrandConfig;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Secrets;
import io.careloop.config.Settings;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.poll.BlueskyNotifications;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Payload shapes from each platform's documentation (fixtures/*.json: at least ten per platform family, each with
 * the page it follows), through the real parsing: the webhooks for X, Meta, Mastodon and Threads (signed, over HTTP
 * semantics) and the notification reader for Bluesky. Each case states the status and every mention expected.
 */
class PlatformFixturesTest {
    private final Secrets secrets = new EnvironmentSecrets(new Settings(Map.of()));
    private final BrandConfig brand = BrandConfig.load(new Settings(Map.of()));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private static JsonNode cases(String family) throws Exception {
        try (InputStream in = PlatformFixturesTest.class.getResourceAsStream("/fixtures/" + family + ".json")) {
            return Json.parse(in.readAllBytes());
        }
    }

    @TestFactory
    Stream<DynamicTest> webhookFixtures() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String family : List.of("x", "meta", "mastodon", "threads")) {
            JsonNode cases = cases(family);
            assertThat(cases.size()).as(family + " fixtures").isGreaterThanOrEqualTo(10);
            for (JsonNode c : cases) {
                tests.add(DynamicTest.dynamicTest(family + ": " + c.path("name").asText(), () -> webhookCase(family, c)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> blueskyFixtures() throws Exception {
        JsonNode cases = cases("bluesky");
        assertThat(cases.size()).as("bluesky fixtures").isGreaterThanOrEqualTo(10);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest("bluesky: " + c.path("name").asText(), () -> {
                Optional<Mention> m = BlueskyNotifications.fromNotification(c.path("payload"));
                check(c.path("mentions"), m.map(List::of).orElse(List.of()), c.path("name").asText());
            }));
        }
        return tests.stream();
    }

    private void webhookCase(String family, JsonNode c) {
        List<Mention> enqueued = new ArrayList<>();
        WebhookService service = new WebhookService(List.of(new XWebhook(secrets, brand, clock),
                new MetaWebhook(secrets, brand, clock), new MastodonWebhook(secrets, brand),
                new ThreadsWebhook(secrets, brand, clock)), enqueued::addAll, Metrics.none());
        byte[] body = Json.write(c.path("payload")).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = switch (family) {
            case "x" -> Map.of("x-twitter-webhooks-signature", "sha256=" + Signatures.base64(Signatures.hmacSha256("dev-x-consumer-secret", body)));
            case "meta" -> Map.of("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-meta-app-secret", body)));
            case "threads" -> Map.of("x-hub-signature-256", "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-threads-app-secret", body)));
            default -> Map.of("x-hub-signature", "sha256=" + Signatures.hex(Signatures.hmacSha256("dev-mastodon-webhook-secret", body)));
        };
        HttpResponse r = service.handle(new HttpRequest("POST", "/webhooks/" + family, headers, Map.of(),
                Map.of("platform", family), body, Map.of()));
        assertThat(r.status()).as(c.path("name").asText() + ": " + r.body()).isEqualTo(c.path("status").asInt());
        if (c.has("skipped")) {
            assertThat(r.body()).contains("\"skipped\":" + c.path("skipped").asInt());
        }
        check(c.path("mentions"), enqueued, c.path("name").asText());
    }

    private static void check(JsonNode expected, List<Mention> actual, String name) {
        assertThat(actual).as(name + ": mentions").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            Mention m = actual.get(i);
            String at = name + ", mention " + i + " ";
            if (e.has("id")) assertThat(m.id()).as(at + "id").isEqualTo(e.path("id").asText());
            if (e.has("platform")) assertThat(m.platform().id()).as(at + "platform").isEqualTo(e.path("platform").asText());
            if (e.has("authorId")) assertThat(m.author().id()).as(at + "author").isEqualTo(e.path("authorId").asText());
            if (e.has("handle")) assertThat(m.author().handle()).as(at + "handle").isEqualTo(e.path("handle").asText());
            if (e.has("name")) assertThat(m.author().name()).as(at + "name").isEqualTo(e.path("name").asText());
            if (e.has("followers")) assertThat(m.author().followers()).as(at + "followers").isEqualTo(e.path("followers").asLong());
            if (e.has("verified")) assertThat(m.author().verified()).as(at + "verified").isEqualTo(e.path("verified").asBoolean());
            if (e.has("text")) assertThat(m.text()).as(at + "text").isEqualTo(e.path("text").asText());
            if (e.has("direct")) assertThat(m.direct()).as(at + "direct").isEqualTo(e.path("direct").asBoolean());
            if (e.has("private")) assertThat(m.isPrivate()).as(at + "private").isEqualTo(e.path("private").asBoolean());
            if (e.has("threadId")) assertThat(m.threadId()).as(at + "thread").isEqualTo(e.path("threadId").asText());
            if (e.has("inReplyTo")) assertThat(m.inReplyTo()).as(at + "in reply to").isEqualTo(e.path("inReplyTo").asText());
            if (e.has("createdAt") && e.path("createdAt").isNull()) assertThat(m.createdAt()).as(at + "time").isNull();
            assertThat(m.change() == null ? null : m.change().name()).as(at + "change")
                    .isEqualTo(e.hasNonNull("change") ? e.path("change").asText() : null);
        }
    }
}
