package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.CaseIds;
import io.careloop.core.Author;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.store.OutboundLedger;
import io.careloop.store.dynamo.DynamoStore;
import io.careloop.cases.OutboundState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** At-least-once delivery everywhere, exactly one case per mention and one post per action key. */
class ExactlyOnceTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private static Mention mention(String id, String authorId, String handle, String text) {
        return new Mention(Platform.X, id, new Author(authorId, handle, handle, 10, false), text, Instant.now(),
                null, null, true, false, "test");
    }

    private static SQSEvent sqsEvent(Object... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Object body : bodies) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(java.util.UUID.randomUUID().toString());
            m.setBody(Json.write(body));
            m.setAttributes(java.util.Map.of("ApproximateReceiveCount", "1"));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static Object invoke(String function, Object event) {
        return stack.runtime.functions().get(function).invoke(event);
    }

    @Test
    void theSameMentionFromWebhookRetriesAndRedeliveriesOpensOneCaseAndPostsOnce() {
        String body = TestStack.mention("x", "700001", "7001", "dup_dana", "@AcmeHelp my widget is broken");

        assertThat(stack.postWebhook(body).statusCode()).isEqualTo(202);
        assertThat(stack.postWebhook(body).statusCode()).as("the platform retried its delivery").isEqualTo(202);
        stack.runtime.drain();
        // The same mention delivered again, as after a lost acknowledgement or a poll that overlapped the webhook
        Mention same = mention("700001", "7001", "dup_dana", "@AcmeHelp my widget is broken");
        for (int i = 0; i < 3; i++) {
            SQSBatchResponse r = (SQSBatchResponse) invoke("TriageFunction", sqsEvent(same));
            assertThat(r.getBatchItemFailures()).isEmpty();
        }
        stack.runtime.drain();

        JsonNode cases = stack.apiJson("GET", "/cases", null).path("cases");
        assertThat(cases.findValuesAsText("handle").stream().filter("dup_dana"::equals)).hasSize(1);
        assertThat(stack.postsMentioning("@dup_dana")).hasSize(1);
    }

    @Test
    void anActionDeliveredThreeTimesIsPostedOnce() {
        stack.postWebhook(TestStack.mention("x", "710001", "7101", "thrice", "@AcmeHelp the app crashes on login"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#710001");
        Action reply = new Action(caseId + "#AGENT_REPLY#k1", ActionType.AGENT_REPLY, caseId, Platform.X, "710001",
                "@thrice I've found the cause and I'm fixing it now.", false, "Dana Adams");

        for (int i = 0; i < 3; i++) {
            SQSBatchResponse r = (SQSBatchResponse) invoke("ReplyFunction", sqsEvent(reply));
            assertThat(r.getBatchItemFailures()).isEmpty();
        }

        assertThat(stack.postsMentioning("I've found the cause")).hasSize(1);
    }

    @Test
    void twoDeliveriesRacingForOneNewCustomerOpenOneCase() throws Exception {
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Mention m = mention("720" + i, "7201", "racer", "@AcmeHelp my delivery is missing, message " + i);
            results.add(pool.submit(() -> {
                go.await();
                return invoke("TriageFunction", sqsEvent(m));
            }));
        }
        go.countDown();
        for (Future<Object> f : results) {
            assertThat(((SQSBatchResponse) f.get()).getBatchItemFailures()).isEmpty();
        }
        pool.shutdown();

        JsonNode cases = stack.apiJson("GET", "/cases?status=NEW", null).path("cases");
        List<String> racerCases = new ArrayList<>();
        cases.forEach(c -> {
            if (c.path("customer").path("handle").asText().equals("racer")) {
                racerCases.add(c.path("id").asText());
            }
        });
        assertThat(racerCases).hasSize(1);
        JsonNode detail = stack.apiJson("GET", "/cases/" + racerCases.get(0), null);
        assertThat(detail.path("timeline").findValuesAsText("kind").stream().filter("mention"::equals))
                .as("every message is on the one case").hasSize(racers);
    }

    @Test
    void anAttemptThatDiedMidPostIsCheckedOnTheBrandsTimelineAndPostedOnlyIfItIsNotThere() {
        stack.postWebhook(TestStack.mention("x", "730001", "7301", "limbo", "@AcmeHelp refund please, it broke"));
        stack.runtime.drain(); // opens the case and posts the acknowledgement
        String caseId = CaseIds.forOpeningMention("x#730001");
        Action followUp = new Action(caseId + "#FOLLOW_UP#1", ActionType.FOLLOW_UP, caseId, Platform.X, "730001",
                null, false, "careloop");
        // A reply function took the lease and vanished (crash or timeout) before posting anything.
        OutboundLedger store = new DynamoStore(stack.runtime.dynamo(),
                stack.runtime.tableNames().get("Table"), stack.clock).outboundLedger();
        assertThat(store.beginOutbound(followUp.key(), stack.clock.instant(), Duration.ofMinutes(2)))
                .isEqualTo(OutboundState.ACQUIRED);

        SQSBatchResponse whileLeased = (SQSBatchResponse) invoke("ReplyFunction", sqsEvent(followUp));
        assertThat(whileLeased.getBatchItemFailures()).as("lease still live: retry later").hasSize(1);

        stack.clock.advance(Duration.ofMinutes(3));
        SQSBatchResponse afterLease = (SQSBatchResponse) invoke("ReplyFunction", sqsEvent(followUp));
        assertThat(afterLease.getBatchItemFailures()).isEmpty();
        SQSBatchResponse again = (SQSBatchResponse) invoke("ReplyFunction", sqsEvent(followUp));
        assertThat(again.getBatchItemFailures()).isEmpty();

        assertThat(stack.runtime.sandbox().requests().stream().map(r -> r.method() + " " + r.path()))
                .as("careloop read its own timeline first").contains("GET /x/2/users/1000000001/tweets");
        assertThat(stack.postsMentioning("@limbo")).as("the acknowledgement, and the follow-up once").hasSize(2);
        JsonNode detail = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(detail.path("status").asText()).isNotEqualTo("ESCALATED");
    }

    @Test
    void whereThePlatformCannotBeCheckedAnInterruptedAttemptIsNeverRepostedButPutInFrontOfAPerson() {
        stack.postWebhook(Json.write(Map.of("platform", "facebook", "id", "123_730002", "direct", true,
                "text", "My refund never came and it broke, terrible",
                "author", Map.of("id", "7302", "handle", "Limbo Two", "name", "Limbo Two"))));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("facebook#123_730002");
        Action followUp = new Action(caseId + "#FOLLOW_UP#1", ActionType.FOLLOW_UP, caseId, Platform.FACEBOOK, "123_730002",
                null, false, "careloop");
        OutboundLedger store = new DynamoStore(stack.runtime.dynamo(),
                stack.runtime.tableNames().get("Table"), stack.clock).outboundLedger();
        assertThat(store.beginOutbound(followUp.key(), stack.clock.instant(), Duration.ofMinutes(2)))
                .isEqualTo(OutboundState.ACQUIRED);
        int before = stack.runtime.sandbox().posts().size();

        stack.clock.advance(Duration.ofMinutes(3));
        SQSBatchResponse afterLease = (SQSBatchResponse) invoke("ReplyFunction", sqsEvent(followUp));
        assertThat(afterLease.getBatchItemFailures()).isEmpty();

        assertThat(stack.runtime.sandbox().posts()).as("not re-posted").hasSize(before);
        JsonNode detail = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(detail.path("status").asText()).isEqualTo("ESCALATED");
        assertThat(detail.path("timeline").get(0).path("kind").asText()).isEqualTo("alert");
    }

    @Test
    void aThrottledPostIsRetriedLaterAndPostedOnce() throws Exception {
        String actionQueue = stack.runtime.queueUrls().get("ActionQueue");
        // Redelivery comes after the queue's visibility timeout; shorten it so the test need not wait 3 minutes.
        setVisibilityTimeout(actionQueue, "1");
        stack.runtime.drain(); // whatever earlier tests left queued must not meet the fault armed below
        try {
            stack.runtime.sandbox().handle("POST", "/faults", java.util.Map.of(), null,
                    "{\"platform\":\"x\",\"status\":429,\"count\":1,\"resetSeconds\":1}".getBytes());

            stack.postWebhook(TestStack.mention("x", "740001", "7401", "throttled", "@AcmeHelp my parcel is lost"));
            stack.runtime.drain();
            assertThat(stack.postsMentioning("@throttled")).as("the 429 posted nothing").isEmpty();

            Thread.sleep(1_500);
            stack.runtime.drain();

            assertThat(stack.postsMentioning("@throttled")).hasSize(1);
            assertThat(stack.runtime.sandbox().calls().stream().filter(c -> c.status() == 429)).hasSize(1);
        } finally {
            setVisibilityTimeout(actionQueue, "180");
        }
    }

    private static void setVisibilityTimeout(String queueUrl, String seconds) {
        stack.runtime.sqs().setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(
                java.util.Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, seconds)));
    }
}
