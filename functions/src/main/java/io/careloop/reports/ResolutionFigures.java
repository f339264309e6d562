package io.careloop.reports;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.config.TeamPolicy;
import io.careloop.events.CareEvent;
import java.time.Instant;

/**
 * The figures of a case at its resolution, on its team's clock, as the {@code Case Resolved} care event carries
 * them (and reports roll them up): first response (any, careloop's automatic one, a person's), resolution time and
 * whether the first-response SLA was met, measured as {@code /stats} measures it.
 */
public final class ResolutionFigures {
    private ResolutionFigures() {
    }

    /** @param human the SLA counts a person's first response ({@code policy.firstResponse}) */
    public static CareEvent event(Case c, Instant resolvedAt, TeamPolicy team, boolean human) {
        Long first = c.firstResponseAt() == null ? null : team.elapsed(c.createdAt(), c.firstResponseAt()).toSeconds();
        boolean automaticFirst = c.firstResponseAt() != null
                && (c.firstHumanResponseAt() == null || c.firstResponseAt().isBefore(c.firstHumanResponseAt()));
        Long person = c.firstHumanResponseAt() == null ? null
                : team.elapsed(c.createdAt(), c.firstHumanResponseAt()).toSeconds();
        Instant answered = human ? c.firstHumanResponseAt() : c.firstResponseAt();
        boolean measured = c.status() != CaseStatus.MODERATED && c.firstResponseDue() != null;
        boolean met = measured && answered != null && !answered.isAfter(c.firstResponseDue()) && (human || !c.slaBreached());
        return CareEvent.of(CareEvent.Type.CASE_RESOLVED, resolvedAt, c.id(),
                "team", c.team(), "assignee", c.assignee(), "platform", c.platform().id(), "priority", c.priority().name(),
                "firstResponseSeconds", first, "automaticSeconds", automaticFirst ? first : null, "humanSeconds", person,
                "resolutionSeconds", team.elapsed(c.createdAt(), resolvedAt).toSeconds(),
                "slaMeasured", measured, "slaMet", met);
    }
}
