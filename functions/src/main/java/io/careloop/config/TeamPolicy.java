package io.careloop.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one team works (brand file {@code "teams": {"Billing": {...}}}).
 *
 * @param name          the team's name, as triage's topic → team map and hand-offs name it
 * @param routing       how new cases are shared among the team's available agents
 * @param hours         when the team works, or null for around the clock
 * @param businessClock first-response deadlines and response times count only the team's hours
 *                      ({@code "slaClock": "business"}); otherwise they run around the clock
 * @param handoffDoneResolves the team's tool reporting a hand-off done resolves the case ({@code "handoff":
 *                      {"done": "resolve"}}); by default ({@code "review"}) an agent confirms and resolves it
 * @param handoffDestination the team's own HTTPS endpoint that each hand-off's summary is POSTed to, signed
 *                      ({@code "handoff": {"url", "secret"}}); null where hand-offs reach the team through the bus only
 */
public record TeamPolicy(String name, Routing routing, BusinessHours hours, boolean businessClock,
                         boolean handoffDoneResolves, HandoffDestination handoffDestination) {

    /**
     * {@code least-loaded} (the default): the agent with the fewest open cases, the longest idle among equals;
     * {@code round-robin}: the longest idle agent with room, whatever their load.
     */
    public enum Routing { LEAST_LOADED, ROUND_ROBIN, MANUAL }

    /** A team the brand file says nothing about: least-loaded routing. */
    public static TeamPolicy defaults(String name) {
        return new TeamPolicy(name, Routing.LEAST_LOADED, null, false, false, null);
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
        BusinessHours hours = node.has("hours") ? BusinessHours.parse(name, node) : null;
        String clock = node.path("slaClock").asText("calendar");
        if (!clock.equals("calendar") && !clock.equals("business")) {
            throw new IllegalStateException("Brand file: teams." + name + ".slaClock must be calendar or business");
        }
        if (clock.equals("business") && hours == null) {
            throw new IllegalStateException("Brand file: teams." + name + ".slaClock business needs the team's hours");
        }
        String done = node.path("handoff").path("done").asText("review");
        if (!done.equals("review") && !done.equals("resolve")) {
            throw new IllegalStateException("Brand file: teams." + name + ".handoff.done must be review or resolve");
        }
        JsonNode url = node.path("handoff").path("url");
        HandoffDestination destination = url.isMissingNode() || url.isNull() ? null
                : HandoffDestination.parse(name, url.asText(), node.path("handoff").path("secret").asText(null));
        return new TeamPolicy(name, mode, hours, clock.equals("business"), done.equals("resolve"), destination);
    }

    /** When a first response to a case opened at {@code opened} is due, on this team's clock. */
    public java.time.Instant deadline(java.time.Instant opened, java.time.Duration sla) {
        return businessClock ? hours.plusWorkingTime(opened, sla) : opened.plus(sla);
    }

    /** How long something took, on this team's clock. */
    public java.time.Duration elapsed(java.time.Instant from, java.time.Instant to) {
        return businessClock ? hours.workingTimeBetween(from, to) : java.time.Duration.between(from, to);
    }

    /** When the team is next in, if it is out at {@code at}; empty when it is in or works around the clock. */
    public java.util.Optional<java.time.Instant> backAt(java.time.Instant at) {
        if (hours == null || hours.isOpen(at)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(hours.nextOpening(at));
    }
}
