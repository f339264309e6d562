package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop on the local stack, through real queues, a real table and the real handlers: a signed
 * mention becomes a case, a public acknowledgement, a check-in, a resolution and a closed loop.
 */
class PipelineEndToEndTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @Test
    void aComplaintBecomesACaseIsAcknowledgedFollowedUpResolvedAndTheLoopIsClosed() {
        String mention = TestStack.mention("x", "1860000000000000001", "2244994945", "dana_k",
                "@AcmeHelp my widget has been broken for 5 days now. Its disgusting!");

        // webhook -> MentionQueue
        assertThat(stack.postWebhook(mention).statusCode()).isEqualTo(202);
        assertThat(stack.messagesWaiting("MentionQueue")).isEqualTo(1);

        // MentionQueue -> triage -> case + ActionQueue -> reply -> platform
        stack.runtime.drain();
        JsonNode inbox = stack.apiJson("GET", "/cases?status=ACKNOWLEDGED", null);
        JsonNode listed = find(inbox.path("cases"), "dana_k");
        String caseId = listed.path("id").asText();
        assertThat(listed.path("priority").asText()).isEqualTo("P2");
        assertThat(listed.path("firstResponseAt").isNull()).isFalse();

        List<JsonNode> posts = stack.postsMentioning("@dana_k");
        assertThat(posts).hasSize(1);
        JsonNode ack = posts.get(0);
        assertThat(ack.path("path").asText()).isEqualTo("/x/2/tweets");
        assertThat(ack.path("body").path("reply").path("in_reply_to_tweet_id").asText()).isEqualTo("1860000000000000001");
        assertThat(ack.path("body").path("text").asText()).startsWith("@dana_k I'm so sorry about the trouble with your widget.").contains("DM");

        // FollowUpFunction: nothing is due yet, then the check-in falls due
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@dana_k")).hasSize(1);
        stack.clock.advance(Duration.ofHours(4).plusSeconds(1));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@dana_k")).hasSize(2)
                .last().satisfies(p -> assertThat(p.path("body").path("text").asText()).contains("checking in"));

        // CaseApiFunction: assign, then resolve with a public note (the clock moves on as it would between steps)
        stack.clock.advance(Duration.ofMinutes(1));
        assertThat(stack.api("POST", "/cases/" + caseId + "/assign", "{\"assignee\":\"Dana Adams\"}").statusCode())
                .isEqualTo(200);
        stack.clock.advance(Duration.ofMinutes(1));
        JsonNode resolved = stack.apiJson("POST", "/cases/" + caseId + "/resolve",
                "{\"summary\":\"Replacement shipped\",\"publicNote\":\"Your replacement widget is on its way.\"}");
        assertThat(resolved.path("status").asText()).isEqualTo("RESOLVED");
        stack.clock.advance(Duration.ofSeconds(1));
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@dana_k")).hasSize(3).last()
                .satisfies(p -> assertThat(p.path("body").path("text").asText())
                        .isEqualTo("@dana_k Your replacement widget is on its way. ^DA"));

        // After the close-the-loop delay the customer is thanked and the case closes
        stack.clock.advance(Duration.ofHours(24).plusSeconds(1));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@dana_k")).hasSize(4).last()
                .satisfies(p -> assertThat(p.path("body").path("text").asText()).contains("Thank you for your patience"));

        JsonNode closed = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("timeline").findValuesAsText("kind"))
                .as("newest first")
                .containsExactly("reply", "reply", "reply", "status", "assign", "reply", "reply", "mention");
        // newest: the satisfaction survey, privately, after the close-the-loop message
        assertThat(closed.path("timeline").get(0).path("note").asText()).startsWith("csat_survey ");
        assertThat(closed.path("timeline").get(0).path("private").asBoolean()).isTrue();
        assertThat(closed.path("timeline").get(7).path("note").asText()).contains("triage: complaint");

        // The loop is closed: the customer's next complaint opens a new case
        stack.postWebhook(TestStack.mention("x", "1860000000000000099", "2244994945", "dana_k",
                "@AcmeHelp and now the replacement is broken too"));
        stack.runtime.drain();
        JsonNode again = find(stack.apiJson("GET", "/cases?status=ACKNOWLEDGED", null).path("cases"), "dana_k");
        assertThat(again.path("id").asText()).isNotEqualTo(caseId);
    }

    @Test
    void aSecondMessageFromACustomerWithAnOpenCaseJoinsThatCase() {
        stack.postWebhook(TestStack.mention("x", "500001", "9001", "sam_r", "@AcmeHelp my order never arrived"));
        stack.runtime.drain();
        stack.postWebhook(TestStack.mention("x", "500002", "9001", "sam_r", "@AcmeHelp still nothing, it's been days"));
        stack.runtime.drain();

        JsonNode listed = find(stack.apiJson("GET", "/cases", null).path("cases"), "sam_r");
        JsonNode detail = stack.apiJson("GET", "/cases/" + listed.path("id").asText(), null);
        assertThat(detail.path("timeline").findValuesAsText("ref")).contains("500001", "500002");
        assertThat(stack.postsMentioning("@sam_r")).as("one acknowledgement per case, not per message").hasSize(1);
    }

    @Test
    void praiseIsThankedWithoutACaseAndAnUncorroboratedIndirectComplaintIsOnlyWatched() {
        stack.postWebhook(TestStack.mention("x", "600001", "9101", "fan_1", "@AcmeHelp thanks, love the new widget"));
        stack.postWebhook(TestStack.mention("x", "600002", "9102", "bystander", "My #Acme charger stopped working again"));
        stack.runtime.drain();

        JsonNode all = stack.apiJson("GET", "/cases", null).path("cases");
        assertThat(all.findValuesAsText("handle")).doesNotContain("fan_1", "bystander");
        assertThat(stack.postsMentioning("@fan_1")).singleElement()
                .satisfies(p -> assertThat(p.path("body").path("text").asText()).contains("Thank you"));
        assertThat(stack.postsMentioning("@bystander")).isEmpty();
    }

    private static JsonNode find(JsonNode cases, String handle) {
        for (JsonNode c : cases) {
            if (c.path("customer").path("handle").asText().equals(handle)) {
                return c;
            }
        }
        throw new AssertionError("no case for @" + handle + " in " + cases);
    }
}
