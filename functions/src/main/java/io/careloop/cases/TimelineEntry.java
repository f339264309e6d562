package io.careloop.cases;

import java.time.Instant;

/**
 * One thing that happened on a case: a message in or out (public or private), or a change made by an
 * agent or by careloop itself.
 *
 * @param kind    what happened
 * @param actor   who did it: the customer's handle, an agent, or {@code careloop}
 * @param ref     the platform id of the message, or the action key, where there is one
 * @param note    why it happened, e.g. the triage cues that fired; may be null
 */
public record TimelineEntry(Instant at, TimelineKind kind, String actor, String text, boolean isPrivate, String ref,
                            String note) {
}
