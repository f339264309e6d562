package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import io.careloop.store.PostingBudget;
import io.careloop.store.dynamo.DynamoStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Posting budgets shared through DynamoDB: an action over the budget is not posted, not dropped and not
 * counted as a failure; it sleeps on the queue until the window resets and then goes out once.
 */
class RateLimitTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(Map.of("CARELOOP_RATE_LIMIT_X", "2/15m"));

    @BeforeEach
    void start() {
        stack.visibilityTimeout("ActionQueue", 1);
    }

    private int visible(String queue) {
        return stack.runtime.queueDepth().visible(queue);
    }

    /** Three different problems, so three cases and no incident. */
    private static final String[] COMPLAINTS = {"@AcmeHelp my order never arrived, terrible",
        "@AcmeHelp the app crashes every time I open it, useless", "@AcmeHelp I was charged twice this month, ridiculous"};

    @Test
    void theThirdPostInAWindowOfTwoWaitsForTheResetAndIsThenPostedOnce() throws Exception {
        for (int i = 1; i <= 3; i++) {
            stack.postWebhook(TestStack.mention("x", "96000" + i, "96" + i, "budget" + i, COMPLAINTS[i - 1]));
        }
        stack.runtime.drain();
        Thread.sleep(2_500); // longer than the queue's 1 s visibility timeout
        stack.runtime.drain();

        int posted = 0;
        for (int i = 1; i <= 3; i++) {
            posted += stack.postsMentioning("@budget" + i + " ").size();
        }
        assertThat(posted).as("two posts fit the window").isEqualTo(2);
        assertThat(stack.messagesWaiting("ActionQueue")).as("the third is still queued").isEqualTo(1);
        assertThat(visible("ActionQueue")).as("asleep until the window resets, not retried every second").isZero();
        assertThat(stack.messagesWaiting("ActionDeadLetterQueue")).isZero();

        // At the reset the action goes out (here delivered by hand: the queue would wake it in up to 15 minutes).
        stack.clock.advance(Duration.ofMinutes(15));
        for (int i = 1; i <= 3; i++) {
            if (stack.postsMentioning("@budget" + i + " ").isEmpty()) {
                String caseId = CaseIds.forOpeningMention("x#96000" + i);
                Action ack = new Action(caseId + "#" + ActionType.ACKNOWLEDGE.name(), ActionType.ACKNOWLEDGE, caseId,
                        Platform.X, "96000" + i, null, false, "careloop");
                SQSBatchResponse r = (SQSBatchResponse) stack.runtime.functions().get("ReplyFunction").invoke(event(ack, "2"));
                assertThat(r.getBatchItemFailures()).isEmpty();
                assertThat(stack.postsMentioning("@budget" + i + " ")).hasSize(1);
            }
        }
    }

    @Test
    void onItsLastReceiveBeforeTheDeadLetterQueueADeferredActionIsSentAgainNotParked() {
        // Spend the window's budget.
        for (int i = 1; i <= 2; i++) {
            stack.postWebhook(TestStack.mention("x", "97000" + i, "97" + i, "spent" + i, COMPLAINTS[i - 1]));
        }
        stack.runtime.drain();
        stack.postWebhook(TestStack.mention("x", "970009", "979", "late", COMPLAINTS[2]));
        stack.runtime.drain(); // triage opens the case; its acknowledgement is over budget and goes to sleep
        String caseId = CaseIds.forOpeningMention("x#970009");
        assertThat(stack.messagesWaiting("ActionQueue")).isEqualTo(1);

        // The same message on its fourth receive (the template parks it after the fifth).
        Action ack = new Action(caseId + "#" + ActionType.ACKNOWLEDGE.name(), ActionType.ACKNOWLEDGE, caseId,
                Platform.X, "970009", null, false, "careloop");
        SQSBatchResponse r = (SQSBatchResponse) stack.runtime.functions().get("ReplyFunction").invoke(event(ack, "4"));

        assertThat(r.getBatchItemFailures()).as("this copy is done with").isEmpty();
        assertThat(stack.messagesWaiting("ActionQueue")).as("the sleeping one and a fresh copy").isEqualTo(2);
        assertThat(visible("ActionQueue")).as("the fresh copy is on the queue").isEqualTo(1);
        assertThat(stack.postsMentioning("@late")).isEmpty();
    }

    @Test
    void concurrentInstancesNeverTakeMoreThanTheBudget() throws Exception {
        PostingBudget budget = new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"), stack.clock).postingBudget();
        PostingBudget.Limit limit = PostingBudget.Limit.parse("25/15m");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            takes.add(() -> budget.take("x:1000000001:test", limit, stack.clock.instant()).isEmpty());
        }
        long taken = 0;
        for (Future<Boolean> f : pool.invokeAll(takes)) {
            taken += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(taken).isEqualTo(25);
        stack.clock.advance(Duration.ofMinutes(15));
        assertThat(budget.take("x:1000000001:test", limit, stack.clock.instant())).as("a new window").isEmpty();
    }

    private SQSEvent event(Action action, String receiveCount) {
        String arn = stack.runtime.sqs().getQueueAttributes(r -> r.queueUrl(stack.runtime.queueUrls().get("ActionQueue"))
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-" + action.key());
        m.setReceiptHandle("not-a-real-receipt");
        m.setBody(Json.write(action));
        m.setEventSourceArn(arn);
        m.setAttributes(Map.of("ApproximateReceiveCount", receiveCount, "MessageGroupId", action.caseId()));
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(m));
        return e;
    }
}
