package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The judgement calls of a seasoned social care lead, end to end on the local stack: each scenario starts
 * from an empty stack so topics and customers cannot leak between them.
 */
class TriageScenariosTest {
    @RegisterExtension
    // Outreach to people who did not address the brand: replies X allows only its Enterprise tier.
    final TestStack stack = TestStack.perTest(TestStack.xEnterprise(TestStack.withoutReview()));

    private void deliver(String id, String authorId, String handle, String text) {
        deliver(id, authorId, handle, text, 10);
    }

    private void deliver(String id, String authorId, String handle, String text, long followers) {
        String body = Json.write(Map.of("platform", "x", "id", id, "text", text,
                "author", Map.of("id", authorId, "handle", handle, "name", handle, "followers", followers)));
        assertThat(stack.postWebhook(body).statusCode()).isEqualTo(202);
        stack.runtime.drain();
    }

    private JsonNode caseOf(String mentionId) {
        return stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#" + mentionId), null);
    }

    /** The first reply to the case of this mention waits for review: approve it as written. */
    private JsonNode approveTheDraftOf(String mentionId, String reason) {
        String caseId = CaseIds.forOpeningMention("x#" + mentionId);
        JsonNode draft = null;
        for (JsonNode d : stack.apiJson("GET", "/drafts", null).path("drafts")) {
            if (d.path("caseId").asText().equals(caseId)) {
                draft = d;
            }
        }
        assertThat(draft).as("a draft waits for " + caseId).isNotNull();
        assertThat(draft.path("reasons").toString()).contains(reason);
        assertThat(stack.api("POST", "/drafts/" + draft.path("id").asText() + "/approve", "{}").statusCode()).isEqualTo(202);
        stack.runtime.drain();
        return draft;
    }

    private boolean hasCase(String mentionId) {
        return stack.api("GET", "/cases/" + CaseIds.forOpeningMention("x#" + mentionId), null).statusCode() == 200;
    }

