package io.careloop.cases;

import java.util.List;

/**
 * A case and its timeline, newest entry first.
 *
 * @param draftWaiting a reply on this case waits for a person's review (read with the case, at no extra cost)
 */
public record CaseWithTimeline(Case theCase, List<TimelineEntry> timeline, boolean draftWaiting) {
}
