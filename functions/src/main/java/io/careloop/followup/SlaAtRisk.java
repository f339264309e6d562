package io.careloop.followup;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.TeamPolicy;
import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import io.careloop.observe.Log;
import io.careloop.store.CaseRepository;
import io.careloop.store.DueItems;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "SLA At Risk": a case still waiting for its first response once 80 % of the time from its opening to its
 * first-response deadline has gone, on the clock the deadline itself runs on (the team's business hours where
 * the team counts them), reported once per case while there is still time to answer.
 *
 * <p>Nothing is written when a case opens or is answered: the first-response deadlines are read from the due
 * index between now and the longest 20 % any case can have left (the brand's longest first-response SLA, on each
 * team's clock), and a case is read only once it may be at risk. A deadline already passed is the breach path's,
 * so the overdue backlog before now is never read here and cannot crowd out the deadlines still to come. Publishing writes the case's
 * {@link DueKind#FIRST_RESPONSE_AT_RISK} marker, due with the deadline, and a timeline entry, in one
 * version-checked change: of two overlapping runs only one publishes, and the next runs find the marker beside the
 * deadline in the same query.
 */
final class SlaAtRisk {
    /** The share of the time to the deadline after which a waiting case is at risk. */
    static final int AT_RISK_PERCENT = 80;
    /**
     * How many due items one read of the window returns (one query: due items are ~150 bytes, far below a query
     * page). The window holds every kind of item due in it (follow-ups, promises, markers), so a fuller window is
     * read on, earliest first, in further pages of the same run.
     */
    static final int WINDOW_LIMIT = 1000;
    /**
     * Pages one run reads at most: bounds a run's reads and time. A window fuller than this reaches its later
     * deadlines only as the clock brings them among the first pages (logged as a warning).
     */
    static final int MAX_PAGES = 20;
    /** Rounding of working-time arithmetic: the window reaches a minute further than the exact bound. */
    private static final Duration SLACK = Duration.ofMinutes(1);
    /** Cases remembered between runs of a warm instance, so a case not yet at risk is read once, not every minute. */
    private static final int REMEMBERED = 10_000;
    private static final Log LOG = Log.of(SlaAtRisk.class);

    private final DueItems dueItems;
    private final CaseRepository cases;
    private final BrandConfig brand;
    private final CareEvents events;
    /** case id + deadline → when that case becomes at risk; only a cache (the marker is what makes it once). */
    private final Map<String, Instant> atRiskTimes = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };

    SlaAtRisk(DueItems dueItems, CaseRepository cases, BrandConfig brand, CareEvents events) {
        this.dueItems = dueItems;
        this.cases = cases;
        this.brand = brand;
        this.events = events;
    }

    /** @return how many cases were reported at risk in this run */
    synchronized int run(Instant now) {
        Instant horizon = horizon(now);
        Instant after = now; // a deadline at risk is still ahead; one already passed is the breach path's
        int reported = 0;
        for (int page = 1; ; page++) {
            List<DueItem> window = dueItems.findDueBetween(after, horizon, WINDOW_LIMIT);
            // A full page may have cut a deadline's marker off at its end: look only at deadlines strictly before
            // the last one returned, whose markers (due at the same instant) were all returned with them; the next
            // page starts again at that instant.
            Instant cutoff = window.size() < WINDOW_LIMIT ? null : window.get(window.size() - 1).dueAt();
            reported += reportAtRisk(window, cutoff, now);
            if (cutoff == null) {
                return reported;
            }
            Instant lastBeforeCutoff = null;
            for (DueItem item : window) {
                if (item.dueAt().isBefore(cutoff)) {
                    lastBeforeCutoff = item.dueAt();
                }
            }
            if (lastBeforeCutoff == null || page == MAX_PAGES) {
                LOG.warn("SLA at-risk window full: later deadlines wait for the next runs", "pages", page,
                        "until", cutoff.toString());
                return reported;
            }
            after = lastBeforeCutoff;
        }
    }

    /** Reports the page's waiting first-response deadlines due before the cutoff (all of them without one). */
    private int reportAtRisk(List<DueItem> window, Instant cutoff, Instant now) {
        Set<String> alreadyReported = new HashSet<>();
        List<DueItem> deadlines = new ArrayList<>();
        for (DueItem item : window) {
            if (item.kind() == DueKind.FIRST_RESPONSE_AT_RISK) {
                alreadyReported.add(item.caseId() + "@" + item.dueAt());
            } else if (item.kind() == DueKind.FIRST_RESPONSE_SLA && item.dueAt().isAfter(now)
                    && (cutoff == null || item.dueAt().isBefore(cutoff))) {
                deadlines.add(item);
            }
        }
        int reported = 0;
        for (DueItem deadline : deadlines) {
            String key = deadline.caseId() + "@" + deadline.dueAt();
            if (alreadyReported.contains(key)) {
                atRiskTimes.remove(key);
                continue;
            }
            Instant known = atRiskTimes.get(key);
            if (known != null && known.isAfter(now)) {
                continue;
            }
            if (report(deadline, key, now)) {
                reported++;
            }
        }
        return reported;
    }

    private boolean report(DueItem deadline, String key, Instant now) {
        Optional<Case> found = cases.getCase(deadline.caseId());
        if (found.isEmpty()) {
            return false;
        }
        Case c = found.get();
        if (c.firstResponseAt() != null || c.slaBreached() || !c.status().isOpen() || c.createdAt() == null) {
            return false; // answered (its deadline item goes with the answer) or no longer waiting
        }
        TeamPolicy team = brand.team(c.team());
        Instant atRisk = atRiskAt(team, c.createdAt(), deadline.dueAt());
        atRiskTimes.put(key, atRisk);
        if (atRisk.isAfter(now)) {
            return false;
        }
        Duration left = team.elapsed(now, deadline.dueAt());
        TimelineEntry entry = new TimelineEntry(now, TimelineKind.SLA, "careloop", null, false, null,
                "First-response deadline " + deadline.dueAt() + " (" + c.priority() + ") is " + AT_RISK_PERCENT
                        + " % gone without a reply: " + left.toMinutes() + " min left");
        try {
            cases.apply(CaseChange.of(c, c, entry)
                    .settingDue(new DueItem(c.id(), DueKind.FIRST_RESPONSE_AT_RISK, deadline.dueAt())));
        } catch (ConcurrentUpdateException e) {
            return false; // another run reported it, or the case moved (perhaps answered): the next run looks again
        }
        atRiskTimes.remove(key);
        LOG.warn("first-response SLA at risk", "caseId", c.id(), "priority", c.priority().name());
        events.publish(CareEvent.of(CareEvent.Type.SLA_AT_RISK, now, c.id(), "priority", c.priority().name(),
                "team", c.team(), "assignee", c.assignee(), "platform", c.platform().id(),
                "firstResponseDue", deadline.dueAt().toString(), "secondsLeft", left.toSeconds()));
        return true;
    }

    /** 80 % of the way from the opening to the deadline, counted on the team's clock as the deadline was. */
    static Instant atRiskAt(TeamPolicy team, Instant opened, Instant deadline) {
        Duration whole = team.elapsed(opened, deadline);
        return team.deadline(opened, whole.multipliedBy(AT_RISK_PERCENT).dividedBy(100));
    }

    /**
     * The latest deadline a case at risk now can have: at most 20 % of the longest SLA is left on its team's clock,
     * so its deadline lies within that much working time from now, on whichever team's clock reaches furthest.
     */
    Instant horizon(Instant now) {
        Duration longest = Duration.ZERO;
        for (Priority p : Priority.values()) {
            Duration sla = brand.firstResponseSla(p);
            if (sla != null && sla.compareTo(longest) > 0) {
                longest = sla;
            }
        }
        Duration lead = longest.multipliedBy(100 - AT_RISK_PERCENT).dividedBy(100);
        Instant furthest = TeamPolicy.defaults(null).deadline(now, lead);
        for (TeamPolicy team : brand.teams()) {
            Instant reach = team.deadline(now, lead);
            if (reach.isAfter(furthest)) {
                furthest = reach;
            }
        }
        return furthest.plus(SLACK);
    }
}
