package io.careloop.store;

import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.NotPosted;
import io.careloop.cases.OutboundState;
import java.time.Duration;
import java.time.Instant;

/** The exactly-once ledger of outbound messages, one entry per action key. */
public interface OutboundLedger {

    /** Takes the lease for an outbound message, or says why it may not be sent now. */
    OutboundState beginOutbound(String actionKey, Instant now, Duration lease);

    /**
     * Takes the lease of an attempt whose outcome is unknown (UNCERTAIN, or IN_PROGRESS with its lease run
     * out), so that exactly one caller checks the platform and settles it.
     *
     * @return whether this caller holds the lease now
     */
    boolean retakeOutbound(String actionKey, Instant now, Duration lease);

    /** Releases the lease after a failure that certainly posted nothing, so a retry may post. */
    void abandonOutbound(String actionKey);

    /**
     * Marks the message posted and applies the case change (null for a message with no case) in one transaction.
     *
     * @throws ConcurrentUpdateException when the case changed since it was read (nothing is marked)
     */
    void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change);

    /** Settles the action without a post (it is never retried), with the case change, in one transaction. */
    default void settleNotPosted(String actionKey, NotPosted why, Instant at, CaseChange change) {
        completeOutbound(actionKey, why.stored(), at, change);
    }

    /** Marks a lease whose outcome is unknown, so nobody re-posts it. */
    void markOutboundUncertain(String actionKey, Instant at);
}
