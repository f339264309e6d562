package io.careloop.store;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CasePage;
import io.careloop.cases.CaseWithTimeline;
import io.careloop.cases.ConcurrentUpdateException;
import java.util.Map;
import java.util.Optional;

/** Cases: read one, read one with its timeline, list the inbox, apply one step of the case process. */
public interface CaseRepository {

    Optional<Case> getCase(String caseId);

    /** The case and its timeline, newest first. */
    Optional<CaseWithTimeline> getCaseWithTimeline(String caseId);

    /**
     * The inbox: open (or done) cases ordered by due time.
     *
     * @param filters attribute name → required value (status, priority, team, assignee, platform, incidentId)
     * @param cursor  a page cursor this repository returned, or null for the first page
     * @throws InvalidCursorException for a cursor it did not hand out
     */
    CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor);

    /**
     * Applies one step of the case process atomically.
     *
     * @throws ConcurrentUpdateException when the case changed since it was read
     */
    void apply(CaseChange change);
}
