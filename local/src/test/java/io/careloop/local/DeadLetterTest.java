package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Partial batch failures and poison messages, with ElasticMQ applying the template's redrive policy:
 * good records go through, a poison record is retried and then parked in the dead-letter queue.
 */
class DeadLetterTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();
    private static String mentionQueue;

    @BeforeAll
    static void start() {
        mentionQueue = stack.runtime.queueUrls().get("MentionQueue");
        // Redelivery waits for the visibility timeout (180 s in the template); one second keeps the test short.
        stack.runtime.sqs().setQueueAttributes(r -> r.queueUrl(mentionQueue)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
    }

    @Test
    void aPoisonMessageIsRetriedThenMovedToTheDeadLetterQueueWhileGoodOnesGoThrough() throws Exception {
        stack.runtime.sqs().sendMessage(r -> r.queueUrl(mentionQueue).messageBody("{not a mention")
                .messageGroupId("x#poison").messageDeduplicationId("poison-1"));
        stack.postWebhook(TestStack.mention("x", "810001", "8101", "good_one", "@AcmeHelp my order is missing"));

        int deliveries = 0;
        for (int attempt = 0; attempt < 12 && stack.messagesWaiting("MentionQueue") > 0; attempt++) {
            deliveries += stack.runtime.drain();
            Thread.sleep(1_100);
        }

        assertThat(stack.postsMentioning("@good_one")).as("the good mention was not held up").hasSize(1);
        assertThat(stack.messagesWaiting("MentionQueue")).isZero();
        assertThat(stack.messagesWaiting("MentionDeadLetterQueue")).isEqualTo(1);
        assertThat(deliveries).as("the poison message was received maxReceiveCount (5) times").isGreaterThanOrEqualTo(5);
        var parked = stack.runtime.sqs().receiveMessage(r -> r.queueUrl(stack.runtime.queueUrls().get("MentionDeadLetterQueue")))
                .messages();
        assertThat(parked).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{not a mention"));
    }

    @Test
    void redriveMovesDeadLettersBackOnceTheCauseIsFixed() {
        try (TestStack stack = new TestStack()) { // its own stack: the poison test leaves its own dead letter behind
            redrive(stack);
        }
    }

    private static void redrive(TestStack stack) {
        String dlq = stack.runtime.queueUrls().get("MentionDeadLetterQueue");
        String mention = io.careloop.core.Json.write(new io.careloop.core.Mention(io.careloop.core.Platform.X, "820001",
                new io.careloop.core.Author("8201", "parked", "parked", 0, false), "@AcmeHelp my widget stopped working",
                stack.clock.instant(), null, null, true, false, "test"));
        stack.runtime.sqs().sendMessage(r -> r.queueUrl(dlq).messageBody(mention)
                .messageGroupId("x#8201").messageDeduplicationId("parked-1"));

        var response = stack.send("POST", "/local/redrive/MentionQueue", null, Map.of());
        stack.runtime.drain();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"moved\":1");
        assertThat(stack.messagesWaiting("MentionDeadLetterQueue")).isZero();
        assertThat(stack.postsMentioning("@parked")).hasSize(1);
        assertThat(stack.send("POST", "/local/redrive/Nowhere", null, Map.of()).statusCode()).isEqualTo(404);
    }
}
