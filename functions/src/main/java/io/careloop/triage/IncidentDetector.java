package io.careloop.triage;

import io.careloop.cases.TimelineKind;
import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.core.Mention;
import io.careloop.incidents.IncidentOpening;
import io.careloop.incidents.Sighting;
import io.careloop.observe.Log;
import io.careloop.observe.Metrics;
import io.careloop.queue.ActionQueue;
import io.careloop.store.CaseRepository;
import io.careloop.store.Incidents;
import io.careloop.store.TopicSightings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Spots the pattern: several customers with the same problem at the same time make one incident. */
final class IncidentDetector {
    private static final Log LOG = Log.of(IncidentDetector.class);

    private final TopicSightings sightings;
    private final Incidents incidents;
    private final CaseRepository cases;
    private final ActionQueue actions;
    private final BrandConfig.TriagePolicy policy;
    private final Clock clock;
    private final Metrics metrics;
    private final io.careloop.events.CareEvents events;

    IncidentDetector(TopicSightings sightings, Incidents incidents, CaseRepository cases, ActionQueue actions,
                     BrandConfig.TriagePolicy policy, Clock clock, Metrics metrics) {
        this(sightings, incidents, cases, actions, policy, clock, metrics, io.careloop.events.CareEvents.none());
    }

    IncidentDetector(TopicSightings sightings, Incidents incidents, CaseRepository cases, ActionQueue actions,
                     BrandConfig.TriagePolicy policy, Clock clock, Metrics metrics, io.careloop.events.CareEvents events) {
        this.events = events;
        this.metrics = metrics;
        this.sightings = sightings;
        this.incidents = incidents;
        this.cases = cases;
        this.actions = actions;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * After a case opened on a topic with no open incident: counts the distinct authors complaining about the topic
     * within the window (one query; this case's sighting was written with it, so of customers reporting at the same
     * moment the last to write sees them all); at the threshold, opens the incident (or finds the one opened
     * meanwhile), links every affected case and posts one proactive holding message. A case opening while the topic's
     * incident is open is linked by its opening instead ({@link #note}).
     */
    Optional<String> incidentFor(Case opened, Mention mention, String topicKey, String topic, boolean sighted) {
        if (!sighted) {
            return Optional.empty();
        }
        List<Sighting> seen = sightings.sightings(topicKey, clock.instant().minus(policy.incidentWindow()));
        long authors = seen.stream().filter(s -> s.complaint() || s.caseId() != null)
                .map(Sighting::authorKey).distinct().count();
        if (authors < policy.incidentAuthors()) {
            return Optional.empty();
        }
        IncidentOpening incident = incidents.openIncident(topicKey, mention.platform(), topic, clock.instant());
        if (incident.opened()) {
            LOG.warn("incident opened", "incidentId", incident.incidentId(), "topic", topic,
                    "platform", mention.platform().id(), "authors", authors);
            metrics.count(Metrics.Name.IncidentsOpened, mention.platform().id());
            events.publish(io.careloop.events.CareEvent.of(io.careloop.events.CareEvent.Type.INCIDENT_OPENED,
                    clock.instant(), incident.incidentId(), "topic", topic, "platform", mention.platform().id(),
                    "authors", authors));
            if (mention.platform().hasCommunityFeed()) {
                actions.send(Action.incidentPost(incident.incidentId(), mention.platform()));
            }
        }
        link(opened.id(), incident.incidentId());
        for (Sighting s : seen) {
            if (s.caseId() != null && !s.caseId().equals(opened.id())) {
                Optional<Case> other = cases.getCase(s.caseId());
                if (other.isPresent() && other.get().incidentId() == null && other.get().status().isOpen()) {
                    link(other.get().id(), incident.incidentId());
                    if (other.get().firstResponseAt() != null) {
                        // Answered already: told it is an incident. Not yet: its own first reply, queued or held for
                        // review, says the holding words when it goes out; a second action on its key could race it.
                        actions.send(Action.incidentUpdate(other.get(), incident.incidentId()));
                    }
                }
            }
        }
        return Optional.of(incident.incidentId());
    }

    /** The timeline entry of a case that is part of an incident. */
    TimelineEntry note(String incidentId, String topic) {
        return new TimelineEntry(clock.instant(), TimelineKind.INCIDENT, "careloop", null, false, incidentId,
                "part of incident " + incidentId + " (" + topic + ")");
    }

    private void link(String caseId, String incidentId) {
        try {
            ConflictRetry.untilApplied(() -> {
                Case c = cases.getCase(caseId).orElseThrow();
                if (!incidentId.equals(c.incidentId())) {
                    incidents.linkToIncident(c, incidentId, note(incidentId, c.topic()));
                }
            });
        } catch (ConcurrentUpdateException e) {
            // The case is being worked on right now; the incident still lists the others and the case keeps its course.
            LOG.warn("case not linked to its incident: it kept changing", "caseId", caseId, "incidentId", incidentId);
        }
    }
}
