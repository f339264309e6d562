package io.careloop.incidents;

import io.careloop.core.Platform;
import java.time.Instant;
import java.util.List;

/** Several customers with the same problem at the same time: one incident, its cases linked to it. */
public record Incident(String id, Platform platform, String topic, IncidentStatus status, Instant openedAt,
                       List<String> caseIds) {

    /** The key its topic's sightings and active pointer live under. */
    public String topicKey() {
        return platform.id() + "#" + topic;
    }
}
