package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After the loop is closed, one private question (1 to 5); the customer's answer, however it is written, lands on the
 * closed case and in the day's report.
 */
class SatisfactionSurveyTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private void deliver(Map<String, Object> fields) {
        Map<String, Object> mention = new HashMap<>(Map.of("platform", "x"));
        mention.putAll(fields);
        assertThat(stack.postWebhook(Json.write(mention)).statusCode()).isEqualTo(202);
        stack.runtime.drain();
    }

    @Test
    void theSurveyFollowsTheCloseTheLoopMessageAndItsAnswerIsReported() {
        deliver(Map.of("id", "1200", "text", "@AcmeHelp my widget stopped working",
                "author", Map.of("id", "120", "handle", "lena_v", "name", "Lena V")));
        String caseId = CaseIds.forOpeningMention("x#1200");
        assertThat(stack.api("POST", "/cases/" + caseId + "/resolve", "{\"summary\": \"replaced\"}").statusCode()).isEqualTo(200);
        stack.clock.advance(Duration.ofHours(25));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();

        List<JsonNode> dms = stack.runtime.sandbox().posts().stream().map(p -> Json.mapper().valueToTree(p))
                .map(JsonNode.class::cast).filter(p -> p.path("path").asText().contains("dm_conversations")).toList();
        assertThat(dms).singleElement().satisfies(dm -> assertThat(dm.toString()).contains("from 1 (poor) to 5 (great)"));
        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("status").asText()).isEqualTo("CLOSED");

        deliver(Map.of("id", "dm-1201", "private", true, "text", "4 out of 5",
                "author", Map.of("id", "120", "handle", "lena_v", "name", "Lena V")));

        JsonNode c = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(c.path("timeline").findValuesAsText("note")).contains("csat answer 4/5");
        assertThat(stack.apiJson("GET", "/cases?open=true", null).path("cases")).isEmpty(); // no new case for the answer
        String today = LocalDate.ofInstant(stack.clock.instant(), ZoneOffset.UTC).toString();
        JsonNode report = stack.apiJson("GET", "/reports?from=" + today + "&to=" + today, null);
        assertThat(report.path("totals").path("csat").asDouble()).isEqualTo(4.0);
        assertThat(report.path("totals").path("csatAnswers").asInt()).isEqualTo(1);
    }

    @Test
    void inTheDmConversationThatOpenedTheCaseTheAnswerCountsAndANewProblemOpensANewCase() {
        Map<String, Object> ola = Map.of("id", "130", "handle", "ola_n", "name", "Ola N");
        deliver(Map.of("id", "dm-1300", "private", true, "threadId", "dm-130", "author", ola,
                "text", "my widget stopped working, can you help?"));
        String caseId = CaseIds.forOpeningMention("x#dm-1300");
        assertThat(stack.api("POST", "/cases/" + caseId + "/resolve", "{\"summary\": \"replaced\"}").statusCode()).isEqualTo(200);
        stack.clock.advance(Duration.ofHours(25));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("status").asText()).isEqualTo("CLOSED");

        deliver(Map.of("id", "dm-1301", "private", true, "threadId", "dm-130", "author", ola, "text", "4"));

        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("timeline").findValuesAsText("note"))
                .contains("csat answer 4/5");
        assertThat(stack.apiJson("GET", "/cases?open=true", null).path("cases")).isEmpty();

        deliver(Map.of("id", "dm-1302", "private", true, "threadId", "dm-130", "author", ola,
                "text", "still broken after 2 days"));

        JsonNode open = stack.apiJson("GET", "/cases?open=true", null).path("cases");
        assertThat(open).singleElement().satisfies(c -> assertThat(c.path("id").asText()).isNotEqualTo(caseId));
        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("timeline").findValuesAsText("note"))
                .noneMatch(n -> n.startsWith("csat answer 2"));
        String today = LocalDate.ofInstant(stack.clock.instant(), ZoneOffset.UTC).toString();
        JsonNode report = stack.apiJson("GET", "/reports?from=" + today + "&to=" + today, null);
        assertThat(report.path("totals").path("csatAnswers").asInt()).isEqualTo(1);
    }
}
