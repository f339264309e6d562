package io.careloop.cases;

import java.time.Instant;

/**
 * What happened when triage tried to record a mention.
 *
 * @param claimedAt for a duplicate, when the mention was first claimed
 */
public record ClaimResult(Outcome outcome, String caseId, Instant claimedAt) {
    public enum Outcome {
        /** Recorded now. */
        RECORDED,
        /** This mention was already recorded: a redelivery or the same post from webhook and poll. */
        DUPLICATE,
        /** Opening a case lost a race: the customer got an open case meanwhile. Join it instead. */
        CUSTOMER_HAS_CASE
    }

    public static ClaimResult recorded(String caseId) {
        return new ClaimResult(Outcome.RECORDED, caseId, null);
    }
}
