package io.careloop.followup;

import io.careloop.cases.TimelineKind;
import io.careloop.observe.Metrics;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import io.careloop.observe.Log;
import io.careloop.queue.ActionQueue;
import io.careloop.cases.CaseChange;
import io.careloop.store.CaseRepository;
import io.careloop.store.DueItems;
import io.careloop.store.Drafts;
import io.careloop.cases.Draft;
import io.careloop.cases.ConcurrentUpdateException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every minute: finds what has fallen due (first-response deadlines, check-ins, close-the-loop
 * messages) on the due index — never a scan — and queues the messages. Each action key is derived from
 * the due item, so a run that overlaps or repeats queues nothing twice.
 */
public final class FollowUpService {
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 10;
    private static final Log LOG = Log.of(FollowUpService.class);

    private final DueItems dueItems;
    private final CaseRepository cases;
    private final ActionQueue actions;
    private final Clock clock;
    private final Metrics metrics;
    private final Drafts drafts;
    /** Where the care team hears of breaches, broken promises and overdue drafts. */
    private final CareEvents events;
    /** Deadlines at risk, reported before they pass; null where nobody hears of care events. */
    private final SlaAtRisk atRisk;

    /** Without care events: the follow-ups alone (nobody would hear of a deadline at risk, so none is looked for). */
    public FollowUpService(DueItems dueItems, CaseRepository cases, Drafts drafts, ActionQueue actions, Clock clock,
                           Metrics metrics) {
        this(dueItems, cases, drafts, actions, clock, metrics, CareEvents.none(), null);
    }

    /**
     * @param brand the teams' clocks and first-response SLAs, for deadlines at risk; null to look for none
     */
    public FollowUpService(DueItems dueItems, CaseRepository cases, Drafts drafts, ActionQueue actions, Clock clock,
                           Metrics metrics, CareEvents events, io.careloop.config.BrandConfig brand) {
        this.events = events;
        this.atRisk = brand == null ? null : new SlaAtRisk(dueItems, cases, brand, events);
        this.metrics = metrics;
        this.drafts = drafts;
        this.dueItems = dueItems;
        this.cases = cases;
        this.actions = actions;
        this.clock = clock;
    }

    /** @return how many due items of each kind were handled */
    public Map<DueKind, Integer> run() {
        Map<DueKind, Integer> handled = new EnumMap<>(DueKind.class);
        Instant now = clock.instant();
        for (int page = 0; page < MAX_PAGES; page++) {
            List<DueItem> due = dueItems.findDue(now, PAGE);
            List<Action> toSend = new ArrayList<>();
            List<DueItem> done = new ArrayList<>();
            for (DueItem item : due) {
                if (item.kind() == DueKind.FIRST_RESPONSE_AT_RISK) {
                    done.add(item); // its deadline has come: the marker has served, and needs no read of the case
                    handled.merge(item.kind(), 1, Integer::sum);
                    continue;
                }
                Optional<Case> c = cases.getCase(item.caseId());
                if (c.isEmpty()) {
                    done.add(item);
                    continue;
                }
                switch (item.kind()) {
                    case FIRST_RESPONSE_SLA -> recordBreach(c.get(), item, now);
                    case FOLLOW_UP -> {
                        if (c.get().status() == CaseStatus.ACKNOWLEDGED) {
                            toSend.add(action(ActionType.FOLLOW_UP, c.get(), item));
                        }
                        done.add(item);
                    }
                    case CLOSE_LOOP -> {
                        if (c.get().status() == CaseStatus.RESOLVED) {
                            toSend.add(action(ActionType.CLOSE_LOOP, c.get(), item));
                            // After the loop is closed (same case, same queue group: it follows), one private question.
                            toSend.add(Action.csatSurvey(c.get(), item.dueAt()));
                        }
                        done.add(item);
                    }
                    case PROMISE -> promiseBroken(c.get(), item, now).ifPresent(toSend::add);
                    case HANDOFF_UPDATE -> handoffUpdate(c.get(), item).ifPresent(toSend::add);
                    case DRAFT_DEADLINE -> draftOverdue(c.get(), item, now);
                    case FIRST_RESPONSE_AT_RISK -> done.add(item); // handled above, without reading the case
                }
                handled.merge(item.kind(), 1, Integer::sum);
            }
            // Queue first, then clear: a crash in between re-queues the same keys, which post once.
            actions.send(toSend);
            done.forEach(dueItems::clearDue);
            if (due.size() < PAGE) {
                break;
            }
        }
        if (atRisk != null) {
            // After the breaches: a deadline that passed is breached, never reported at risk as well.
            try {
                int reported = atRisk.run(now);
                if (reported > 0) {
                    LOG.info("first-response deadlines at risk reported", "cases", reported);
                }
            } catch (RuntimeException e) {
                // The follow-ups are queued and cleared already; the next run looks for deadlines at risk again.
                LOG.warn("deadlines at risk not looked at", "error", e.getClass().getSimpleName());
            }
        }
        if (!handled.isEmpty()) {
            LOG.info("follow-ups handled", "counts", handled.toString());
        }
        return handled;
    }

    private static Action action(ActionType type, Case c, DueItem item) {
        return Action.due(c, type, item.dueAt());
    }

