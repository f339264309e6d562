package io.careloop.store;

import io.careloop.core.Platform;
import java.time.Instant;
import java.util.List;

/** Several customers with the same problem at the same time: one incident, its cases linked to it. */
public record Incident(String id, Platform platform, String topic, String status, Instant openedAt, List<String> caseIds) {
}
