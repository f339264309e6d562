package io.careloop.cases;

import io.careloop.core.Mention;
import io.careloop.incidents.TopicSighting;
import java.util.Objects;

/**
 * Everything a new case writes in one transaction: the mention's claim, the case, the customer's and the
 * thread's pointers, the customer's history, the first timeline entry, the first-response deadline and,
 * when the mention raised a topic, its sighting (so incident detection costs no extra write); and, for a case that
 * opens as part of its topic's incident, the incident's link to it.
 *
 * @param firstResponseDue null for a case nobody answers (a moderation record)
 * @param ownsCustomer     false for a moderation record: the customer's next mention must not join it
 * @param sighting         the topic the customer raised, or null
 * @param incidentNote     the timeline entry saying the case is part of {@code newCase.incidentId()}; null exactly
 *                         when the case opens outside any incident
 */
public record CaseOpening(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue,
                          boolean ownsCustomer, TopicSighting sighting, TimelineEntry incidentNote) {
    /** The version a case is stored at by its opening: every later step checks and increments it. */
    public static final long STORED_VERSION = 1;

    public CaseOpening {
        if ((newCase.incidentId() == null) != (incidentNote == null)) {
            throw new IllegalArgumentException("a case opened as part of an incident needs its timeline note, and only it");
        }
    }

    public static CaseOpening of(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue) {
        return new CaseOpening(newCase, mention, first, firstResponseDue, true, null, null);
    }

    /** A record of moderation: claimed and audited, never answered, never joined by the customer's next mention. */
    public static CaseOpening moderation(Case record, Mention mention, TimelineEntry first) {
        return new CaseOpening(record, mention, first, null, false, null, null);
    }

    /** The new case as its opening stores it, so the next step can change it without reading it back. */
    public Case stored() {
        return newCase.withVersion(STORED_VERSION);
    }

    public CaseOpening withSighting(TopicSighting topicSighting) {
        return new CaseOpening(newCase, mention, first, firstResponseDue, ownsCustomer, topicSighting, incidentNote);
    }

    /**
     * The case opens as part of an open incident: it names the incident, its timeline says so, and the incident lists
     * it, in the opening's transaction rather than a second one.
     */
    public CaseOpening partOf(String incidentId, TimelineEntry note) {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(note, "note");
        return new CaseOpening(newCase.withIncident(incidentId), mention, first, firstResponseDue, ownsCustomer, sighting,
                note);
    }
}
