package io.careloop.local.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * How many messages the stack's queues hold, by the template's logical ids (MentionQueue, ActionQueue and their
 * dead-letter queues), and waiting for them to empty. Read from the queues' approximate counts, as CloudWatch
 * shows them.
 */
public final class QueueDepth {
    /** Reads in a row that must find the queues empty: a poller may hold a batch it has not yet deleted. */
    private static final int QUIET_READS = 3;
    private static final Duration READ_EVERY = Duration.ofMillis(500);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private final SqsClient sqs;
    private final Map<String, String> queueUrls;

    QueueDepth(SqsClient sqs, Map<String, String> queueUrls) {
        this.sqs = sqs;
        this.queueUrls = Map.copyOf(queueUrls);
    }

    /** Messages on these queues, visible or in flight (received and not yet deleted). */
    public int waiting(String... queueLogicalIds) {
        int total = 0;
        for (String queue : queueLogicalIds) {
            Map<QueueAttributeName, String> a = attributes(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            total += Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
        return total;
    }

    /** Messages a poller could receive now: neither in flight nor asleep behind a visibility timeout. */
    public int visible(String queueLogicalId) {
        return Integer.parseInt(attributes(queueLogicalId, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /**
     * With the background pollers running: waits until the queues read empty several times in a row.
     *
     * @param progress told how many messages are still waiting, every 30 seconds
     * @return whether they emptied before {@code limit} passed
     */
    public boolean awaitEmpty(Duration limit, IntConsumer progress, String... queueLogicalIds) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastProgress = System.nanoTime();
        int quiet = 0;
        while (quiet < QUIET_READS) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            int waiting = waiting(queueLogicalIds);
            quiet = waiting == 0 ? quiet + 1 : 0;
            if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
                progress.accept(waiting);
                lastProgress = System.nanoTime();
            }
            Thread.sleep(READ_EVERY.toMillis());
        }
        return true;
    }

    private Map<QueueAttributeName, String> attributes(String queueLogicalId, QueueAttributeName... names) {
        String url = queueUrls.get(queueLogicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue named '" + queueLogicalId + "'; the stack has " + queueUrls.keySet());
        }
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(names)).attributes();
    }
}
