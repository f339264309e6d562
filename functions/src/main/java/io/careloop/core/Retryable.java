package io.careloop.core;

/**
 * A failure that is expected and heals by itself (a rate limit, a platform asking to wait): the message is
 * retried later and logged at INFO, not as an error.
 */
public interface Retryable {
}
