package io.careloop.queue;

import io.careloop.cases.Action;
import io.careloop.core.Json;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ActionQueue on SQS FIFO: grouped by case so a case's messages go out in order. */
public final class SqsActionQueue implements ActionQueue {
    private final FifoSender sender;

    public SqsActionQueue(SqsClient sqs, String queueUrl) {
        this.sender = new FifoSender(sqs, queueUrl);
    }

    @Override
    public void send(List<Action> actions) {
        sender.send(actions.stream()
                .map(a -> new FifoSender.Message(a.key(), a.caseId(), Json.write(a)))
                .toList());
    }
}