    @Test
    void aDirectComplaintOpensACaseAndIsAcknowledged() {
        deliver("1001", "501", "dana_k", "@AcmeHelp my widget has been broken for 5 days now. Its disgusting!");

        JsonNode c = caseOf("1001");
        assertThat(c.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(c.path("topic").asText()).isEqualTo("widget");
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("direct complaint");
        assertThat(stack.postsMentioning("@dana_k")).singleElement()
                .satisfies(p -> assertThat(p.path("body").path("text").asText()).contains("I'm so sorry"));
    }

    @Test
    void anIndirectComplaintIsWatchedUntilASecondAuthorCorroboratesItThenTheFirstAuthorIsOfferedHelp() {
        deliver("2001", "601", "first_author", "My #Acme widget has been broken for 5 days");

        assertThat(hasCase("2001")).as("watched, not answered").isFalse();
        assertThat(stack.postsMentioning("@first_author")).isEmpty();

        deliver("2002", "602", "second_author", "So's mine. I'm now on my third #Acme widget…");

        assertThat(hasCase("2001")).as("the watch turned into outreach").isTrue();
        assertThat(caseOf("2001").path("timeline").findValuesAsText("note").toString())
                .contains("corroborated by @second_author");
        assertThat(stack.postsMentioning("@first_author")).as("an outreach waits for a person").isEmpty();
        approveTheDraftOf("2001", "outreach");
        assertThat(stack.postsMentioning("@first_author")).singleElement().satisfies(p ->
                assertThat(p.path("body").path("reply").path("in_reply_to_tweet_id").asText()).isEqualTo("2001"));
    }

    @Test
    void anIndirectComplaintFromAnInfluentialAuthorIsActedOnAtOnce() {
        deliver("3001", "701", "big_voice", "My #Acme charger stopped working after a week. Terrible quality, really disappointed",
                250_000);

        JsonNode c = caseOf("3001");
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("influential author");
        assertThat(c.path("priority").asText()).isIn("P1", "P2");
        assertThat(stack.postsMentioning("@big_voice")).as("an influential author's first reply waits for a person").isEmpty();
        approveTheDraftOf("3001", "influential author");
        assertThat(stack.postsMentioning("@big_voice")).hasSize(1);
    }

    @Test
    void spamOnTheBrandsThreadIsHiddenWithAnAuditRecordAndNeverAnswered() {
        deliver("4001", "801", "promo_bot", "@AcmeHelp FREE FOLLOWERS click here bit.ly/xyz");

        List<Map<String, Object>> calls = stack.runtime.sandbox().posts();
        assertThat(calls).anySatisfy(p -> {
            assertThat(p.get("method")).isEqualTo("PUT");
            assertThat(p.get("path")).isEqualTo("/x/2/tweets/4001/hidden");
        });
        assertThat(stack.postsMentioning("@promo_bot")).isEmpty();
        JsonNode audit = caseOf("4001");
        assertThat(audit.path("status").asText()).isEqualTo("MODERATED");
        assertThat(audit.path("timeline").findValuesAsText("note").toString()).contains("category spam: hidden");
    }

    @Test
    void aNegativeButLegitimateCommentIsNeverModerated() {
        deliver("4101", "811", "angry_but_fair", "@AcmeHelp this is the worst service, my order is three weeks late");

        assertThat(stack.runtime.sandbox().posts()).noneSatisfy(p -> assertThat(p.get("method")).isEqualTo("PUT"));
        assertThat(caseOf("4101").path("status").asText()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void aCustomersSecondMessageJoinsTheExistingCase() {
        deliver("5001", "901", "sam_r", "@AcmeHelp my order never arrived");
        deliver("5002", "901", "sam_r", "@AcmeHelp still waiting, it's been days");

        assertThat(hasCase("5002")).isFalse();
        assertThat(caseOf("5001").path("timeline").findValuesAsText("ref")).contains("5001", "5002");
        assertThat(stack.postsMentioning("@sam_r")).hasSize(1);
    }

    @Test
    void threeCustomersWithTheSameOutageOpenOneIncidentWithOneHoldingMessage() {
        deliver("6001", "1101", "cust_a", "@AcmeHelp your site is down, I can't log in");
        deliver("6002", "1102", "cust_b", "@AcmeHelp is the site down? I can't log in at all, this is ridiculous");
        deliver("6003", "1103", "cust_c", "@AcmeHelp outage again?? nothing loads and I can't log in");

        JsonNode incidents = stack.apiJson("GET", "/incidents", null).path("incidents");
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).path("cases")).as("the list names each incident's cases").hasSize(3);
        JsonNode incident = stack.apiJson("GET", "/incidents/" + incidents.get(0).path("id").asText(), null);
        assertThat(incident.path("topic").asText()).isEqualTo("outage");
        assertThat(incident.path("cases")).hasSize(3);

        List<Map<String, Object>> posts = stack.runtime.sandbox().posts();
        long proactive = posts.stream().filter(p -> ((JsonNode) p.get("body")).path("reply").isMissingNode()).count();
        assertThat(proactive).as("one proactive holding message from the brand").isEqualTo(1);
        assertThat(stack.postsMentioning("@cust_c")).singleElement().satisfies(p ->
                assertThat(p.path("body").path("text").asText()).contains("I know about this problem"));
        assertThat(stack.postsMentioning("@cust_a")).as("acknowledged, then told it is an incident, without a second apology")
                .hasSize(2).last().satisfies(p -> assertThat(p.path("body").path("text").asText())
                        .contains("others are seeing the same problem").doesNotContainIgnoringCase("sorry"));

        deliver("6004", "1104", "cust_d", "@AcmeHelp down for me too, can't log in");
        assertThat(stack.apiJson("GET", "/incidents/" + incidents.get(0).path("id").asText(), null).path("cases"))
                .as("later mentions on the topic join the incident").hasSize(4);
        assertThat(stack.apiJson("GET", "/incidents", null).path("incidents")).hasSize(1);
    }

    @Test
    void praiseIsThankedWithoutACaseAndPraiseAfterAResolutionMarksAnAdvocate() {
        deliver("7001", "1201", "happy_fan", "@AcmeHelp thanks, love the new widget!");
        assertThat(hasCase("7001")).isFalse();
        assertThat(stack.postsMentioning("@happy_fan")).singleElement()
                .satisfies(p -> assertThat(p.path("body").path("text").asText()).contains("Thank you"));

        deliver("7101", "1202", "fixed_up", "@AcmeHelp my charger stopped working");
        String id = caseOf("7101").path("id").asText();
        stack.clock.advance(Duration.ofMinutes(5));
        assertThat(stack.api("POST", "/cases/" + id + "/resolve", "{\"summary\":\"replaced\"}").statusCode()).isEqualTo(200);
        deliver("7102", "1202", "fixed_up", "@AcmeHelp wow, thank you so much, the new charger is brilliant!");

        JsonNode c = caseOf("7101");
        assertThat(c.path("advocate").asBoolean()).isTrue();
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("advocate");
    }

    @Test
    void aCustomerWhoKeepsBeingHostileGetsNoMoreAutomaticRepliesAndIsEscalated() {
        deliver("8001", "1301", "furious", "@AcmeHelp my widget broke, you idiots");
        deliver("8002", "1301", "furious", "@AcmeHelp still broken you stupid morons");

        JsonNode c = caseOf("8001");
        assertThat(c.path("status").asText()).isEqualTo("ESCALATED");
        stack.clock.advance(Duration.ofHours(5));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@furious")).as("nothing automatic: the acknowledgement waits for a person")
                .isEmpty();
        approveTheDraftOf("8001", "the customer has been hostile");
        assertThat(stack.postsMentioning("@furious")).as("one calm acknowledgement, approved; no automatic check-in")
                .hasSize(1);
    }

    @Test
    void aComplaintInAnotherLanguageGoesToAPersonWithoutAnAutomaticReply() {
        deliver("9001", "1401", "lucia", "@AcmeHelp mi pedido no ha llegado y nadie me responde");

        JsonNode c = caseOf("9001");
        assertThat(c.path("status").asText()).isEqualTo("NEW");
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("left for a person");
        assertThat(stack.postsMentioning("@lucia")).isEmpty();
    }

    @Test
    void customersReportingAnOutageAtTheSameMomentOpenExactlyOneIncident() throws Exception {
        int customers = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(customers);
        var go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
        for (int i = 0; i < customers; i++) {
            io.careloop.core.Mention m = new io.careloop.core.Mention(io.careloop.core.Platform.X, "6500" + i,
                    new io.careloop.core.Author("1500" + i, "racer_" + i, "Racer " + i, 10, false),
                    "@AcmeHelp the site is down, I can't log in and nothing loads", stack.clock.instant(),
                    null, null, true, false, "test");
            com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage record =
                    new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
            record.setMessageId("m" + i);
            record.setBody(Json.write(m));
            record.setAttributes(Map.of());
            var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
            event.setRecords(List.of(record));
            results.add(pool.submit(() -> {
                go.await();
                return stack.runtime.functions().get("TriageFunction").invoke(event);
            }));
        }
        go.countDown();
        for (var r : results) {
            assertThat(((com.amazonaws.services.lambda.runtime.events.SQSBatchResponse) r.get()).getBatchItemFailures())
                    .isEmpty();
        }
        pool.shutdown();
        stack.runtime.drain();

        JsonNode incidents = stack.apiJson("GET", "/incidents", null).path("incidents");
        assertThat(incidents).hasSize(1);
        JsonNode incident = stack.apiJson("GET", "/incidents/" + incidents.get(0).path("id").asText(), null);
        assertThat(incident.path("cases")).as("every affected case is linked").hasSize(customers);
        long proactive = stack.runtime.sandbox().posts().stream()
                .filter(p -> ((JsonNode) p.get("body")).path("reply").isMissingNode()).count();
        assertThat(proactive).isEqualTo(1);
    }
}
