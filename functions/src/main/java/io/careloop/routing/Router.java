package io.careloop.routing;

import io.careloop.cases.Agent;
import io.careloop.config.TeamPolicy;
import io.careloop.core.Platform;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which agent should take a case: only an available agent of the case's team who can answer it (language,
 * platform) and has room below their cap; then, by the team's routing, the least loaded (the longest idle among
 * equals, so equals take turns) or simply the longest idle (round robin). The choice is a proposal: the store's
 * conditional write decides, so two triage instances choosing at once never pass an agent's cap.
 */
public final class Router {
    private static final Comparator<Agent> LONGEST_IDLE = Comparator
            .comparing((Agent a) -> a.lastAssignedAt() == null ? Instant.EPOCH : a.lastAssignedAt())
            .thenComparing(Agent::id);

    private Router() {
    }

    public static Optional<Agent> choose(List<Agent> roster, String team, Platform platform, String language,
                                         TeamPolicy.Routing mode, Set<String> exclude) {
        if (mode == TeamPolicy.Routing.MANUAL) {
            return Optional.empty();
        }
        Comparator<Agent> order = mode == TeamPolicy.Routing.ROUND_ROBIN ? LONGEST_IDLE
                : Comparator.comparingInt(Agent::openCases).thenComparing(LONGEST_IDLE);
        return roster.stream()
                .filter(a -> a.available() && a.inTeam(team) && a.hasRoom() && a.canAnswer(platform, language))
                .filter(a -> !exclude.contains(a.id()))
                .min(order);
    }
}
