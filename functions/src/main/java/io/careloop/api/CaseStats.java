package io.careloop.api;

import io.careloop.cases.Case;
import io.careloop.cases.Priority;
import io.careloop.cases.CasePage;
import io.careloop.store.CaseRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The team's numbers: first-response time (p50, p90) of any first response, of the automatic acknowledgement and
 * of a person's first response apart; first-response SLA attainment on the one the brand chooses
 * ({@code policy.firstResponse}: a person's by default, or any); and open cases by priority, over the most recent cases on the inbox index (at most {@link #WINDOW} open and
 * {@link #WINDOW} done cases: queries, never a scan).
 */
final class CaseStats {
    static final int WINDOW = 2_000;

    private final CaseRepository cases;
    private final Clock clock;
    private final boolean human;
    /** A case's team's clock: working time where the team counts business hours, else elapsed time. */
    private final java.util.function.Function<String, io.careloop.config.TeamPolicy> teams;

    /** @param human the SLA counts a person's first response, not careloop's automatic acknowledgement */
    CaseStats(CaseRepository cases, Clock clock, boolean human) {
        this(cases, clock, human, io.careloop.config.TeamPolicy::defaults);
    }

    /** @param teams each team's policy, whose clock the response times are counted on (the deadlines' clock) */
    CaseStats(CaseRepository cases, Clock clock, boolean human,
              java.util.function.Function<String, io.careloop.config.TeamPolicy> teams) {
        this.cases = cases;
        this.clock = clock;
        this.human = human;
        this.teams = teams;
    }

    private long seconds(Case c, Instant to) {
        return teams.apply(c.team()).elapsed(c.createdAt(), to).toSeconds();
    }

    Map<String, Object> compute() {
        List<Case> open = read(true);
        List<Case> done = read(false);
        List<Long> firstResponseSeconds = new ArrayList<>();
        List<Long> automaticSeconds = new ArrayList<>();
        List<Long> humanSeconds = new ArrayList<>();
        int measured = 0;
        int withinSla = 0;
        int breaches = 0;
        Instant now = clock.instant();
        for (List<Case> cases : List.of(open, done)) {
            for (Case c : cases) {
                if (c.firstResponseAt() != null) {
                    firstResponseSeconds.add(seconds(c, c.firstResponseAt()));
                    if (c.firstHumanResponseAt() == null || c.firstResponseAt().isBefore(c.firstHumanResponseAt())) {
                        automaticSeconds.add(seconds(c, c.firstResponseAt()));
                    }
                }
                if (c.firstHumanResponseAt() != null) {
                    humanSeconds.add(seconds(c, c.firstHumanResponseAt()));
                }
                Instant answered = human ? c.firstHumanResponseAt() : c.firstResponseAt();
                boolean decided = answered != null || now.isAfter(c.firstResponseDue());
                if (decided && c.status() != io.careloop.cases.CaseStatus.MODERATED) {
                    measured++;
                    boolean met = (human || !c.slaBreached()) && answered != null
                            && !answered.isAfter(c.firstResponseDue());
                    if (met) {
                        withinSla++;
                    }
                }
                if (c.slaBreached()) {
                    breaches++;
                }
            }
        }
        firstResponseSeconds.sort(null);
        automaticSeconds.sort(null);
        humanSeconds.sort(null);
        Map<Priority, Integer> openByPriority = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            openByPriority.put(p, 0);
        }
        open.forEach(c -> openByPriority.merge(c.priority(), 1, Integer::sum));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("casesMeasured", open.size() + done.size());
        stats.put("firstResponseSeconds", distribution(firstResponseSeconds));
        stats.put("automaticAcknowledgementSeconds", distribution(automaticSeconds));
        stats.put("firstHumanResponseSeconds", distribution(humanSeconds));
        stats.put("slaMeasuredOn", human ? "human" : "any");
        stats.put("slaAttainment", measured == 0 ? null : Math.round(1000.0 * withinSla / measured) / 1000.0);
        stats.put("slaBreaches", breaches);
        stats.put("openByPriority", openByPriority);
        return stats;
    }

    private List<Case> read(boolean open) {
        List<Case> read = new ArrayList<>();
        String cursor = null;
        do {
            CasePage page = cases.listCases(open, Map.of(), 100, cursor);
            read.addAll(page.cases());
            cursor = page.next();
        } while (cursor != null && read.size() < WINDOW);
        return read;
    }

    private static Map<String, Object> distribution(List<Long> sorted) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("p50", percentile(sorted, 50));
        d.put("p90", percentile(sorted, 90));
        d.put("count", sorted.size());
        return d;
    }

    private static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
