package io.careloop.queue.sqs;

import io.careloop.queue.MentionQueue;

import io.careloop.core.Json;
import io.careloop.core.Mention;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** MentionQueue on SQS FIFO: grouped by customer so one customer's mentions are triaged in order. */
public final class SqsMentionQueue implements MentionQueue {
    private final FifoSender sender;

    public SqsMentionQueue(SqsClient sqs, String queueUrl) {
        this.sender = new FifoSender(sqs, queueUrl);
    }

    @Override
    public void send(List<Mention> mentions) {
        sender.send(mentions.stream()
                .map(m -> new FifoSender.Message(deliveryKey(m), groupOf(m), Json.write(m)))
                .toList());
    }

    /**
     * The customer; for a mention whose author triage has yet to read (a Page mention), the post itself: unnamed
     * authors are not one customer, and one slow read must not hold up the others.
     */
    static String groupOf(io.careloop.core.Mention m) {
        return m.author().unknown() ? m.key() : m.customerKey();
    }

    /**
     * What SQS deduplicates on: the post, and for an edit, deletion or hide also which change and when, so that a
     * change is not mistaken for a redelivery of the post it changes.
     */
    static String deliveryKey(io.careloop.core.Mention m) {
        return m.change() == null ? m.key()
                : m.key() + "#" + m.change().name() + "#" + (m.createdAt() == null ? "" : m.createdAt().toEpochMilli());
    }
}
