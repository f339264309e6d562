package io.careloop.cases;

import io.careloop.core.Platform;

/**
 * One thing careloop will do on a platform, identified by a key that is done at most once.
 *
 * @param key             exactly-once key, e.g. {@code c_ab12#ACKNOWLEDGE}
 * @param caseId          the case it belongs to; null for an incident post or a thank-you
 * @param inReplyTo       the platform id being answered (public), or hidden (moderation); null for a new post
 * @param text            explicit text (an agent's reply); null means render the action's template
 * @param actor           who asked for it: {@code careloop} or an agent
 * @param recipientId     the customer's platform id, when there is no case to read it from
 * @param recipientHandle the customer's handle, when there is no case to read it from
 * @param incidentId      the incident a holding message or incident post is about
 * @param category        for moderation: {@code spam} or {@code abuse}
 */
public record Action(
        String key,
        ActionType type,
        String caseId,
        Platform platform,
        String inReplyTo,
        String text,
        boolean isPrivate,
        String actor,
        String recipientId,
        String recipientHandle,
        String incidentId,
        String category) {

    public Action(String key, ActionType type, String caseId, Platform platform, String inReplyTo, String text,
                  boolean isPrivate, String actor) {
        this(key, type, caseId, platform, inReplyTo, text, isPrivate, actor, null, null, null, null);
    }
}
