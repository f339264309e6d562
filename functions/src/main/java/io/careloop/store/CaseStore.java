package io.careloop.store;

import io.careloop.cases.Case;
import io.careloop.cases.DueItem;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Cases, their timelines, mention claims, the outbound ledger and poll cursors. */
public interface CaseStore {

    /** The case a new mention belongs to: the customer's open case, else the thread's case. One read. */
    Optional<String> findCaseFor(Mention mention);

    /**
     * Claims the mention and opens its case in one transaction: mention claim, case, customer pointer,
     * thread pointer, first timeline entry, first-response deadline.
     */
    ClaimResult openCase(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue);

    /** Claims the mention and adds it to an existing case's timeline in one transaction. */
    ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry);

    /** Claims a mention that needs no case, recording why (ignored, echo, watched). */
    ClaimResult recordWithoutCase(Mention mention, String outcome, String reason);

    Optional<Case> getCase(String caseId);

    /** The case and its timeline, newest first. */
    Optional<CaseWithTimeline> getCaseWithTimeline(String caseId);

    /** The inbox: open (or closed) cases ordered by due time, optionally one status only. */
    CasePage listCases(boolean open, String status, int limit, String cursor);

    /**
     * Applies one step of the case process atomically.
     *
     * @throws ConcurrentUpdateException when the case changed since it was read
     */
    void apply(CaseChange change);

    /** Due items whose time has come, oldest first. Query on an index, never a scan. */
    List<DueItem> findDue(Instant now, int limit);

    /** Clears a due item once its work is queued; false if someone else already did. */
    boolean clearDue(DueItem item);

    /** Takes the exactly-once lease for an outbound message. */
    OutboundState beginOutbound(String actionKey, Instant now, Duration lease);

    /** Releases the lease after a failure that certainly posted nothing, so a retry may post. */
    void abandonOutbound(String actionKey);

    /** Marks the message posted and applies the case change in the same transaction. */
    void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change);

    /** Marks a lease whose outcome is unknown, so nobody re-posts it. */
    void markOutboundUncertain(String actionKey, Instant at);

    Optional<String> cursor(String source);

    void saveCursor(String source, String value);

    record CaseWithTimeline(Case theCase, List<TimelineEntry> timeline) {
    }
}
