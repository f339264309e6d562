package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.voice.Templates;
import java.util.HashMap;
import java.util.Map;

/**
 * The words careloop says for an action on a case: which template, and what fills it. The post and the check for an
 * interrupted post both ask here, so the words looked for on the platform are the words that were posted.
 */
final class ReplyVariables {
    private ReplyVariables() {
    }

    /** The template for this action now: the incident's holding words for a case that joined one, the update in turn. */
    static String templateFor(Templates templates, Action action, Case c) {
        if (action.type() == ActionType.ACKNOWLEDGE && c.incidentId() != null && !action.isPrivate()) {
            return templates.templateFor(ActionType.HOLDING, false);
        }
        if (action.type() == ActionType.ACKNOWLEDGE && templates.backAt(c).isPresent()) {
            return Templates.OUT_OF_HOURS_ACKNOWLEDGEMENT;
        }
        if (action.type() == ActionType.PROGRESS_UPDATE) {
            return Templates.progressUpdateFor(c.updatesSent(), c.progressNote() != null);
        }
        return templates.templateFor(action.type(), action.isPrivate());
    }

    /** The text for an action careloop words itself. */
    static String render(Templates templates, String template, Action action, Case c) {
        Map<String, String> values = of(action, c);
        templates.backAt(c).ifPresent(back -> values.put("backAt", back));
        return templates.render(template, c.platform(), c.customer(), c.assignee(), action.isPrivate(),
                action.type() == ActionType.PROGRESS_UPDATE ? c.progressNote() : null, values);
    }

    /** A template's variables beyond the customer's and the brand's: a moderation's category, a promise's time. */
    static Map<String, String> of(Action action, Case c) {
        Map<String, String> values = new HashMap<>();
        if (c != null && c.topic() != null) {
            values.put("topic", c.topic());
        }
        if (action.team() != null) {
            values.put("team", action.team()); // the team the case is being handed to, whatever the case says yet
        } else if (c != null && c.team() != null) {
            values.put("team", c.team());
        }
        if (action.category() != null) {
            values.put("category", action.category());
        }
        if (action.dueAt() != null) {
            values.put("due", Templates.humanTime(action.dueAt()));
        }
        return values;
    }
}
