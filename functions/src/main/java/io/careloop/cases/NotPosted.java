package io.careloop.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why an action was settled in the outbound ledger without a post: its ledger entry is final (never retried) and
 * records this instead of a platform post id.
 */
public enum NotPosted {
    /** A guardrail (or an unfilled variable) stopped the text. */
    BLOCKED("blocked"),
    /** careloop decided not to send it (a hostile customer) or the platform refused it for good. */
    NOT_SENT("not-sent"),
    /** A moderation the platform does not allow; recorded on the audit case only. */
    NOT_MODERATED("not-moderated"),
    /** The platform would refuse careloop's reply (X's pay-per-use reply rule): a person answers by hand instead. */
    BY_HAND("by-hand");

    private final String stored;

    NotPosted(String stored) {
        this.stored = stored;
    }

    /** What the ledger entry holds in place of the platform's post id. */
    public String stored() {
        return stored;
    }

    /** The reason a ledger entry's post id stands for, if it is not a platform post id. */
    public static Optional<NotPosted> fromStored(String postId) {
        return Arrays.stream(values()).filter(n -> n.stored.equals(postId)).findFirst();
    }
}
