package io.careloop.store;

import io.careloop.cases.Agent;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The agents routing chooses from, and the one write that gives a case to one of them without ever passing
 * their cap. Every other step that moves a case's owner ({@link CaseRepository#apply}) keeps the owners' counts
 * of open cases as part of the same write ({@link CaseChange#ownerLoad()}).
 */
public interface Agents {

    /** Every agent the store knows, with their current count of open cases (one read, not a scan). */
    List<Agent> roster();

    Optional<Agent> agent(String agentId);

    /** Stores the agent's profile; the count of open cases they hold and their place in the round robin stay. */
    void saveProfile(Agent agent);

    /**
     * Applies {@code change}, which gives the case to {@code agentId}, in one write with taking one of that agent's
     * slots — only while they are available, in {@code team} (null: any) and below their cap.
     *
     * @return false, with nothing written, when the agent is away, not in the team or full
     * @throws ConcurrentUpdateException when the case changed since it was read
     */
    boolean assignWithinCap(CaseChange change, String agentId, String team, Instant at);
}
