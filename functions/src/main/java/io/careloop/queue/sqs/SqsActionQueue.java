package io.careloop.queue.sqs;

import io.careloop.queue.ActionQueue;

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

    /**
     * A case's messages go out in order; an incident post or a thank-you has its own group. A hand-off's delivery to
     * the team's endpoint has a group of its own too: an endpoint that is down and retried never holds the
     * customer's messages back.
     */
    static String groupOf(Action a) {
        if (a.caseId() != null && a.type() == io.careloop.cases.ActionType.HANDOFF_DELIVERY) {
            return a.caseId() + "#handoff";
        }
        if (a.caseId() != null) {
            return a.caseId();
        }
        return a.incidentId() != null ? a.incidentId() : a.key();
    }

    @Override
    public void send(List<Action> actions) {
        sender.send(actions.stream()
                .map(a -> new FifoSender.Message(dedupOf(a), groupOf(a), Json.write(a)))
                .toList());
    }

    /**
     * SQS drops a resend of the same key within five minutes; an approved draft reuses the key its first attempt
     * was queued under (the ledger posts the key once), so it is deduplicated as a message of its own.
     */
    private static String dedupOf(Action a) {
        return a.approved() ? a.key() + "#approved" : a.key();
    }
}
