package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.local.signing.WebhookSigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Threads through the local stack: the real functions, DynamoDB Local and ElasticMQ, and the Threads sandbox, which
 * speaks the documented shapes and refuses what Threads refuses. A mention heard by webhook or by polling becomes a
 * case answered with a media container and its publication; the private step is an email invitation; spam on the
 * brand's thread is hidden with {@code manage_reply}.
 */
class ThreadsEndToEndTest {
    private static final String BRAND = "27000000000000001";
    private static final String CREATE = "/threads/" + BRAND + "/threads";
    private static final String PUBLISH = "/threads/" + BRAND + "/threads_publish";
    private static final Map<String, String> BEARER = Map.of("authorization", "Bearer dev-threads-access-token");

    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private APIGatewayV2HTTPResponse invoke(String sample) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + sample);
        return (APIGatewayV2HTTPResponse) stack.runtime.functions().get("WebhookFunction").invoke(event);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Integer>> poll() {
        return (Map<String, Map<String, Integer>>) stack.runtime.functions().get("PollFunction").invoke(Map.of());
    }

    private List<JsonNode> threadsPosts() {
        return stack.runtime.sandbox().posts().stream().filter(p -> "threads".equals(p.get("platform")))
                .map(p -> (JsonNode) Json.mapper().valueToTree(p)).toList();
    }

    private List<JsonNode> threadsPosts(String path) {
        return threadsPosts().stream().filter(p -> p.path("path").asText().equals(path)).toList();
    }

    private static Map<String, Object> media(String id, String username, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("username", username);
        m.put("text", text);
        m.put("media_type", "TEXT_POST");
        m.put("timestamp", "2026-11-23T09:00:00+0000");
        return m;
    }

    private int deliver(String field, Map<String, Object> value) {
        String body = Json.write(Map.of("app_id", "1234567890", "topic", field.equals("replies") ? "moderate" : "interaction",
                "target_id", BRAND, "time", 1795424400, "values", Map.of("field", field, "value", value)));
        return stack.send("POST", "/webhooks/threads", body, WebhookSigner.threads("dev-threads-app-secret", body)).statusCode();
    }

    @Test
    void aMentionByWebhookIsAnsweredWithAContainerThenItsPublication() {
        assertThat(invoke("webhook-threads.json").getStatusCode()).isEqualTo(202);
        stack.runtime.drain();

        JsonNode container = threadsPosts(CREATE).stream().filter(p -> p.path("body").toString().contains("@sam_r"))
                .findFirst().orElseThrow();
        assertThat(container.path("body").path("media_type").asText()).isEqualTo("TEXT");
        assertThat(container.path("body").path("reply_to_id").asText()).isEqualTo("18050000000000201");
        assertThat(container.path("body").path("text").asText()).startsWith("@sam_r ")
                .contains("email me the details at help@acme.example").doesNotContain("DM");
        assertThat(threadsPosts(PUBLISH)).singleElement().satisfies(p ->
                assertThat(p.path("body").path("creation_id").asText()).isEqualTo(container.path("id").asText()));
        assertThat(stack.runtime.sandbox().requests()).as("the container was checked before it was published")
                .anySatisfy(r -> assertThat(r.path()).isEqualTo("/threads/" + container.path("id").asText()));

        String caseId = CaseIds.forOpeningMention("threads#18050000000000201");
        var read = stack.api("GET", "/cases/" + caseId, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"platform\":\"threads\"");
    }

    @Test
    void theHandshakeSampleIsAnsweredAndAReplyOnTheBrandsThreadIsAnsweredInIt() {
        APIGatewayV2HTTPEvent handshake = EventLoader.loadApiGatewayHttpEvent("events/webhook-threads-handshake.json");
        assertThat(((APIGatewayV2HTTPResponse) stack.runtime.functions().get("WebhookFunction").invoke(handshake)).getBody())
                .isEqualTo("1158201444");

        assertThat(invoke("webhook-threads-reply.json").getStatusCode()).isEqualTo(202);
        stack.runtime.drain();

        assertThat(threadsPosts(CREATE)).anySatisfy(p -> {
            assertThat(p.path("body").path("reply_to_id").asText()).isEqualTo("18050000000000101");
            assertThat(p.path("body").path("text").asText()).startsWith("@lee_park ");
        });
        assertThat(threadsPosts(PUBLISH)).hasSize(1);
    }

    @Test
    void aPublishWhoseAnswerWasLostIsFoundOnThreadsAndNeverPublishedTwice() {
        stack.send("POST", "/sandbox/threads/lost-publish-answers", "{\"count\":1}", Map.of());

        assertThat(invoke("webhook-threads.json").getStatusCode()).isEqualTo(202);
        stack.runtime.drain();

        assertThat(threadsPosts(PUBLISH)).as("published once").hasSize(1);
        assertThat(threadsPosts(CREATE)).as("no second container").hasSize(1);
        assertThat(stack.runtime.sandbox().requests()).as("the profile's replies were read to find it")
                .anySatisfy(r -> assertThat(r.path()).isEqualTo("/threads/" + BRAND + "/replies"));
        String caseId = CaseIds.forOpeningMention("threads#18050000000000201");
        assertThat(stack.api("GET", "/cases/" + caseId, null).body()).as("recorded as posted, with Threads' id")
                .contains(threadsPosts(PUBLISH).get(0).path("id").asText());
    }

    @Test
    void aMentionTheWebhookMissedIsFoundByPollingAndAnsweredOnce() {
        stack.send("POST", "/sandbox/threads/mentions", Json.write(media("18050000000000301", "ana_w",
                "@acme charged twice for my order and nobody answers")), Map.of());

        var first = poll();
        assertThat(first.get("found")).containsEntry("threads-mentions", 1);
        assertThat(first.get("missedByWebhooks")).containsEntry("threads-mentions", 1);
        stack.runtime.drain();
        assertThat(poll().get("found")).as("read once, though since includes its own second").containsEntry("threads-mentions", 0);
        stack.runtime.drain();

        assertThat(threadsPosts(CREATE)).singleElement().satisfies(p ->
                assertThat(p.path("body").path("reply_to_id").asText()).isEqualTo("18050000000000301"));
        assertThat(threadsPosts(PUBLISH)).hasSize(1);
        var reads = stack.runtime.sandbox().requests().stream().filter(r -> r.path().equals("/threads/" + BRAND + "/mentions")).toList();
        assertThat(reads.get(0).query()).doesNotContain("since=");
        assertThat(reads.get(1).query()).contains("since=1795424400");
    }

    @Test
    void aPrivateReplyOnThreadsIsNeverPostedInPublicTheCustomerIsInvitedToEmail() {
        assertThat(invoke("webhook-threads.json").getStatusCode()).isEqualTo(202);
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("threads#18050000000000201");

        assertThat(stack.api("POST", "/cases/" + caseId + "/reply",
                "{\"text\":\"Your order 55501 to 12 Elm Street is on its way\",\"private\":true}").statusCode()).isEqualTo(202);
        stack.runtime.drain();

        assertThat(threadsPosts().toString()).doesNotContain("55501").doesNotContain("Elm Street")
                .contains("there are no private messages here: could you email me at help@acme.example?");
    }

    @Test
    void spamOnTheBrandsThreadIsHiddenWithManageReply() {
        Map<String, Object> spam = media("18050000000000401", "promo_bot", "get free followers now, click here");
        spam.put("replied_to", Map.of("id", "27000000000000777"));
        spam.put("root_post", Map.of("id", "27000000000000777", "owner_id", BRAND, "username", "acme"));

        assertThat(deliver("replies", spam)).isEqualTo(202);
        stack.runtime.drain();

        assertThat(threadsPosts("/threads/18050000000000401/manage_reply")).singleElement()
                .satisfies(p -> assertThat(p.path("body").path("hide").asBoolean()).isTrue());
        assertThat(threadsPosts(CREATE)).as("spam is never answered").isEmpty();
    }

    @Test
    void theSandboxRefusesWhatThreadsRefusesAndRecordsTheRefusal() throws Exception {
        assertThat(stack.send("POST", "/sandbox" + PUBLISH, "{\"creation_id\":\"404\"}", BEARER).statusCode())
                .as("publish of an unknown container").isEqualTo(400);
        assertThat(stack.send("POST", "/sandbox" + CREATE, Json.write(Map.of("media_type", "TEXT", "text", "a".repeat(501))),
                BEARER).statusCode()).as("text over 500 characters").isEqualTo(400);
        assertThat(stack.send("POST", "/sandbox" + CREATE, Json.write(Map.of("media_type", "TEXT",
                "text", "\uD83D\uDE21".repeat(126))), BEARER).statusCode()).as("126 emoji weigh 504").isEqualTo(400);
        assertThat(stack.send("POST", "/sandbox" + CREATE, "{\"media_type\":\"TEXT\"}", BEARER).statusCode())
                .as("a text post without text").isEqualTo(400);
        assertThat(stack.send("POST", "/sandbox/threads/18050000000000401/manage_reply", "{}", BEARER).statusCode())
                .as("manage_reply without hide").isEqualTo(400);

        var created = stack.send("POST", "/sandbox" + CREATE, "{\"media_type\":\"TEXT\",\"text\":\"hello\"}", BEARER);
        String container = Json.parse(created.body()).path("id").asText();
        assertThat(stack.send("POST", "/sandbox" + PUBLISH, "{\"creation_id\":\"" + container + "\"}", BEARER).statusCode()).isEqualTo(200);
        assertThat(stack.send("POST", "/sandbox" + PUBLISH, "{\"creation_id\":\"" + container + "\"}", BEARER).statusCode())
                .as("a container is published once").isEqualTo(400);

        assertThat(stack.runtime.sandbox().calls().stream().filter(c -> c.platform().equals("threads") && c.status() == 400))
                .hasSize(6);
        assertThat(threadsPosts(PUBLISH)).hasSize(1);
    }
}
