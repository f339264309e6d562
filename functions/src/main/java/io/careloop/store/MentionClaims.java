package io.careloop.store;

import io.careloop.cases.CaseOpening;
import io.careloop.cases.ClaimOutcome;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.CustomerContext;
import io.careloop.cases.MentionClaim;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Mention;
import java.util.Optional;

/**
 * Triage's record of every mention: each is claimed exactly once, together with what became of it. A claim
 * that was made before answers {@link ClaimResult.Outcome#DUPLICATE}, never an error.
 */
public interface MentionClaims {

    /**
     * The customer's open case, the thread's case, the customer's history and, when {@code topicKey} is
     * given, the topic's open incident. One read.
     */
    CustomerContext customerContext(Mention mention, String topicKey);

    /**
     * Claims the mention and opens its case in one transaction (see {@link CaseOpening}). A mention that was
     * only watched may still open a case (the watch turned into outreach).
     */
    ClaimResult openCase(CaseOpening opening);

    /** Claims the mention and adds it to an existing case's timeline in one transaction. */
    ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry, boolean hostile);

    /** Claims a praising mention and marks the customer an advocate on the case it follows. */
    ClaimResult markAdvocate(String caseId, Mention mention, TimelineEntry entry);

    /** Claims a mention that needs no case, recording why. */
    ClaimResult recordWithoutCase(Mention mention, ClaimOutcome outcome, String reason);

    /** The claim of one mention ({@code platform#id}), if careloop has seen it. */
    Optional<MentionClaim> claimOf(String mentionKey);
}
