package io.careloop.events;

/**
 * Where care events go: the stack's EventBridge bus in AWS, the sandbox's bus locally. Publishing is best
 * effort for the caller: an event that cannot be delivered is logged, never a reason to fail the step that
 * raised it (the case is already written).
 */
public interface CareEvents {

    void publish(CareEvent event);

    /**
     * Every event to each of {@code targets}, in order. Best effort, as the port promises: a target that fails is
     * logged and the others still get the event; the caller's step is never failed by it.
     */
    static CareEvents all(CareEvents... targets) {
        return event -> {
            for (CareEvents target : targets) {
                try {
                    target.publish(event);
                } catch (RuntimeException e) {
                    io.careloop.observe.Log.of(CareEvents.class).warn("care event not delivered",
                            "type", event.type().detailType(), "error", e.getClass().getSimpleName());
                }
            }
        };
    }

    /** For use cases built without a bus (tests of other behaviour). */
    static CareEvents none() {
        return event -> { };
    }
}
