package io.careloop.store;

import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.Draft;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Replies waiting for a person's review: saved by the reply function, decided once in the agents' API. */
public interface Drafts {

    /**
     * Saves a new draft with its case change (null without a case) in one transaction.
     *
     * @return false when a draft for this action exists already (waiting or decided): nothing is written
     * @throws ConcurrentUpdateException when the case changed since it was read (nothing is written)
     */
    boolean saveDraft(Draft draft, CaseChange change);

    /** The draft of an action; {@code caseId} null for one without a case. */
    Optional<Draft> getDraft(String caseId, String actionKey);

    /**
     * Drafts waiting for review, soonest deadline first (those without one last). A query on an index, never a scan.
     *
     * @param filters attribute → required value: team, platform, kind, caseId
     */
    List<Draft> waitingDrafts(Map<String, String> filters, int limit);

    /**
     * Records a person's decision, only if the draft is still waiting, with the case change (null for none).
     *
     * @return false when it was decided already (by someone else, or by an earlier request)
     * @throws ConcurrentUpdateException when the case changed since it was read
     */
    boolean decideDraft(Draft decided, CaseChange change);
}