    /**
     * A promise fell due and nothing reached the customer since: tell them (no black box), record the breach
     * and put the case in front of a person.
     */
    private java.util.Optional<Action> promiseBroken(Case c, DueItem item, Instant now) {
        if (!c.status().isOpen()) {
            dueItems.clearDue(item);
            return java.util.Optional.empty();
        }
        Case after = c.status().canMoveTo(CaseStatus.ESCALATED) ? c.withStatus(CaseStatus.ESCALATED) : c;
        TimelineEntry entry = new TimelineEntry(now, TimelineKind.PROMISE, "careloop", null, false, null,
                "promise due " + item.dueAt() + " was not kept: the customer gets an update and the case is escalated");
        try {
            cases.apply(CaseChange.of(c, after, entry).clearingDue(DueKind.PROMISE));
        } catch (ConcurrentUpdateException e) {
            return java.util.Optional.empty(); // the case moved; the next run looks again
        }
        LOG.warn("promise broken", "caseId", c.id());
        events.publish(CareEvent.of(CareEvent.Type.CASE_ESCALATED, now, c.id(), "reason", "promise broken",
                "priority", c.priority().name(), "team", c.team(), "assignee", c.assignee(), "platform", c.platform().id()));
        return java.util.Optional.of(action(ActionType.PROMISE_UPDATE, c, item));
    }

    /** While a case is handed off the customer hears from us every interval; the next update is scheduled now. */
    private java.util.Optional<Action> handoffUpdate(Case c, DueItem item) {
        if (c.status() != CaseStatus.HANDED_OFF || item.every() == null) {
            dueItems.clearDue(item);
            return java.util.Optional.empty();
        }
        // The cadence holds from the last update; after downtime the next one comes a full interval from now,
        // never a catch-up burst of one update a minute.
        Instant next = item.dueAt().plus(item.every());
        Instant now = clock.instant();
        if (!next.isAfter(now)) {
            next = now.plus(item.every());
        }
        try {
            cases.apply(new CaseChange(c, c, List.of(), List.of(new DueItem(c.id(), DueKind.HANDOFF_UPDATE, next,
                    item.every())), List.of(), false, false));
        } catch (ConcurrentUpdateException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Action.progressUpdate(c, item.dueAt(), next));
    }

    /**
     * A reply waiting for review reached the deadline it races: the case is escalated and the team alerted. The
     * draft stays for a person; nothing is ever posted because time ran out.
     */
    private void draftOverdue(Case c, DueItem item, Instant now) {
        List<Draft> overdue = drafts.waitingDrafts(Map.of("caseId", c.id()), 10).stream()
                .filter(d -> d.deadline() != null && !d.deadline().isAfter(now))
                // a first reply's draft no longer races once a person answered the customer another way
                .filter(d -> c.firstResponseAt() == null || !d.deadline().equals(c.firstResponseDue())).toList();
        if (overdue.isEmpty()) {
            dueItems.clearDue(item); // approved or rejected in time
            return;
        }
        Case after = c.status().canMoveTo(CaseStatus.ESCALATED) ? c.withStatus(CaseStatus.ESCALATED) : c;
        TimelineEntry alert = new TimelineEntry(now, TimelineKind.ALERT, "careloop", null, false, overdue.get(0).action().key(),
                overdue.size() + " draft(s) still wait for review past their deadline " + overdue.get(0).deadline()
                        + ": escalated; nothing is posted until a person approves");
        try {
            cases.apply(CaseChange.of(c, after, alert).clearingDue(DueKind.DRAFT_DEADLINE));
        } catch (ConcurrentUpdateException e) {
            return; // the case moved; the next run looks again
        }
        LOG.warn("draft overdue", "caseId", c.id(), "drafts", overdue.size());
        events.publish(CareEvent.of(CareEvent.Type.DRAFT_WAITING, now, c.id(), "drafts", overdue.size(),
                "deadline", overdue.get(0).deadline().toString(), "priority", c.priority().name(), "team", c.team(),
                "assignee", c.assignee(), "platform", c.platform().id()));
        metrics.count(Metrics.Name.DraftsOverdue, null);
    }

    /**
     * The first-response deadline passed unanswered: flag the case (the inbox and stats show it). A case closed or
     * resolved meanwhile owes no first response (its deadline is normally cleared with it; one stored before the
     * reply clock stays until it fires).
     */
    private void recordBreach(Case c, DueItem item, Instant now) {
        if (c.firstResponseAt() != null || c.slaBreached() || !c.status().isOpen()) {
            dueItems.clearDue(item);
            return;
        }
        Case after = c.withSlaBreached();
        TimelineEntry entry = new TimelineEntry(now, TimelineKind.SLA, "careloop", null, false, null,
                "First-response deadline " + c.firstResponseDue() + " (" + c.priority() + ") passed without a reply");
        try {
            cases.apply(CaseChange.of(c, after, entry).clearingDue(DueKind.FIRST_RESPONSE_SLA));
            LOG.warn("first-response SLA breached", "caseId", c.id(), "priority", c.priority().name());
            metrics.count(Metrics.Name.SlaBreaches, null);
            events.publish(CareEvent.of(CareEvent.Type.SLA_BREACHED, now, c.id(), "priority", c.priority().name(),
                    "team", c.team(), "assignee", c.assignee(), "platform", c.platform().id(),
                    "firstResponseDue", c.firstResponseDue().toString()));
        } catch (ConcurrentUpdateException e) {
            // The case moved (perhaps it was just answered); the next run looks again.
        }
    }
}
