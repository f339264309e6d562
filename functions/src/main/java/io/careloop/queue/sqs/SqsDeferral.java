package io.careloop.queue.sqs;

import io.careloop.queue.Deferral;

import io.careloop.cases.CaseIds;
import io.careloop.observe.Log;
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
public final class SqsDeferral implements Deferral {
    /** SQS allows a message to stay invisible for at most 12 hours. */
    private static final Duration MAX = Duration.ofHours(12);
    private static final Log LOG = Log.of(SqsDeferral.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    /** @param queueUrl the queue the function consumes (its records carry only the queue's ARN) */
    public SqsDeferral(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public boolean defer(Received message, Instant retryAt) {
        String url = queueUrl;
        if (message.receiveCount() >= LAST_RECEIVE) {
            String group = message.groupId();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(message.body())
                    .messageGroupId(group == null ? "deferred" : group)
                    .messageDeduplicationId(CaseIds.sha256Hex(message.messageId() + "#deferred")));
            LOG.info("deferred message sent again before it reached the dead-letter queue", "messageId", message.messageId(),
                    "receiveCount", message.receiveCount());
            return true;
        }
        Duration wait = Duration.between(clock.instant(), retryAt);
        long seconds = Math.max(1, Math.min(MAX.toSeconds(), wait.toSeconds() + 1));
        sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) seconds));
        LOG.info("message deferred", "messageId", message.messageId(), "seconds", seconds, "receiveCount", message.receiveCount());
        return false;
    }
}
