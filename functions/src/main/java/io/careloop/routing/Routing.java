package io.careloop.routing;

import io.careloop.cases.Agent;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CasePage;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.TeamPolicy;
import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import io.careloop.observe.Log;
import io.careloop.store.Agents;
import io.careloop.store.CaseRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Automatic assignment: a new case goes to an agent of its team ({@link Router}); the cases of an agent who goes
 * away go back to their teams; an agent who comes back takes the team's waiting cases. One owner per case stays
 * the rule: routing only ever gives a case nobody owns, and every assignment is one conditional write that also
 * takes a slot of the agent's cap. A P1 that nobody can take is raised at once as a care event.
 */
public final class Routing {
    /** Actor of the timeline entries routing writes. */
    public static final String ACTOR = "routing";
    /** How many agents one assignment tries before it leaves the case to the team's queue. */
    private static final int ATTEMPTS = 5;
    /** How many of a team's open cases an agent coming back looks through for unassigned ones. */
    private static final int WAITING_SCAN_PAGES = 5;
    private static final int PAGE = 50;
    private static final Log LOG = Log.of(Routing.class);

    private final Agents agents;
    private final CaseRepository cases;
    private final CareEvents events;
    private final BrandConfig brand;
    private final Clock clock;

    public Routing(Agents agents, CaseRepository cases, CareEvents events, BrandConfig brand, Clock clock) {
        this.agents = agents;
        this.cases = cases;
        this.events = events;
        this.brand = brand;
        this.clock = clock;
    }

    /** What reassigning an agent's cases did. */
    public record Handback(int reassigned, int unassigned) {
    }

    /**
     * A case was just opened: the care team hears of it, and it goes to an agent. Never fails the caller: the case
     * is written, and a case routing could not place waits in its team's queue.
     */
    public Optional<String> caseOpened(Case opened, String language) {
        return caseOpened(opened, language, null);
    }

