package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.voice.Templates;
import java.util.HashMap;
import java.util.Map;

/** What a template is filled in with on top of the customer's and the brand's words. */
final class TemplateVariables {
    private TemplateVariables() {
    }

    /** A template's variables beyond the customer's and the brand's: a moderation's category, a promise's time. */
    static Map<String, String> of(Action action, Case c) {
        Map<String, String> values = new HashMap<>();
        if (c != null && c.topic() != null) {
            values.put("topic", c.topic().replace('-', ' '));
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
