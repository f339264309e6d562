package io.careloop.queue;

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
                .map(m -> new FifoSender.Message(m.key(), m.customerKey(), Json.write(m)))
                .toList());
    }
}