    /**
     * @param opened the case as its opening stored it (version included): routing changes it without reading it back,
     *               and reads it again only if something changed it meanwhile
     * @param intent what triage read the customer to want (complaint, question...), for reports' volume by intent
     */
    public Optional<String> caseOpened(Case opened, String language, String intent) {
        try {
            events.publish(CareEvent.of(CareEvent.Type.CASE_OPENED, clock.instant(), opened.id(), "team", opened.team(),
                    "priority", opened.priority().name(), "platform", opened.platform().id(), "topic", opened.topic(),
                    "intent", intent,
                    "firstResponseDue", opened.firstResponseDue() == null ? null : opened.firstResponseDue().toString()));
            return route(opened.id(), language, Set.of(), "new case", opened);
        } catch (RuntimeException e) {
            LOG.warn("routing failed; the case waits in its team's queue", "caseId", opened.id(),
                    "error", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Gives a case nobody owns to the best agent of its team.
     *
     * @param language the language the customer wrote in, for agents' skills; null when unknown
     * @return the agent who took it, or empty when nobody could (the case stays in the team's queue)
     */
    public Optional<String> route(String caseId, String language) {
        return route(caseId, language, Set.of(), "new case", null);
    }

    /** @param known the case as last stored, when the caller has it (saves a read); null to read it */
    private Optional<String> route(String caseId, String language, Set<String> excluded, String why, Case known) {
        Set<String> exclude = new HashSet<>(excluded);
        Case current = known;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Case c = current != null ? current : cases.getCase(caseId).orElse(null);
            current = null;
            if (c == null || !c.status().isOpen() || c.assignee() != null) {
                return Optional.empty(); // gone, closed, or someone took it meanwhile
            }
            TeamPolicy team = brand.team(c.team());
            Optional<Agent> chosen = Router.choose(agents.roster(), c.team(), c.platform(), language, team.routing(), exclude);
            if (chosen.isEmpty()) {
                unroutable(c, team);
                return Optional.empty();
            }
            Agent agent = chosen.get();
            Instant now = clock.instant();
            CaseChange change = CaseChange.of(c, c.withAssignee(agent.id()), new TimelineEntry(now, TimelineKind.ASSIGN,
                    ACTOR, null, false, null, "assigned to " + agent.id() + " (" + why + "; "
                    + describe(team.routing()) + " in " + (c.team() == null ? "any team" : c.team()) + ", "
                    + agent.openCases() + " of " + agent.maxOpenCases() + " open cases)"));
            try {
                if (agents.assignWithinCap(change, agent.id(), c.team(), now)) {
                    LOG.info("case routed", "caseId", c.id(), "assignee", agent.id(), "team", c.team());
                    events.publish(CareEvent.of(CareEvent.Type.CASE_ASSIGNED, now, c.id(), "assignee", agent.id(),
                            "team", c.team(), "priority", c.priority().name(), "platform", c.platform().id(), "by", ACTOR));
                    return Optional.of(agent.id());
                }
                exclude.add(agent.id()); // full or away since the roster was read: the next one
            } catch (ConcurrentUpdateException e) {
                // the case changed (a reply, a person's assignment): read it again
            }
        }
        LOG.warn("case left to the team's queue: routing kept losing races", "caseId", caseId);
        return Optional.empty();
    }

    /**
     * The agent went away: each open case they own goes to another agent of its team, or back to the team's queue
     * (unassigned); a P1 nobody can take is raised at once.
     */
    public Handback handBack(String agentId) {
        int reassigned = 0;
        int unassigned = 0;
        String cursor = null;
        do {
            CasePage page = cases.listCases(true, Map.of("assignee", agentId), PAGE, cursor);
            for (Case c : page.cases()) {
                if (release(c.id(), agentId)) {
                    if (route(c.id(), null, Set.of(agentId), agentId + " went away", null).isPresent()) {
                        reassigned++;
                    } else {
                        unassigned++;
                        // Routing placed it nowhere; unless someone took it or closed it meanwhile, it lost its owner
                        // and waits in its team's queue.
                        cases.getCase(c.id()).filter(now -> now.status().isOpen() && now.assignee() == null)
                                .ifPresent(waiting -> events.publish(CareEvent.of(CareEvent.Type.CASE_UNASSIGNED,
                                        clock.instant(), waiting.id(), "from", agentId, "team", waiting.team(),
                                        "priority", waiting.priority().name(), "platform", waiting.platform().id())));
                    }
                }
            }
            cursor = page.next();
        } while (cursor != null);
        events.publish(CareEvent.of(CareEvent.Type.AGENT_AWAY, clock.instant(), null, "agent", agentId,
                "reassigned", reassigned, "unassigned", unassigned));
        return new Handback(reassigned, unassigned);
    }

    /** The agent is available: they take their teams' unassigned open cases, soonest due first, up to their cap. */
    public int takeWaiting(String agentId) {
        int taken = 0;
        Agent agent = agents.agent(agentId).orElse(null);
        if (agent == null || !agent.available()) {
            return 0;
        }
        for (String team : agent.teams()) {
            if (brand.team(team).routing() == TeamPolicy.Routing.MANUAL) {
                continue;
            }
            String cursor = null;
            int pages = 0;
            do {
                CasePage page = cases.listCases(true, Map.of("team", team), PAGE, cursor);
                for (Case c : page.cases()) {
                    if (c.assignee() != null || !agent.canAnswer(c.platform(), null)) {
                        continue;
                    }
                    Instant now = clock.instant();
                    CaseChange change = CaseChange.of(c, c.withAssignee(agentId), new TimelineEntry(now, TimelineKind.ASSIGN,
                            ACTOR, null, false, null, "assigned to " + agentId + " (waiting in " + team
                            + "'s queue; " + agentId + " became available)"));
                    try {
                        if (!agents.assignWithinCap(change, agentId, team, now)) {
                            return taken; // full (or away again)
                        }
                        taken++;
                        events.publish(CareEvent.of(CareEvent.Type.CASE_ASSIGNED, now, c.id(), "assignee", agentId,
                                "team", team, "priority", c.priority().name(), "platform", c.platform().id(), "by", ACTOR));
                    } catch (ConcurrentUpdateException e) {
                        // someone changed it meanwhile; it is theirs to settle
                    }
                }
                cursor = page.next();
            } while (cursor != null && ++pages < WAITING_SCAN_PAGES);
        }
        return taken;
    }

    /** Takes the case from an agent who went away; false when it is no longer theirs or kept changing. */
    private boolean release(String caseId, String agentId) {
        try {
            return io.careloop.cases.ConflictRetry.untilApplied(() -> {
                Case now = cases.getCase(caseId).orElse(null);
                if (now == null || !now.status().isOpen() || !agentId.equals(now.assignee())) {
                    return false;
                }
                cases.apply(CaseChange.of(now, now.withAssignee(null), new TimelineEntry(clock.instant(),
                        TimelineKind.ASSIGN, ACTOR, null, false, null, "unassigned: " + agentId + " went away")));
                return true;
            });
        } catch (ConcurrentUpdateException e) {
            return false; // a busy case stays with them until the next hand-back
        }
    }

    private void unroutable(Case c, TeamPolicy team) {
        if (team.routing() == TeamPolicy.Routing.MANUAL) {
            return;
        }
        LOG.info("no agent can take the case", "caseId", c.id(), "team", c.team(), "priority", c.priority().name());
        if (c.priority() == Priority.P1) {
            LOG.warn("P1 case with nobody to take it", "caseId", c.id(), "team", c.team());
            events.publish(CareEvent.of(CareEvent.Type.CASE_UNROUTABLE, clock.instant(), c.id(), "team", c.team(),
                    "priority", c.priority().name(), "platform", c.platform().id(),
                    "firstResponseDue", c.firstResponseDue() == null ? null : c.firstResponseDue().toString()));
        }
    }

    private static String describe(TeamPolicy.Routing mode) {
        return mode == TeamPolicy.Routing.ROUND_ROBIN ? "round robin" : "least loaded";
    }

    /** The roster as the API lists it. */
    public List<Agent> roster() {
        return agents.roster();
    }
}
