package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The case process through the agents' API on the local stack, from apology to advocate. */
class CaseProcessTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private void deliver(Map<String, Object> fields) {
        Map<String, Object> mention = new HashMap<>(Map.of("platform", "x"));
        mention.putAll(fields);
        assertThat(stack.postWebhook(Json.write(mention)).statusCode()).isEqualTo(202);
        stack.runtime.drain();
    }

    private void complaint(String id, String authorId, String handle, String text) {
        deliver(Map.of("id", id, "text", text, "author", Map.of("id", authorId, "handle", handle, "name", handle)));
    }

    private static String caseId(String mentionId) {
        return CaseIds.forOpeningMention("x#" + mentionId);
    }

    private JsonNode post(String path, String body, int expectedStatus) {
        HttpResponse<String> r = stack.api("POST", path, body);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(expectedStatus);
        return Json.read(r.body(), JsonNode.class);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new java.util.ArrayList<>();
        page.path("cases").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private List<String> texts(String handle) {
        return stack.postsMentioning(handle).stream().map(p -> p.path("body").path("text").asText()).toList();
    }

    @Test
    void theWholeStoryFromComplaintToAdvocate() {
        // complaint -> public apology and DM invitation
        complaint("100", "42", "dana_k", "@AcmeHelp my widget has been broken for 5 days now. Its disgusting!");
        String id = caseId("100");
        assertThat(texts("@dana_k")).singleElement().asString().contains("I'm so sorry").contains("DM");

        // the customer sends the details privately: the DM joins the case, the thread gets one note
        deliver(Map.of("id", "dm-1", "private", true, "text", "Order 88812345, bought in March, it won't switch on",
                "author", Map.of("id", "42", "handle", "dana_k")));
        deliver(Map.of("id", "dm-2", "private", true, "text", "Also the charger light blinks red",
                "author", Map.of("id", "42", "handle", "dana_k")));
        JsonNode c = stack.apiJson("GET", "/cases/" + id, null);
        assertThat(c.path("status").asText()).isEqualTo("PRIVATE");
        assertThat(c.path("timeline").findValuesAsText("ref")).contains("dm-1", "dm-2");
        assertThat(texts("@dana_k")).hasSize(2).last().asString().contains("continue in DM");

        // hand-off with periodic updates
        stack.clock.advance(Duration.ofMinutes(5));
        post("/cases/" + id + "/assign", "{\"assignee\":\"Dana Adams\"}", 200);
        JsonNode handedOff = post("/cases/" + id + "/handoff",
                "{\"team\":\"Repairs\",\"note\":\"Needs a replacement unit\",\"updateEvery\":\"4h\"}", 200);
        assertThat(handedOff.path("status").asText()).isEqualTo("HANDED_OFF");
        assertThat(handedOff.path("team").asText()).isEqualTo("Repairs");
        stack.runtime.drain();
        assertThat(texts("@dana_k")).as("told at once who has it and when they hear next").hasSize(3).last().asString()
                .contains("passed this to our Repairs team").contains("I'll update you here by");
        stack.clock.advance(Duration.ofHours(4).plusSeconds(1));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(texts("@dana_k")).hasSize(4).last().asString().contains("still working on this");

        // a promise, kept by a reply before it falls due
        post("/cases/" + id + "/promise", "{\"due\":\"2h\",\"idempotencyKey\":\"p1\"}", 202);
        stack.runtime.drain();
        assertThat(texts("@dana_k")).hasSize(5).last().asString().contains("I'll get back to you by").endsWith("^DA");
        stack.clock.advance(Duration.ofHours(1));
        post("/cases/" + id + "/reply", "{\"text\":\"@dana_k Your replacement is packed and leaves today.\"}", 202);
        stack.runtime.drain();
        stack.clock.advance(Duration.ofHours(2));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(texts("@dana_k")).as("no broken-promise update: it was kept").noneMatch(t -> t.contains("I promised"));

        // resolution, then close the loop
        JsonNode resolved = post("/cases/" + id + "/resolve",
                "{\"summary\":\"Replacement delivered\",\"publicNote\":\"Your replacement widget has arrived, enjoy!\"}", 200);
        assertThat(resolved.path("status").asText()).isEqualTo("RESOLVED");
        stack.runtime.drain();
        stack.clock.advance(Duration.ofHours(24).plusSeconds(1));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(texts("@dana_k")).last().asString().contains("I'd love to hear how it went");
        assertThat(stack.apiJson("GET", "/cases/" + id, null).path("status").asText()).isEqualTo("CLOSED");

        // the customer's public thank-you in the thread marks them an advocate
        deliver(Map.of("id", "200", "threadId", "100", "inReplyTo", "100",
                "text", "@AcmeHelp thank you so much, brilliant service from Dana!",
                "author", Map.of("id", "42", "handle", "dana_k")));
        JsonNode end = stack.apiJson("GET", "/cases/" + id, null);
        assertThat(end.path("advocate").asBoolean()).isTrue();
        assertThat(end.path("timeline").findValuesAsText("kind")).contains("handoff", "promise", "status", "assign");
    }

    @Test
    void aPromiseThatPassesUnkeptSendsAnUpdateRecordsTheBreachAndEscalates() {
        complaint("300", "43", "sam_r", "@AcmeHelp my parcel is missing");
        String id = caseId("300");
        post("/cases/" + id + "/promise", "{\"due\":\"1h\"}", 202);
        stack.runtime.drain();

        stack.clock.advance(Duration.ofHours(1).plusSeconds(1));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();

        assertThat(texts("@sam_r")).last().asString().contains("I promised you an update");
        JsonNode c = stack.apiJson("GET", "/cases/" + id, null);
        assertThat(c.path("status").asText()).isEqualTo("ESCALATED");
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("was not kept");
    }

    @Test
    void aBlockedPublicReplyIsRefusedWith422AndTheRuleAndNothingIsQueued() {
        complaint("400", "44", "lee", "@AcmeHelp my charger stopped working");
        String id = caseId("400");

        JsonNode refused = post("/cases/" + id + "/reply", "{\"text\":\"@lee As we already said, charge it first.\"}", 422);
        assertThat(refused.path("rule").asText()).isEqualTo("no-arguing");
        assertThat(post("/cases/" + id + "/reply", "{\"text\":\"@lee We'll refund you $40.\"}", 422)
                .path("rule").asText()).isEqualTo("no-compensation");
        assertThat(stack.messagesWaiting("ActionQueue")).isZero();

        post("/cases/" + id + "/reply", "{\"text\":\"Your refund of $40 is on its way.\",\"private\":true}", 202);
        stack.runtime.drain();
        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p ->
                assertThat(p.get("path").toString()).startsWith("/x/2/dm_conversations/with/44/messages"));
    }

    @Test
    void oneOwnerPerCaseAndIllegalMovesAreRefusedWithAReason() {
        complaint("500", "45", "kim", "@AcmeHelp my widget stopped working");
        String id = caseId("500");
        post("/cases/" + id + "/assign", "{\"assignee\":\"Someone Else\"}", 200);

        JsonNode refused = post("/cases/" + id + "/reply", "{\"text\":\"@kim On it.\"}", 409);
        assertThat(refused.path("error").asText()).contains("owned by Someone Else");

        post("/cases/" + id + "/assign", "{\"assignee\":\"Dana Adams\"}", 200);
        post("/cases/" + id + "/reply", "{\"text\":\"@kim On it.\"}", 202);
        post("/cases/" + id + "/resolve", "{\"summary\":\"fixed\"}", 200);
        JsonNode illegal = post("/cases/" + id + "/handoff", "{\"team\":\"Repairs\"}", 409);
        assertThat(illegal.path("error").asText()).contains("RESOLVED case cannot be handed off");
    }

    @Test
    void onlySpamAndAbuseAreModeratedWithAnAuditEntryAndAPublicNoteWhereWanted() {
        complaint("600", "46", "troll", "@AcmeHelp my widget broke and you all are clowns");
        String id = caseId("600");

        assertThat(post("/cases/" + id + "/moderate", "{\"action\":\"hide\",\"category\":\"rude\"}", 422)
                .path("error").asText()).contains("only spam and abuse");
        JsonNode moderated = post("/cases/" + id + "/moderate",
                "{\"action\":\"hide\",\"category\":\"abuse\",\"publicNote\":true,\"reason\":\"insults, not a complaint\"}", 200);
        stack.runtime.drain();

        assertThat(moderated.path("status").asText()).isEqualTo("MODERATED");
        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> assertThat(p.get("path")).isEqualTo("/x/2/tweets/600/hidden"));
        // The note speaks to a customer who has been hostile: careloop's words to them wait for a person.
        JsonNode drafts = stack.apiJson("GET", "/drafts?kind=removed_note", null).path("drafts");
        assertThat(drafts).singleElement().satisfies(d -> assertThat(d.path("reasons").toString()).contains("hostile"));
        post("/drafts/" + drafts.get(0).path("id").asText() + "/approve", "{}", 202);
        stack.runtime.drain();
        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p ->
                assertThat(((JsonNode) p.get("body")).path("text").asText()).contains("removed a comment").contains("abuse"));
        assertThat(stack.apiJson("GET", "/cases/" + id, null).path("timeline").findValuesAsText("note").toString())
                .contains("category abuse: hidden");
    }

    @Test
    void slaBreachesAreFlaggedCountedAndVisibleInStatsAndTheInboxFilters() {
        complaint("700", "47", "anna", "@AcmeHelp mi pedido no ha llegado");       // left for a person: no reply
        complaint("701", "48", "ben", "@AcmeHelp my widget has been broken for a week, terrible");
        stack.clock.advance(Duration.ofHours(25));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();

        assertThat(stack.apiJson("GET", "/cases/" + caseId("700"), null).path("slaBreached").asBoolean()).isTrue();
        JsonNode stats = stack.apiJson("GET", "/stats", null);
        assertThat(stats.path("slaBreaches").asInt()).isEqualTo(1);
        assertThat(stats.path("slaAttainment").asDouble()).isEqualTo(0.5);
        assertThat(stats.path("firstResponseSeconds").path("count").asInt()).isEqualTo(1);
        assertThat(stats.path("openByPriority").path("P2").asInt()
                + stats.path("openByPriority").path("P3").asInt()
                + stats.path("openByPriority").path("P4").asInt()).isEqualTo(2);

        assertThat(ids(stack.apiJson("GET", "/cases?platform=x&team=Care&status=ACKNOWLEDGED", null)))
                .containsExactly(caseId("701"));
        assertThat(ids(stack.apiJson("GET", "/cases?status=NEW", null))).containsExactly(caseId("700"));
        assertThat(ids(stack.apiJson("GET", "/cases?team=Billing", null))).isEmpty();
    }

    @Test
    void resolvingAnIncidentPostsTheOutcomeToTheCommunityAndAnswersEveryLinkedCase() {
        complaint("800", "51", "c1", "@AcmeHelp your site is down, I can't log in");
        complaint("801", "52", "c2", "@AcmeHelp is the site down? I can't log in at all");
        complaint("802", "53", "c3", "@AcmeHelp outage again?? nothing loads and I can't log in");
        String incident = stack.apiJson("GET", "/incidents", null).path("incidents").get(0).path("id").asText();

        JsonNode resolved = post("/incidents/" + incident + "/resolve",
                "{\"outcome\":\"The login service is back.\",\"advice\":\"If you still can't log in, clear your browser's cache.\"}", 200);
        stack.runtime.drain();

        assertThat(resolved.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.path("casesAnswered").asInt()).isEqualTo(3);
        assertThat(stack.runtime.sandbox().posts()).anySatisfy(p -> {
            JsonNode body = (JsonNode) p.get("body");
            assertThat(body.path("reply").isMissingNode()).isTrue();
            assertThat(body.path("text").asText()).contains("is fixed").contains("clear your browser's cache");
        });
        for (String handle : List.of("@c1", "@c2", "@c3")) {
            assertThat(texts(handle)).last().asString().contains("The login service is back.");
        }
        assertThat(stack.apiJson("GET", "/cases/" + caseId("801"), null).path("status").asText()).isEqualTo("RESOLVED");
        assertThat(stack.apiJson("GET", "/incidents", null).path("incidents")).isEmpty();
        post("/incidents/" + incident + "/resolve", "{\"outcome\":\"again\"}", 409);
    }
}
