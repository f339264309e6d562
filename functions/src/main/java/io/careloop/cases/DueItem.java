package io.careloop.cases;

import java.time.Instant;

/** A pending time-based step on a case, found by the follow-up schedule without a table scan. */
public record DueItem(String caseId, DueKind kind, Instant dueAt) {
}
