package io.careloop.queue;

import java.time.Instant;

/**
 * Puts a message that cannot be handled yet (a platform's rate limit) back to sleep until the given time, so the
 * retry comes when the platform will take it, not after the queue's fixed visibility timeout. Never drops it.
 */
public interface Deferral {
    /**
     * The template's queues have {@code maxReceiveCount} 5, and SQS moves a message to the dead-letter queue when a
     * receive would exceed it: a message received this many times or more is on its last receive (or the one before:
     * kept conservative), so it must be handled, or sent again as a new message, now.
     */
    int LAST_RECEIVE = 4;

    /** A received message, as much of it as deferring needs. */
    record Received(String messageId, String body, String receiptHandle, String groupId, int receiveCount) {
    }

    /** @return true when the message was sent again as a new one, so the caller must report this one done */
    boolean defer(Received message, Instant retryAt);
}
