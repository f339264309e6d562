package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.careloop.local.signing.WebhookSigner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The X, Meta and Mastodon webhook samples in events/ (signed with the development secrets) go through the
 * real WebhookFunction on the local stack; each becomes a case answered on its own platform's API.
 */
class PlatformWebhooksEndToEndTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass(TestStack.withoutReview());

    private static APIGatewayV2HTTPResponse invoke(String sample) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + sample);
        return (APIGatewayV2HTTPResponse) stack.runtime.functions().get("WebhookFunction").invoke(event);
    }

    @Test
    void theHandshakesAnswerAsThePlatformsExpect() {
        assertThat(invoke("webhook-x-crc.json").getBody()).contains("sha256=mD5wIaCzWYH3cXb66127rUo8Tu/ddsu7gK4bpt537VE=");
        assertThat(invoke("webhook-meta-handshake.json").getBody()).isEqualTo("1158201444");
    }

    @Test
    void everySignedWebhookSampleInEventsIsAccepted() throws Exception {
        try (var files = java.nio.file.Files.list(TestStack.templatePath().resolveSibling("events"))) {
            List<String> samples = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("webhook-") && !n.equals("webhook-generic.json") // signed at a fixed time: a replay
                            && !n.endsWith("-crc.json") && !n.endsWith("-handshake.json"))
                    .sorted().toList();
            assertThat(samples).hasSizeGreaterThanOrEqualTo(9);
            for (String sample : samples) {
                APIGatewayV2HTTPResponse r = invoke(sample);
                assertThat(r.getStatusCode()).as(sample + ": " + r.getBody()).isEqualTo(202);
                assertThat(r.getBody()).as(sample).contains("\"accepted\":1");
            }
        }
    }

    @Test
    void aMentionOnEachPlatformIsAnsweredOnThatPlatform() {
        for (String sample : List.of("webhook-x.json", "webhook-meta.json", "webhook-mastodon.json")) {
            assertThat(invoke(sample).getStatusCode()).as(sample).isEqualTo(202);
        }
        stack.runtime.drain();

        List<Map<String, Object>> posts = stack.runtime.sandbox().posts();
        assertThat(posts).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/x/2/tweets");
            assertThat(p.get("body").toString()).contains("1860000000000000777").contains("@dana_k");
        });
        assertThat(posts).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/123_456/comments");
            assertThat(p.get("body").toString()).contains("Lee,");
        });
        assertThat(posts).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/mastodon/api/v1/statuses");
            assertThat(p.get("body").toString()).contains("113500000000000777").contains("@lee@fosstodon.org");
        });
    }

    @Test
    void aMessengerMessageIsAnsweredInMessengerWithoutCallingTheCustomerByTheirId() {
        // Found by `careloop load`: a DM has no comment to reply to, and Meta names no one in a messaging event.
        // Written just now: within Messenger's 24-hour window, so careloop's own answer may go.
        long now = stack.clock.instant().toEpochMilli();
        String body = io.careloop.core.Json.write(Map.of("object", "page", "entry", List.of(Map.of("id", "200000000000001",
                "time", now / 1000, "messaging", List.of(Map.of("sender", Map.of("id", "7123"),
                        "recipient", Map.of("id", "200000000000001"), "timestamp", now,
                        "message", Map.of("mid", "m_e2e_1", "text", "my order never arrived and nobody answers")))))));
        assertThat(stack.send("POST", "/webhooks/meta", body, WebhookSigner.meta("dev-meta-app-secret", body)).statusCode())
                .isEqualTo(202);
        stack.runtime.drain();

        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/200000000000001/messages");
            String sent = p.get("body").toString();
            assertThat(sent).contains("\"recipient\":{\"id\":\"7123\"}").contains("\"messaging_type\":\"RESPONSE\"")
                    .contains("Hi there,").doesNotContain("Hi 7123");
        });
    }

    private static int postMeta(Map<String, Object> value) {
        String body = io.careloop.core.Json.write(Map.of("object", "page", "entry", List.of(Map.of("id", "200000000000001",
                "time", 1795424400, "changes", List.of(Map.of("field", "feed", "value", value))))));
        return stack.send("POST", "/webhooks/meta", body, WebhookSigner.meta("dev-meta-app-secret", body)).statusCode();
    }

    private static Map<String, Object> comment(String verb, String id, String message, long time) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("item", "comment");
        v.put("verb", verb);
        v.put("comment_id", id);
        v.put("post_id", "200000000000001_55");
        v.put("parent_id", "200000000000001_55");
        if (message != null) {
            v.put("message", message);
        }
        v.put("from", Map.of("id", "88001", "name", "Noor Aziz"));
        v.put("created_time", time);
        return v;
    }

    @Test
    void editsAndDeletionsAreRecordedOnTheCaseOnceAndAPostDeletedBeforeTriageIsNeverAnswered() {
        assertThat(postMeta(comment("add", "55_1", "My parcel is lost and nobody answers", 1795424400L))).isEqualTo(202);
        stack.runtime.drain();
        String caseId = io.careloop.cases.CaseIds.forOpeningMention("facebook#55_1");
        for (int delivery = 0; delivery < 2; delivery++) { // Meta delivers the edit twice
            assertThat(postMeta(comment("edited", "55_1", "My parcel is lost (order 8812) and nobody answers", 1795424500L))).isEqualTo(202);
        }
        postMeta(comment("remove", "55_1", null, 1795424600L));
        stack.runtime.drain();

        var timeline = stack.apiJson("GET", "/cases/" + caseId, null).path("timeline");
        assertThat(timeline.findValuesAsText("kind").stream().filter("edited"::equals)).as("one edit entry").hasSize(1);
        assertThat(timeline.toString()).contains("My parcel is lost (order 8812) and nobody answers")
                .contains("the customer edited this post").contains("the customer deleted this post")
                .contains("My parcel is lost and nobody answers"); // the original stays, for the record

        // Removed before careloop saw it; the late "add" is then not answered.
        postMeta(comment("remove", "55_9", null, 1795424700L));
        stack.runtime.drain();
        postMeta(comment("add", "55_9", "My order never arrived, terrible", 1795424400L));
        stack.runtime.drain();
        assertThat(stack.runtime.sandbox().posts().toString()).doesNotContain("55_9");
    }

    @Test
    void aPrivateReplyToACommentUsesMetasPrivateReplyWithinSevenDaysAndAnInviteAfter() {
        postMeta(Map.of("item", "comment", "verb", "add", "comment_id", "66_1", "post_id", "200000000000001_66",
                "message", "My parcel is lost and nobody answers", "from", Map.of("id", "88003", "name", "Ines Roy"),
                "created_time", stack.clock.instant().getEpochSecond()));
        postMeta(Map.of("item", "comment", "verb", "add", "comment_id", "67_2", "post_id", "200000000000001_67",
                "message", "Charged twice for one order, terrible", "from", Map.of("id", "88002", "name", "Omar Said"),
                "created_time", stack.clock.instant().getEpochSecond()));
        stack.runtime.drain();
        String within = io.careloop.cases.CaseIds.forOpeningMention("facebook#66_1");
        String after = io.careloop.cases.CaseIds.forOpeningMention("facebook#67_2");

        assertThat(stack.api("POST", "/cases/" + within + "/reply",
                "{\"text\":\"Your order 7001 is being re-sent today\",\"private\":true}").statusCode()).isEqualTo(202);
        stack.runtime.drain();
        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/200000000000001/messages");
            assertThat(p.get("body").toString()).contains("\"comment_id\":\"66_1\"").contains("order 7001");
        });

        stack.clock.advance(java.time.Duration.ofDays(8));
        assertThat(stack.api("POST", "/cases/" + after + "/reply",
                "{\"text\":\"Your refund for order 7002 is on its way\",\"private\":true}").statusCode()).isEqualTo(202);
        stack.runtime.drain();
        String all = stack.runtime.sandbox().posts().toString();
        assertThat(all).as("the private words never go public").doesNotContain("order 7002");
        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/67_2/comments");
            assertThat(p.get("body").toString()).contains("could you send us a message, or email me at help@acme.example");
        });
    }
}
