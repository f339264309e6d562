package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Care events reach the stack's bus through EventBridge's PutEvents (the sandbox's bus checks the protocol, the
 * signature's presence and the entries as EventBridge does) and are visible at {@code GET /sandbox/events}.
 */
class CareEventsTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private JsonNode events() {
        return stack.apiJson("GET", "/sandbox/events", null).path("events");
    }

    @Test
    void anOpenedCaseAndAnUrgentCaseNobodyCanTakeArePublishedToTheBus() {
        stack.postWebhook(TestStack.mention("x", "950", "95", "frida", "@AcmeHelp my charger caught fire last night"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#950");

        JsonNode events = events();
        assertThat(events.findValuesAsText("detail-type")).containsExactly("Case Opened", "Case Unroutable");
        JsonNode unroutable = events.get(1);
        assertThat(unroutable.path("source").asText()).isEqualTo("careloop");
        assertThat(unroutable.path("event-bus").asText()).isEqualTo("careloop-care-events");
        assertThat(unroutable.path("detail").path("caseId").asText()).isEqualTo(caseId);
        assertThat(unroutable.path("detail").path("priority").asText()).isEqualTo("P1");
        assertThat(unroutable.path("detail").path("team").asText()).isEqualTo("Care");
        // ids and figures only: never the customer's words
        assertThat(Json.write(events)).doesNotContain("caught fire");
    }

    @Test
    void anAssignmentAndAnAgentGoingAwayArePublished() {
        stack.api("PUT", "/agents/ana", "{\"available\": true, \"teams\": [\"Care\"], \"maxOpenCases\": 3}");
        stack.postWebhook(TestStack.mention("x", "951", "96", "gil", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        stack.api("PUT", "/agents/ana", "{\"available\": false}");

        List<String> types = events().findValuesAsText("detail-type");
        assertThat(types).containsSubsequence("Case Opened", "Case Assigned", "Case Unassigned", "Agent Away");
        JsonNode assigned = events().get(types.indexOf("Case Assigned"));
        assertThat(assigned.path("detail").path("assignee").asText()).isEqualTo("ana");
        // Nobody else is on shift: the case goes back to its team's queue.
        JsonNode unassigned = events().get(types.indexOf("Case Unassigned"));
        assertThat(unassigned.path("detail").path("caseId").asText()).isEqualTo(CaseIds.forOpeningMention("x#951"));
        assertThat(unassigned.path("detail").path("from").asText()).isEqualTo("ana");
    }

    @Test
    void theBusRefusesWhatEventBridgeRefuses() {
        HttpResponse<String> unsigned = stack.send("POST", "/sandbox/events",
                "{\"Entries\":[{\"Source\":\"careloop\",\"DetailType\":\"X\",\"Detail\":\"{}\"}]}",
                Map.of("x-amz-target", "AWSEvents.PutEvents"));
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("MissingAuthenticationToken");

        HttpResponse<String> reserved = stack.send("POST", "/sandbox/events",
                "{\"Entries\":[{\"Source\":\"aws.events\",\"DetailType\":\"X\",\"Detail\":\"{}\"},"
                        + "{\"Source\":\"careloop\",\"DetailType\":\"X\",\"Detail\":\"not json\"}]}",
                Map.of("x-amz-target", "AWSEvents.PutEvents", "authorization", "AWS4-HMAC-SHA256 Credential=x"));
        assertThat(reserved.statusCode()).isEqualTo(200);
        JsonNode answer = Json.read(reserved.body(), JsonNode.class);
        assertThat(answer.path("FailedEntryCount").asInt()).isEqualTo(2);
        assertThat(answer.path("Entries").findValuesAsText("ErrorCode")).containsExactly("InvalidArgument", "MalformedDetail");
        assertThat(events()).isEmpty();
    }
}
