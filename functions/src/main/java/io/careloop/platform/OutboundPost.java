package io.careloop.platform;

/**
 * A message to send on a platform.
 *
 * @param idempotencyKey   the action key; sent to platforms that accept one (Mastodon's Idempotency-Key)
 * @param inReplyTo        the platform id of the post being answered (public replies)
 * @param recipientId      the customer's platform id (private messages)
 * @param threadRoot       the root post of the conversation (an Instagram media), where known: a reply addressed to
 *                         it is a comment on that post, not a reply to a comment
 * @param messageTag       a private message sent outside the platform's standard window under this tag (Meta's
 *                         {@code HUMAN_AGENT}); null inside the window
 */
public record OutboundPost(String idempotencyKey, String inReplyTo, String recipientId, String recipientHandle,
                           String text, boolean isPrivate, String threadRoot, String messageTag) {

    public OutboundPost(String idempotencyKey, String inReplyTo, String recipientId, String recipientHandle, String text,
                        boolean isPrivate) {
        this(idempotencyKey, inReplyTo, recipientId, recipientHandle, text, isPrivate, null, null);
    }

    /** The same message, in the conversation rooted at {@code root}. */
    public OutboundPost inThread(String root) {
        return new OutboundPost(idempotencyKey, inReplyTo, recipientId, recipientHandle, text, isPrivate, root, messageTag);
    }

    /** The same private message, sent under a message tag. */
    public OutboundPost taggedAs(String tag) {
        return new OutboundPost(idempotencyKey, inReplyTo, recipientId, recipientHandle, text, isPrivate, threadRoot, tag);
    }

    /** Whether this public reply is addressed to the conversation's root post rather than to a comment in it. */
    public boolean answersThreadRoot() {
        return inReplyTo != null && inReplyTo.equals(threadRoot);
    }
}
