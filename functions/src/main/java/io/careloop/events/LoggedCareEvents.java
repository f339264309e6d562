package io.careloop.events;

import io.careloop.observe.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * Each care event as one log line ({@code "message":"care event"}, its type, subject and detail), then on to the
 * bus if there is one: the log is where an operator finds them when the bus is not set or refused them.
 */
public final class LoggedCareEvents implements CareEvents {
    private static final Log LOG = Log.of(LoggedCareEvents.class);
    /** Detail fields that carry words rather than ids and figures. */
    private static final java.util.Set<String> WORDS = java.util.Set.of("note", "firstWords");

    private final CareEvents bus;

    /** @param bus where the events go on to, or null for the log only */
    public LoggedCareEvents(CareEvents bus) {
        this.bus = bus;
    }

    @Override
    public void publish(CareEvent event) {
        List<Object> fields = new ArrayList<>(List.of("type", event.type().detailType(), "at", event.at().toString()));
        if (event.subject() != null) {
            fields.add("subject");
            fields.add(event.subject());
        }
        event.detail().forEach((k, v) -> {
            fields.add("detail." + k);
            // Words (an agent's note, a customer's post) go to the bus for the team's tool, never into the log.
            fields.add(WORDS.contains(k) ? String.valueOf(v).length() + " characters" : String.valueOf(v));
        });
        LOG.info("care event", fields.toArray());
        if (bus != null) {
            try {
                bus.publish(event);
            } catch (RuntimeException e) {
                // The step that raised the event is done; an undelivered event must not undo or repeat it.
                LOG.warn("care event not delivered to the bus", "type", event.type().detailType(),
                        "error", e.getClass().getSimpleName());
            }
        }
    }
}
