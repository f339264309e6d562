package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * X's reply rule for pay-per-use apps, the local default, through the real functions, queues, table and the X
 * sandbox: a post that did not summon the brand ends with a task to answer by hand and no call to X; a post that
 * did is answered; the sandbox itself refuses what X refuses.
 */
class XPayPerUseEndToEndTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private void incoming(String id, String authorId, String username, long followers, String text) {
        stack.send("POST", "/sandbox/x/incoming", Json.write(Map.of("id", id, "author_id", authorId, "username", username,
                "followers", followers, "text", text)), Map.of());
    }

    private List<PlatformSandbox.Call> xCalls() {
        return stack.runtime.sandbox().calls().stream().filter(c -> c.platform().equals("x")).toList();
    }

    @Test
    void aNonSummoningMentionEndsWithAnOutreachTaskAndNoCallToX() {
        // An influential author complains about Acme without addressing it: found by recent search, worth a case.
        incoming("1870000000000000301", "601", "big_voice", 250_000, "My #Acme charger stopped working after a week. Terrible quality, really disappointed");

        stack.runtime.functions().get("PollFunction").invoke(Map.of());
        stack.runtime.drain();

        String caseId = CaseIds.forOpeningMention("x#1870000000000000301");
        JsonNode c = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(c.path("outreachTask").asText()).as(c.toString()).isEqualTo("https://x.com/big_voice/status/1870000000000000301");
        assertThat(c.path("timeline")).anySatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("task");
            assertThat(e.path("note").asText()).startsWith("reach out by hand: https://x.com/big_voice/status/1870000000000000301")
                    .contains("summoned the brand");
        });
        assertThat(stack.apiJson("GET", "/cases", null).path("cases")).anySatisfy(summary -> {
            assertThat(summary.path("id").asText()).isEqualTo(caseId);
            assertThat(summary.path("outreachTask").asText()).endsWith("/status/1870000000000000301");
        });
        assertThat(xCalls()).as("nothing was asked of X: no post, no refusal").isEmpty();
        assertThat(stack.apiJson("GET", "/drafts", null).path("drafts")).as("nothing to approve that X would refuse").isEmpty();
    }

    @Test
    void aQuoteOfTheBrandsPostFoundBySearchSummonedTheBrandAndIsAnswered() {
        stack.send("POST", "/sandbox/x/incoming", Json.write(Map.of("id", "1870000000000000501", "author_id", "611",
                "username", "quoter_q", "followers", 40, "quoted_user_id", "1000000001", "quoted_id", "1860000000000000900",
                "text", "Acme says the app is fixed. It still crashes every time I open it, terrible")), Map.of());

        stack.runtime.functions().get("PollFunction").invoke(Map.of());
        stack.runtime.drain();

        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/x/2/tweets");
            assertThat(p.get("body").toString()).contains("1870000000000000501").contains("@quoter_q");
        });
        assertThat(stack.runtime.sandbox().requests()).anySatisfy(r -> assertThat(r.query())
                .contains("referenced_tweets.id.author_id"));
    }

    @Test
    void aMentionThatSummonedTheBrandIsAnsweredThroughTheXActivityApiWebhook() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/webhook-x-activity-mention.json");
        APIGatewayV2HTTPResponse r = (APIGatewayV2HTTPResponse) stack.runtime.functions().get("WebhookFunction").invoke(event);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        assertThat(r.getBody()).contains("\"accepted\":1");

        stack.runtime.drain();

        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/x/2/tweets");
            assertThat(p.get("body").toString()).contains("1860000000000000888").contains("@rio_m");
        });
        JsonNode c = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#1860000000000000888"), null);
        assertThat(c.path("outreachTask").isNull()).isTrue();
    }

    @Test
    void theSandboxRefusesAReplyToAPostThatDidNotSummonTheBrandAsXDoes() throws Exception {
        incoming("1870000000000000401", "701", "someone", 10, "acme is fine I guess");
        incoming("1870000000000000402", "702", "asker", 10, "@AcmeHelp is the app down?");
        String reply = "{\"text\":\"@someone hi\",\"reply\":{\"in_reply_to_tweet_id\":\"1870000000000000401\"}}";
        Map<String, String> auth = Map.of("authorization", "Bearer dev-x-token");

        HttpResponse<String> refused = stack.send("POST", "/sandbox/x/2/tweets", reply, auth);
        HttpResponse<String> answered = stack.send("POST", "/sandbox/x/2/tweets",
                "{\"text\":\"@asker it is back\",\"reply\":{\"in_reply_to_tweet_id\":\"1870000000000000402\"}}", auth);
        stack.send("POST", "/sandbox/x/tier", "{\"tier\":\"enterprise\"}", Map.of());
        HttpResponse<String> asEnterprise = stack.send("POST", "/sandbox/x/2/tweets", reply, auth);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Json.parse(refused.body()).path("detail").asText()).startsWith("Reply to this conversation is not allowed");
        assertThat(answered.statusCode()).isEqualTo(201);
        assertThat(asEnterprise.statusCode()).isEqualTo(201);
        assertThat(xCalls()).extracting(PlatformSandbox.Call::status).containsExactly(403, 201, 201);
        assertThat(xCalls().get(0).body().path("reply").path("in_reply_to_tweet_id").asText()).isEqualTo("1870000000000000401");
        JsonNode record = Json.parse(stack.send("GET", "/sandbox/posts", null, Map.of()).body());
        assertThat(record.path("refused")).singleElement().satisfies(r -> {
            assertThat(r.path("status").asInt()).isEqualTo(403);
            assertThat(r.path("method").asText()).isEqualTo("POST");
            assertThat(r.path("path").asText()).isEqualTo("/x/2/tweets");
            assertThat(r.path("body").path("reply").path("in_reply_to_tweet_id").asText()).isEqualTo("1870000000000000401");
        });
        assertThat(record.path("posts")).hasSize(2);
    }
}
