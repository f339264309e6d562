package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.local.signing.WebhookSigner;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Client mistakes get a 4xx with a reason, never a 500, and a rejected request enqueues nothing. */
class BadInputTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @AfterEach
    void nothingWasEnqueued() {
        assertThat(stack.messagesWaiting("MentionQueue")).isZero();
        assertThat(stack.messagesWaiting("ActionQueue")).isZero();
    }

    private static final String VALID = TestStack.mention("x", "1", "2", "someone", "@AcmeHelp broken");

    @Test
    void aMissingSignatureIs401() {
        HttpResponse<String> r = stack.send("POST", "/webhooks/generic", VALID, Map.of());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("X-Careloop-Signature");
    }

    @Test
    void aWrongSignatureIs401() {
        Map<String, String> headers = WebhookSigner.generic("not-the-secret", VALID, stack.clock.instant());

        assertThat(stack.send("POST", "/webhooks/generic", VALID, headers).statusCode()).isEqualTo(401);
    }

    @Test
    void aReplayedRequestIs401() {
        Map<String, String> headers = WebhookSigner.generic(TestStack.GENERIC_SECRET, VALID,
                stack.clock.instant().minusSeconds(600));

        assertThat(stack.send("POST", "/webhooks/generic", VALID, headers).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedJsonIs400WithAReason() {
        HttpResponse<String> r = stack.postWebhook("{\"platform\": \"x\", ");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not valid JSON");
    }

    @Test
    void aMentionMissingRequiredFieldsIs400NamingThem() {
        HttpResponse<String> r = stack.postWebhook("{\"platform\":\"x\",\"id\":\"1\",\"text\":\"hi\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("author");
    }

    @Test
    void aBodyOver256KbIs413() {
        String huge = "{\"text\":\"" + "a".repeat(300 * 1024) + "\"}";

        assertThat(stack.postWebhook(huge).statusCode()).isEqualTo(413);
    }

    @Test
    void anUnknownPlatformIs404() {
        HttpResponse<String> unknown = stack.send("POST", "/webhooks/orkut", VALID, Map.of());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no webhook for 'orkut'");
    }

    @Test
    void theAgentsApiRefusesAMissingOrWrongToken() {
        assertThat(stack.send("GET", "/cases", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/cases", null, Map.of("authorization", "Bearer nope")).statusCode()).isEqualTo(401);
    }

    @Test
    void theAgentsApiExplainsItsRefusals() {
        assertThat(stack.api("GET", "/cases/c_0000000000000000", null).statusCode()).isEqualTo(404);
        assertThat(stack.api("GET", "/cases?limit=1000", null).statusCode()).isEqualTo(400);
        assertThat(stack.api("GET", "/cases?status=SLEEPING", null).statusCode()).isEqualTo(400);
        assertThat(stack.api("GET", "/cases?cursor=bm9wZQ", null).statusCode()).isEqualTo(400);
        assertThat(stack.api("POST", "/cases/c_0000000000000000/reply", "{\"text\":").statusCode()).isEqualTo(400);
        assertThat(stack.api("POST", "/cases/c_0000000000000000/reply", "{\"text\":\"hi\"}").statusCode()).isEqualTo(404);
        assertThat(stack.api("POST", "/cases/c_0000000000000000/dance", "{}").statusCode()).isEqualTo(404);
        assertThat(stack.api("GET", "/incidents/i_0000000000000000", null).statusCode()).isEqualTo(404);
        assertThat(stack.api("POST", "/incidents/i_0000000000000000/resolve", "{}").statusCode()).isEqualTo(400);
        assertThat(stack.api("POST", "/incidents/i_0000000000000000/resolve", "{\"outcome\":\"fixed\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void resolvingTwiceIsAConflictWithAReason() {
        stack.postWebhook(TestStack.mention("x", "990001", "9901", "twice", "@AcmeHelp it is broken again"));
        stack.runtime.drain();
        String id = io.careloop.cases.CaseIds.forOpeningMention("x#990001");

        assertThat(stack.api("POST", "/cases/" + id + "/resolve", "{\"summary\":\"fixed\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> again = stack.api("POST", "/cases/" + id + "/resolve", "{\"summary\":\"fixed\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("RESOLVED case cannot be resolved");
    }
}
