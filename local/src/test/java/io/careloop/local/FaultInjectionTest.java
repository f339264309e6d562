package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.local.faults.Faults;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected through the real clients: a proxy between the functions' AWS SDK clients and DynamoDB Local /
 * ElasticMQ answers some calls with the services' own error responses (throttling, transaction conflicts,
 * internal errors), and the platform sandbox answers with 5xx or too late. Each test then checks the two
 * promises: every mention ends in exactly one case, and every reply is posted exactly once.
 */
class FaultInjectionTest {
    private TestStack stack;

    private TestStack start(Faults faults) {
        stack = new TestStack(TestStack.withoutReview(), faults);
        // Redelivery waits for the visibility timeout (180 s in the template); one second keeps the tests short.
        stack.visibilityTimeout("MentionQueue", 1);
        stack.visibilityTimeout("ActionQueue", 1);
        return stack;
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String complaint(int customer) {
        return TestStack.mention("x", Long.toString(950_000 + customer), "95" + customer, "faulty" + customer,
                "@AcmeHelp my order " + customer + " arrived broken and nobody answers");
    }

    private void assertOneCaseAndOneAcknowledgementEach(int customers) {
        for (int i = 1; i <= customers; i++) {
            String caseId = CaseIds.forOpeningMention("x#" + (950_000 + i));
            JsonNode c = stack.apiJson("GET", "/cases/" + caseId, null);
            assertThat(c.path("id").asText()).as("case of customer " + i).isEqualTo(caseId);
            assertThat(c.path("timeline").findValuesAsText("kind").stream().filter("mention"::equals))
                    .as("the mention is on its case once").hasSize(1);
            List<String> replies = stack.postsMentioning("@faulty" + i + " ").stream()
                    .map(p -> p.path("body").path("text").asText()).toList();
            // Thirty customers with the same problem are also an incident, so some get a holding reply too;
            // what must never happen is the same message twice.
            assertThat(replies).as("replies to customer " + i).isNotEmpty().doesNotHaveDuplicates();
            assertThat(replies.get(0)).as("the first reply acknowledges").contains("I'm so sorry");
        }
        JsonNode open = stack.apiJson("GET", "/cases?limit=100", null).path("cases");
        assertThat(open.size()).as("no extra cases").isEqualTo(customers);
        assertThat(stack.messagesWaiting("MentionDeadLetterQueue")).isZero();
        assertThat(stack.messagesWaiting("ActionDeadLetterQueue")).isZero();
    }

    @Test
    void dynamoDbThrottlingOnAFifthOfAllCallsLosesNothingAndPostsNothingTwice() throws Exception {
        Faults faults = new Faults(20261123).failShare("DynamoDB_20120810.*", Faults.Kind.THROTTLE, 0.2);
        start(faults);
        int customers = 30;
        for (int i = 1; i <= customers; i++) {
            assertThat(stack.postWebhook(complaint(i)).statusCode()).isEqualTo(202);
        }
        for (int i = 1; i <= 10; i++) {
            stack.postWebhook(complaint(i)); // the platform delivers a third of them twice
        }
        stack.drainUntilEmpty(40);
        int injected = faults.injectedTotal();
        faults.clear();

        assertThat(injected).as("throttling answers given: " + faults.injected()).isGreaterThan(20);
        assertOneCaseAndOneAcknowledgementEach(customers);
    }

    @Test
    void transactionConflictsFailTheRecordWhichIsRetriedAndOpensOneCase() throws Exception {
        Faults faults = new Faults(1).failNext("DynamoDB_20120810.TransactWriteItems", Faults.Kind.TRANSACTION_CONFLICT, 3);
        start(faults);
        stack.postWebhook(complaint(1));
        int deliveries = stack.drainUntilEmpty(20);

        assertThat(faults.injected()).containsEntry("DynamoDB_20120810.TransactWriteItems TRANSACTION_CONFLICT", 3);
        assertThat(deliveries).as("the conflicted record came back").isGreaterThan(2);
        assertOneCaseAndOneAcknowledgementEach(1);
    }

    @Test
    void sqsSendFailuresAtTheWebhookAskThePlatformToRetryAndLoseNothing() throws Exception {
        Faults faults = new Faults(2).failShare("AmazonSQS.*", Faults.Kind.SERVER_ERROR, 1.0);
        start(faults);
        HttpResponse<String> refused = stack.postWebhook(complaint(1));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("retry later");
        assertThat(stack.messagesWaiting("MentionQueue")).as("nothing half-accepted").isZero();
        assertThat(faults.injectedTotal()).as("the SDK retried before giving up").isGreaterThan(1);

        faults.clear(); // SQS recovers; the platform delivers again, as X and Meta do after a 5xx
        assertThat(stack.postWebhook(complaint(1)).statusCode()).isEqualTo(202);
        stack.drainUntilEmpty(20);
        assertOneCaseAndOneAcknowledgementEach(1);
    }

    @Test
    void anSqsFailureWhileTriageQueuesTheAcknowledgementIsRetriedAndTheAcknowledgementPostedOnce() throws Exception {
        Faults faults = new Faults(3);
        start(faults);
        assertThat(stack.postWebhook(complaint(1)).statusCode()).isEqualTo(202);
        // The case is written, then every send to the action queue fails until the SDK gives up.
        faults.failNext("AmazonSQS.SendMessage", Faults.Kind.SERVER_ERROR, 4)
                .failNext("AmazonSQS.SendMessageBatch", Faults.Kind.SERVER_ERROR, 4);
        stack.drainUntilEmpty(20);

        assertThat(faults.injectedTotal()).isGreaterThan(0);
        assertOneCaseAndOneAcknowledgementEach(1);
    }

    @Test
    void platform5xxAnswersAreRetriedLaterAndPostedOnce() throws Exception {
        start(new Faults(4));
        stack.runtime.sandbox().handle("POST", "/faults", Map.of(), null,
                "{\"platform\":\"x\",\"status\":503,\"count\":2}".getBytes());
        stack.postWebhook(complaint(1));
        stack.drainUntilEmpty(20);

        assertThat(stack.runtime.sandbox().calls().stream().filter(c -> c.status() == 503)).hasSize(2);
        assertOneCaseAndOneAcknowledgementEach(1);
    }

    @Test
    void aPostThatTimedOutIsFoundOnTheBrandsTimelineAndNeverPostedTwice() throws Exception {
        start(new Faults(5));
        // X posts the acknowledgement but answers after careloop's 10 s read timeout.
        stack.runtime.sandbox().handle("POST", "/faults", Map.of(), null,
                "{\"platform\":\"x\",\"count\":1,\"delayMillis\":11000}".getBytes());
        stack.postWebhook(complaint(1));
        stack.runtime.drain(); // the acknowledgement's call times out; the lease stays taken: it may have been posted
        assertThat(stack.postsMentioning("@faulty1 ")).as("the slow call posted").hasSize(1);
        stack.clock.advance(java.time.Duration.ofMinutes(3)); // the lease (2 min) expires unresolved
        stack.drainUntilEmpty(20);

        assertThat(stack.postsMentioning("@faulty1 ")).as("never re-posted").hasSize(1);
        assertThat(stack.runtime.sandbox().requests().stream().map(r -> r.method() + " " + r.path()))
                .contains("GET /x/2/users/1000000001/tweets");
        JsonNode c = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#950001"), null);
        assertThat(c.path("status").asText()).as("settled from the timeline: nobody needs to check").isEqualTo("ACKNOWLEDGED");
        assertThat(c.path("timeline").findValuesAsText("kind")).contains("reply");
        assertThat(stack.messagesWaiting("ActionDeadLetterQueue")).isZero();
    }

    @Test
    void onMastodonAnInterruptedReplyIsFoundInItsThread() throws Exception {
        start(new Faults(6));
        stack.runtime.sandbox().handle("POST", "/faults", Map.of(), null,
                "{\"platform\":\"mastodon\",\"count\":1,\"delayMillis\":11000}".getBytes());
        stack.postWebhook(TestStack.mention("mastodon", "113500000000009001", "97101", "slowpoke@mas.to",
                "@acme my order never arrived and nobody answers"));
        stack.runtime.drain();
        stack.clock.advance(java.time.Duration.ofMinutes(3));
        stack.drainUntilEmpty(20);

        assertThat(stack.postsMentioning("@slowpoke@mas.to")).hasSize(1);
        assertThat(stack.runtime.sandbox().requests().stream().map(r -> r.method() + " " + r.path()))
                .contains("GET /mastodon/api/v1/statuses/113500000000009001/context");
        assertThat(stack.runtime.sandbox().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/mastodon/api/v1/statuses")))
                .as("found in the thread, so not even sent again").hasSize(1);
        JsonNode c = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("mastodon#113500000000009001"), null);
        assertThat(c.path("status").asText()).isEqualTo("ACKNOWLEDGED");
    }
}
