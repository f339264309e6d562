package io.careloop.incidents;

import java.time.Instant;

/**
 * One author seen raising a topic: the raw material of corroboration and incident detection.
 *
 * @param authorKey      platform#author id
 * @param watchedMention the author's mention as JSON while it is only watched (indirect, no case yet), else null
 * @param caseId         the author's case for this topic, once there is one
 */
public record Sighting(String authorKey, Instant at, boolean complaint, String watchedMention, String caseId) {
}
