package io.careloop.cases;

import io.careloop.core.Platform;

/**
 * One message careloop will send, identified by a key that is posted at most once.
 *
 * @param key       exactly-once key, e.g. {@code c_ab12#ACKNOWLEDGE}
 * @param inReplyTo the platform id being answered (public) or null
 * @param text      explicit text (an agent's reply); null means render the action's template
 * @param actor     who asked for it: {@code careloop} or an agent
 */
public record Action(
        String key,
        ActionType type,
        String caseId,
        Platform platform,
        String inReplyTo,
        String text,
        boolean isPrivate,
        String actor) {

    public static Action of(ActionType type, Case c, String keySuffix, String text, boolean isPrivate, String actor) {
        String key = c.id() + "#" + type.name() + (keySuffix == null ? "" : "#" + keySuffix);
        return new Action(key, type, c.id(), c.platform(), c.replyTo(), text, isPrivate, actor);
    }
}
