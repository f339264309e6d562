package io.careloop.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.cases.CaseIds;
import io.careloop.lambda.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts a message that cannot be handled yet (a platform's rate limit) back to sleep until the given time, with
 * {@code ChangeMessageVisibility}: the retry comes when the platform will take it, not after the queue's fixed
 * visibility timeout. FIFO queues have no per-message delay, and every wake-up counts towards
 * {@code maxReceiveCount}; so on its last receive before the dead-letter queue, a deferred message is sent again
 * as a new message instead (the outbound ledger keeps that from ever posting twice). Never dropped.
 */
public final class Deferral {
    /** The template's maxReceiveCount is 5: a fifth failed receive parks the message. */
    static final int LAST_RECEIVE = 4;
    /** SQS allows a message to stay invisible for at most 12 hours. */
    private static final Duration MAX = Duration.ofHours(12);
    private static final Log LOG = Log.of(Deferral.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    /** @param queueUrl the queue the function consumes (its records carry only the queue's ARN) */
    public Deferral(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    /** @return true when the message was sent again as a new one, so the caller must report this one done */
    public boolean defer(SQSEvent.SQSMessage record, Instant retryAt) {
        String url = queueUrl;
        int receives = receives(record);
        if (receives >= LAST_RECEIVE) {
            String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(record.getBody())
                    .messageGroupId(group == null ? "deferred" : group)
                    .messageDeduplicationId(CaseIds.sha256Hex(record.getMessageId() + "#deferred")));
            LOG.info("deferred message sent again before it reached the dead-letter queue", "messageId", record.getMessageId(),
                    "receiveCount", receives);
            return true;
        }
        Duration wait = Duration.between(clock.instant(), retryAt);
        long seconds = Math.max(1, Math.min(MAX.toSeconds(), wait.toSeconds() + 1));
        sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(record.getReceiptHandle())
                .visibilityTimeout((int) seconds));
        LOG.info("message deferred", "messageId", record.getMessageId(), "seconds", seconds, "receiveCount", receives);
        return false;
    }

    private static int receives(SQSEvent.SQSMessage record) {
        try {
            return Integer.parseInt(record.getAttributes().get("ApproximateReceiveCount"));
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
