package io.careloop.cases;

import io.careloop.core.Mention;
import io.careloop.incidents.TopicSighting;

/**
 * Everything a new case writes in one transaction: the mention's claim, the case, the customer's and the
 * thread's pointers, the customer's history, the first timeline entry, the first-response deadline and,
 * when the mention raised a topic, its sighting (so incident detection costs no extra write).
 *
 * @param firstResponseDue null for a case nobody answers (a moderation record)
 * @param ownsCustomer     false for a moderation record: the customer's next mention must not join it
 * @param sighting         the topic the customer raised, or null
 */
public record CaseOpening(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue,
                          boolean ownsCustomer, TopicSighting sighting) {
    /** The version a case is stored at by its opening: every later step checks and increments it. */
    public static final long STORED_VERSION = 1;

    public static CaseOpening of(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue) {
        return new CaseOpening(newCase, mention, first, firstResponseDue, true, null);
    }

    /** A record of moderation: claimed and audited, never answered, never joined by the customer's next mention. */
    public static CaseOpening moderation(Case record, Mention mention, TimelineEntry first) {
        return new CaseOpening(record, mention, first, null, false, null);
    }

    /** The new case as its opening stores it, so the next step can change it without reading it back. */
    public Case stored() {
        return newCase.withVersion(STORED_VERSION);
    }

    public CaseOpening withSighting(TopicSighting topicSighting) {
        return new CaseOpening(newCase, mention, first, firstResponseDue, ownsCustomer, topicSighting);
    }
}
