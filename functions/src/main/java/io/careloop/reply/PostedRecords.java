package io.careloop.reply;

import io.careloop.cases.NotPosted;
import io.careloop.cases.TimelineKind;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.store.CaseRepository;
import io.careloop.store.OutboundLedger;
import java.time.Instant;
import java.util.Locale;

/** A post that is out, recorded in the ledger together with what it changes on its case, in one transaction. */
final class PostedRecords {
    /**
     * The customer just read these very words in public: a repeat reads like a bot (and X refuses it). Settled as
     * not sent, with a note on the case.
     */
    boolean settledAsRepeat(Action action, Case c, String text, Instant at) {
        if (action.isPrivate() || !publicHash(text).equals(c.lastPublicHash())) {
            return false;
        }
        ledger.settleNotPosted(action.key(), NotPosted.NOT_SENT, at, settled(action, CaseChange.of(c, c, new TimelineEntry(at,
                TimelineKind.NOTE, "careloop", text, false, action.key(),
                "not posted: the same words were the last ones posted to this customer"))));
        return true;
    }

    /** What is remembered of the last public words to a customer: enough to tell a repeat, nothing readable. */
    static String publicHash(String text) {
        return io.careloop.cases.CaseIds.sha256Hex(text.trim()).substring(0, 16);
    }

    private final OutboundLedger ledger;
    private final CaseRepository cases;
    private final BrandConfig brand;

    PostedRecords(OutboundLedger ledger, CaseRepository cases, BrandConfig brand) {
        this.ledger = ledger;
        this.cases = cases;
        this.brand = brand;
    }

    /** The post is out: record it. A concurrent case update only means re-reading the case, never re-posting. */
    void record(Action action, Case c, String text, String postId, Instant at) {
        Case[] current = {c};
        ConflictRetry.untilApplied(() -> {
            Case now = current[0] != null ? current[0] : cases.getCase(c.id()).orElseThrow();
            current[0] = null; // after a conflict, read the case again
            ledger.completeOutbound(action.key(), postId, at, effectOf(action, now, text, postId, at));
        });
    }

    /**
     * What settling an action without a post changes on its case. A close-the-loop closes the case whether or not its
     * words went out (by hand, blocked, not sent, outside a window): otherwise the case stays open to the customer's
     * next mentions for good, and nothing else would ever close it.
     */
    static CaseChange settled(Action action, CaseChange change) {
        if (change != null && action.type() == ActionType.CLOSE_LOOP && change.before().status().canMoveTo(CaseStatus.CLOSED)) {
            return closing(change);
        }
        return change;
    }

    /** The loop is closed: the case CLOSED, no follow-up left, and the customer's next mention opens a new case. */
    private static CaseChange closing(CaseChange change) {
        return new CaseChange(change.before(), change.after().withStatus(CaseStatus.CLOSED), change.entries(),
                change.dueToSet(), change.dueToClear(), change.releaseCustomer(), change.resolution())
                .clearingDue(DueKind.FOLLOW_UP).releasingCustomer();
    }

    /** A person's words reached the customer: an agent's reply, promise or resolution, or a draft a person approved. */
    static boolean byPerson(Action action) {
        return action.approved() || action.type() == ActionType.AGENT_REPLY || action.type() == ActionType.PROMISE
                || action.type() == ActionType.RESOLUTION;
    }

    private CaseChange effectOf(Action action, Case c, String text, String postId, Instant at) {
        TimelineEntry entry = new TimelineEntry(at, TimelineKind.REPLY, action.actor(), text, action.isPrivate(), postId,
                action.type().name().toLowerCase(Locale.ROOT) + " " + action.key());
        Case after = c;
        boolean firstResponse = c.firstResponseAt() == null
                && (action.type() == ActionType.ACKNOWLEDGE || action.type() == ActionType.HOLDING
                    || action.type() == ActionType.INCIDENT_UPDATE
                    || action.type() == ActionType.AGENT_REPLY || action.type() == ActionType.PROMISE);
        if (firstResponse) {
            after = c.withFirstResponseAt(at).withStatus(c.status() == CaseStatus.NEW ? CaseStatus.ACKNOWLEDGED : c.status());
        }
        if (c.firstHumanResponseAt() == null && byPerson(action)) {
            after = after.toBuilder().firstHumanResponseAt(at).build();
        }
        if (action.type() == ActionType.CLOSE_LOOP && c.status().canMoveTo(CaseStatus.CLOSED)) {
            return closing(CaseChange.of(c, c, entry));
        }
        if (action.type() == ActionType.PROGRESS_UPDATE) {
            // Told: the team's note is not repeated, and the next update takes other words.
            // A note added while this update was out (the case was read again) waits for the next one.
            boolean noteSaid = c.progressNote() != null && text.contains(c.progressNote());
            after = after.toBuilder().updatesSent(c.updatesSent() + 1).progressNote(noteSaid ? null : c.progressNote()).build();
        }
        if (!action.isPrivate()) {
            // Answered in public in the conversation: a reply-by-hand task left for an earlier post is done.
            after = after.toBuilder().lastPublicHash(publicHash(text)).outreachTask(null).build();
        }
        CaseChange change = CaseChange.of(c, after, entry);
        if (action.type() == ActionType.AGENT_REPLY || action.type() == ActionType.RESOLUTION) {
            change = change.clearingDue(DueKind.PROMISE); // news reached the customer: the promise is kept
        }
        if (firstResponse) {
            change = change.clearingDue(DueKind.FIRST_RESPONSE_SLA);
            if (action.type() == ActionType.ACKNOWLEDGE && c.status().isOpen() && c.incidentId() == null) {
                change = change.settingDue(new DueItem(c.id(), DueKind.FOLLOW_UP, at.plus(brand.followUpAfter())));
            }
        }
        return change;
    }
}
