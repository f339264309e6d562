package io.careloop.cases;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a case stands. The allowed moves are explicit: anything else is refused with a reason.
 */
public enum CaseStatus {
    NEW, ACKNOWLEDGED, PRIVATE, HANDED_OFF, RESOLVED, CLOSED, WATCHING, ESCALATED, MODERATED;

    private static final Map<CaseStatus, Set<CaseStatus>> ALLOWED = Map.of(
            NEW, EnumSet.of(ACKNOWLEDGED, PRIVATE, HANDED_OFF, RESOLVED, ESCALATED, MODERATED),
            ACKNOWLEDGED, EnumSet.of(PRIVATE, HANDED_OFF, RESOLVED, ESCALATED, MODERATED),
            PRIVATE, EnumSet.of(HANDED_OFF, RESOLVED, ESCALATED),
            HANDED_OFF, EnumSet.of(PRIVATE, RESOLVED, ESCALATED),
            ESCALATED, EnumSet.of(ACKNOWLEDGED, PRIVATE, HANDED_OFF, RESOLVED, MODERATED),
            WATCHING, EnumSet.of(NEW, CLOSED),
            RESOLVED, EnumSet.of(CLOSED, ACKNOWLEDGED),
            MODERATED, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(CaseStatus.class));

    public boolean canMoveTo(CaseStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Open cases are the ones a customer's new mention joins and the inbox shows. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED && this != MODERATED;
    }
}
