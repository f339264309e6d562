package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A case whose first reply waits for review: the follow-up schedule reports it "SLA At Risk" once 80 % of the time
 * to its deadline has gone, once, then "SLA Breached" and "Draft Waiting Too Long" when the deadline passes, all on
 * the sandbox's bus through DynamoDB Local's due index.
 */
class SlaEventsTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.brand("{\"review\": {\"default\": \"review\", \"reply\": \"auto\"}}"));

    private List<String> types() {
        return stack.apiJson("GET", "/sandbox/events", null).path("events").findValuesAsText("detail-type");
    }

    private void at(Instant when) {
        stack.clock.advance(Duration.between(stack.clock.instant(), when));
    }

    private void followUp() {
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
    }

    @Test
    void aCaseWaitingForItsFirstReplyIsReportedAtRiskOnceThenBreached() {
        stack.postWebhook(TestStack.mention("x", "960", "97", "hana", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#960");
        JsonNode opened = stack.apiJson("GET", "/cases/" + caseId, null);
        Instant created = Instant.parse(opened.path("createdAt").asText());
        Instant due = Instant.parse(opened.path("firstResponseDue").asText());
        Duration toRisk = Duration.between(created, due).multipliedBy(4).dividedBy(5);
        assertThat(opened.path("draftWaiting").asBoolean()).as("the acknowledgement waits for review").isTrue();

        at(created.plus(toRisk).minusSeconds(60));
        followUp();
        assertThat(types()).doesNotContain("SLA At Risk");

        at(created.plus(toRisk));
        followUp();
        stack.clock.advance(Duration.ofMinutes(1));
        followUp();

        assertThat(types()).containsOnlyOnce("SLA At Risk");
        JsonNode atRisk = stack.apiJson("GET", "/sandbox/events", null).path("events").findParents("detail-type").stream()
                .filter(e -> e.path("detail-type").asText().equals("SLA At Risk")).findFirst().orElseThrow();
        assertThat(atRisk.path("source").asText()).isEqualTo("careloop");
        assertThat(atRisk.path("detail").path("caseId").asText()).isEqualTo(caseId);
        assertThat(atRisk.path("detail").path("firstResponseDue").asText()).isEqualTo(due.toString());
        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("timeline").findValuesAsText("note").toString())
                .contains("80 % gone without a reply");

        at(due.plusSeconds(1));
        followUp();
        assertThat(types()).containsOnlyOnce("SLA At Risk").containsOnlyOnce("SLA Breached")
                .contains("Draft Waiting Too Long");
    }

    @Test
    void aCaseAnsweredBeforeEightyPercentIsNeverReportedAtRisk() {
        stack.postWebhook(TestStack.mention("x", "961", "98", "ivo", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#961");
        JsonNode opened = stack.apiJson("GET", "/cases/" + caseId, null);
        Instant created = Instant.parse(opened.path("createdAt").asText());
        Instant due = Instant.parse(opened.path("firstResponseDue").asText());

        stack.api("POST", "/cases/" + caseId + "/reply", "{\"text\": \"@ivo I'm sorry it stopped, I'm on it.\"}");
        stack.runtime.drain();
        at(created.plus(Duration.between(created, due).multipliedBy(9).dividedBy(10)));
        followUp();

        assertThat(types()).doesNotContain("SLA At Risk", "SLA Breached");
    }
}
