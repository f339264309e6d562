package io.careloop.queue;

/** Some messages could not be enqueued even after retries; the caller must not report them as accepted. */
public class QueueSendException extends RuntimeException {
    public QueueSendException(String message) {
        super(message);
    }

    public QueueSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
