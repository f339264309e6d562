package io.careloop.store;

import io.careloop.cases.Case;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Platform;
import io.careloop.incidents.Incident;
import io.careloop.incidents.IncidentOpening;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Incidents: at most one open per topic, with the cases linked to it. */
public interface Incidents {

    /** Opens the topic's incident unless one is open already; concurrent callers get the same incident. */
    IncidentOpening openIncident(String topicKey, Platform platform, String topic, Instant at);

    /**
     * Links a case to an incident: the case, its timeline and the incident's list change together.
     *
     * @throws ConcurrentUpdateException when the case changed since it was read
     */
    void linkToIncident(Case before, String incidentId, TimelineEntry entry);

    /** Marks the incident resolved and frees its topic; false if it was not open. */
    boolean resolveIncident(Incident incident, Instant at);

    /** Open incidents, newest first, each with its linked cases. */
    List<Incident> listIncidents();

    /** The incident with its linked cases. */
    Optional<Incident> getIncident(String incidentId);
}
