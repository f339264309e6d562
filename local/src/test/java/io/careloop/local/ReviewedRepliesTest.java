package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reviewed replies on the local stack with the brand's shipped send policy: an outreach waits as a draft until a
 * person approves it, is posted once at the platform however often it is approved, and a draft nobody decides
 * escalates its case at its deadline without ever being posted.
 */
class ReviewedRepliesTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.xEnterprise(Map.of())); // outreach on X needs the Enterprise tier

    private void deliver(String id, String authorId, String handle, String text) {
        String body = Json.write(Map.of("platform", "x", "id", id, "text", text,
                "author", Map.of("id", authorId, "handle", handle, "name", handle, "followers", 10)));
        assertThat(stack.postWebhook(body).statusCode()).isEqualTo(202);
        stack.runtime.drain();
    }

    private JsonNode waitingDraftOf(String caseId) {
        for (JsonNode d : stack.apiJson("GET", "/drafts", null).path("drafts")) {
            if (d.path("caseId").asText().equals(caseId)) {
                return d;
            }
        }
        return null;
    }

    /** Two authors complain about the same product without addressing the brand: careloop reaches out to both. */
    private String anOutreachWaiting() {
        deliver("2001", "601", "first_author", "My #Acme widget has been broken for 5 days");
        deliver("2002", "602", "second_author", "So's mine. I'm now on my third #Acme widget…");
        return CaseIds.forOpeningMention("x#2001");
    }

    @Test
    void anOutreachWaitsForAPersonAndIsPostedOnceWhenApprovedTwice() {
        String caseId = anOutreachWaiting();

        assertThat(stack.postsMentioning("@first_author")).as("nothing goes out before a person approves").isEmpty();
        JsonNode draft = waitingDraftOf(caseId);
        assertThat(draft).as("the outreach is listed for review").isNotNull();
        assertThat(draft.path("kind").asText()).isEqualTo("acknowledge");
        assertThat(draft.path("reasons").toString()).contains("outreach");
        assertThat(draft.path("text").asText()).startsWith("@first_author ");
        assertThat(draft.path("deadline").isTextual()).isTrue();
        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("draftWaiting").asBoolean()).isTrue();

        HttpResponse<String> first = stack.api("POST", "/drafts/" + draft.path("id").asText() + "/approve", "{}");
        stack.runtime.drain();
        HttpResponse<String> second = stack.api("POST", "/drafts/" + draft.path("id").asText() + "/approve", "{}");
        stack.runtime.drain();

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(stack.postsMentioning("@first_author")).singleElement().satisfies(p -> {
            assertThat(p.path("body").path("text").asText()).isEqualTo(draft.path("text").asText());
            assertThat(p.path("body").path("reply").path("in_reply_to_tweet_id").asText()).isEqualTo("2001");
        });
        JsonNode c = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(c.path("draftWaiting").asBoolean()).isFalse();
        assertThat(c.path("firstHumanResponseAt").isTextual()).isTrue();
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("acknowledge approved by");
    }

    @Test
    void aRejectedOutreachIsNeverPosted() {
        String caseId = anOutreachWaiting();
        JsonNode draft = waitingDraftOf(caseId);

        HttpResponse<String> rejected = stack.api("POST", "/drafts/" + draft.path("id").asText() + "/reject",
                "{\"reason\": \"not ours to answer\"}");
        stack.runtime.drain();

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(stack.postsMentioning("@first_author")).isEmpty();
        assertThat(waitingDraftOf(caseId)).isNull();
    }

    @Test
    void aDraftNobodyDecidesEscalatesItsCaseAtItsDeadlineAndIsNeverPostedByItself() {
        String caseId = anOutreachWaiting();

        stack.clock.advance(Duration.ofHours(25));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();

        JsonNode c = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(c.path("status").asText()).isEqualTo("ESCALATED");
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("wait for review past their deadline");
        assertThat(stack.postsMentioning("@first_author")).isEmpty();
        assertThat(waitingDraftOf(caseId)).isNotNull();
    }
}
