package io.careloop.cases;

import java.time.Duration;
import java.time.Instant;

/**
 * A pending time-based step on a case, found by the follow-up schedule without a table scan.
 *
 * @param every for a repeating step (hand-off updates), the interval; else null
 */
public record DueItem(String caseId, DueKind kind, Instant dueAt, Duration every) {
    public DueItem(String caseId, DueKind kind, Instant dueAt) {
        this(caseId, kind, dueAt, null);
    }
}
