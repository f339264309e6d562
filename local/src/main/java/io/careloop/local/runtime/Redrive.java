package io.careloop.local.runtime;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Moves messages from a dead-letter queue back to the queue they came from, once the cause is fixed.
 * FIFO order within each message group is kept (messages are moved in the order the DLQ returns them,
 * each sent before it is deleted) and each message keeps its group. Duplicates are harmless downstream:
 * triage claims each mention once and the outbound ledger posts each action key once.
 */
public final class Redrive {
    private Redrive() {
    }

    /** @return how many messages were moved */
    public static int move(SqsClient sqs, String deadLetterQueueUrl, String queueUrl) {
        int moved = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
            if (batch.isEmpty()) {
                return moved;
            }
            for (Message m : batch) {
                Map<MessageSystemAttributeName, String> a = m.attributes();
                String group = a.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
                String dedup = a.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);
                sqs.sendMessage(r -> {
                    r.queueUrl(queueUrl).messageBody(m.body());
                    if (group != null) {
                        // A fresh deduplication id: the original is still remembered for five minutes and would
                        // silently drop the redriven copy.
                        r.messageGroupId(group).messageDeduplicationId(
                                (dedup == null ? m.messageId() : dedup) + "-r" + System.currentTimeMillis());
                    }
                });
                sqs.deleteMessage(r -> r.queueUrl(deadLetterQueueUrl).receiptHandle(m.receiptHandle()));
                moved++;
            }
        }
    }
}
