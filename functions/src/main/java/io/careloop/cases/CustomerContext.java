package io.careloop.cases;

import java.time.Instant;
import java.util.Optional;

/**
 * What triage knows about a customer before deciding, read in one request: their open case, their case in the
 * thread they wrote in (never another customer's: people commenting on one post are different customers), and
 * their history.
 *
 * @param casesBefore        how many cases the customer has had (repeat contact raises priority)
 * @param lastResolvedCaseId the customer's most recently resolved case, for praise that follows it
 * @param activeIncidentId   the open incident on the mention's topic, read in the same request
 */
public record CustomerContext(String openCaseId, String threadCaseId, int casesBefore, String lastResolvedCaseId,
                              Instant lastResolvedAt, String activeIncidentId) {

    /** The customer's open case wins: one owner per customer, whichever thread they write in. */
    public Optional<String> caseToJoin() {
        return Optional.ofNullable(openCaseId != null ? openCaseId : threadCaseId);
    }
}
