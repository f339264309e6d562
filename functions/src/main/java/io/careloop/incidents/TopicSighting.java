package io.careloop.incidents;

import java.time.Duration;

/** A sighting to record under a topic ({@code platform#topic}), kept for twice the detection window. */
public record TopicSighting(String topicKey, Sighting sighting, Duration window) {
}
