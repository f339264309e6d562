package io.careloop.platform;

/**
 * A message to send on a platform.
 *
 * @param idempotencyKey   the action key; sent to platforms that accept one (Mastodon's Idempotency-Key)
 * @param inReplyTo        the platform id of the post being answered (public replies)
 * @param recipientId      the customer's platform id (private messages)
 */
public record OutboundPost(String idempotencyKey, String inReplyTo, String recipientId, String recipientHandle,
                           String text, boolean isPrivate) {
}
