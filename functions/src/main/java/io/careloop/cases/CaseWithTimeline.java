package io.careloop.cases;

import java.util.List;

/** A case and its timeline, newest entry first. */
public record CaseWithTimeline(Case theCase, List<TimelineEntry> timeline) {
}
