package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The samples in events/ (the same files `sam local invoke -e` takes) drive the real handlers against the
 * local stack, in the order the pipeline would: mention in, acknowledgement out, inbox, resolution.
 */
class EventSamplesTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private static Object invoke(String function, Object event) {
        return stack.runtime.functions().get(function).invoke(event);
    }

    @Test
    void theSamplesDriveEachFunction() {
        SQSEvent mentions = EventLoader.loadSQSEvent("events/sqs-mention-queue.json");
        SQSBatchResponse triaged = (SQSBatchResponse) invoke("TriageFunction", mentions);
        assertThat(triaged.getBatchItemFailures()).isEmpty();

        SQSEvent actions = EventLoader.loadSQSEvent("events/sqs-action-queue.json");
        SQSBatchResponse replied = (SQSBatchResponse) invoke("ReplyFunction", actions);
        assertThat(replied.getBatchItemFailures()).isEmpty();
        assertThat(stack.postsMentioning("@sam_r")).hasSize(1);

        // Triage also queued the acknowledgement: its key is the sample's, so it is not posted twice.
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@sam_r")).hasSize(1);

        APIGatewayV2HTTPEvent list = EventLoader.loadApiGatewayHttpEvent("events/api-list-cases.json");
        list.setQueryStringParameters(Map.of("status", "ACKNOWLEDGED"));
        APIGatewayV2HTTPResponse inbox = (APIGatewayV2HTTPResponse) invoke("CaseApiFunction", list);
        assertThat(inbox.getStatusCode()).isEqualTo(200);
        assertThat(inbox.getBody()).contains("c_e412ebf84462f1a1");

        APIGatewayV2HTTPResponse drafts = (APIGatewayV2HTTPResponse) invoke("CaseApiFunction",
                EventLoader.loadApiGatewayHttpEvent("events/api-list-drafts.json"));
        assertThat(drafts.getStatusCode()).isEqualTo(200);
        assertThat(drafts.getBody()).startsWith("{\"drafts\":[");

        APIGatewayV2HTTPResponse resolved = (APIGatewayV2HTTPResponse) invoke("CaseApiFunction",
                EventLoader.loadApiGatewayHttpEvent("events/api-resolve-case.json"));
        assertThat(resolved.getStatusCode()).isEqualTo(200);
        assertThat(resolved.getBody()).contains("\"status\":\"RESOLVED\"").contains("Dana Adams");

        APIGatewayV2HTTPResponse console = (APIGatewayV2HTTPResponse) invoke("CaseApiFunction",
                EventLoader.loadApiGatewayHttpEvent("events/api-console.json"));
        assertThat(console.getStatusCode()).isEqualTo(200);
        assertThat(console.getHeaders().get("content-type")).startsWith("text/html");
        assertThat(console.getBody()).contains("<title>careloop console</title>");

        @SuppressWarnings("unchecked")
        Map<String, Object> followUps = (Map<String, Object>) invoke("FollowUpFunction",
                EventLoader.loadEvent("events/schedule-followup.json", Map.class));
        assertThat(followUps).containsKey("handled");
        @SuppressWarnings("unchecked")
        Map<String, Object> polled = (Map<String, Object>) invoke("PollFunction",
                EventLoader.loadEvent("events/schedule-poll.json", Map.class));
        assertThat(polled).containsKey("found");
    }

    @Test
    void theGenericWebhookSampleIsRefusedAsAReplayOnceItsTimestampIsOld() {
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) invoke("WebhookFunction",
                EventLoader.loadApiGatewayHttpEvent("events/webhook-generic.json"));

        // Signed with the development secret at a fixed time (2026-11-23T09:00Z): outside the replay window now.
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(stack.messagesWaiting("MentionQueue")).isZero();
    }
}
