package io.careloop.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one team works (brand file {@code "teams": {"Billing": {...}}}).
 *
 * @param name    the team's name, as triage's topic → team map and hand-offs name it
 * @param routing how new cases are shared among the team's available agents
 */
public record TeamPolicy(String name, Routing routing) {

    /**
     * {@code least-loaded} (the default): the agent with the fewest open cases, the longest idle among equals;
     * {@code round-robin}: the longest idle agent with room, whatever their load.
     */
    public enum Routing { LEAST_LOADED, ROUND_ROBIN, MANUAL }

    /** A team the brand file says nothing about: least-loaded routing. */
    public static TeamPolicy defaults(String name) {
        return new TeamPolicy(name, Routing.LEAST_LOADED);
    }

    static TeamPolicy parse(String name, JsonNode node) {
        String routing = node.path("routing").asText("least-loaded");
        Routing mode = switch (routing) {
            case "least-loaded" -> Routing.LEAST_LOADED;
            case "round-robin" -> Routing.ROUND_ROBIN;
            case "manual" -> Routing.MANUAL;
            default -> throw new IllegalStateException("Brand file: teams." + name
                    + ".routing must be least-loaded, round-robin or manual, not '" + routing + "'");
        };
        return new TeamPolicy(name, mode);
    }
}
