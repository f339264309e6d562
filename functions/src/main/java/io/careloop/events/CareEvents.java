package io.careloop.events;

/**
 * Where care events go: the stack's EventBridge bus in AWS, the sandbox's bus locally. Publishing is best
 * effort for the caller: an event that cannot be delivered is logged, never a reason to fail the step that
 * raised it (the case is already written).
 */
public interface CareEvents {

    void publish(CareEvent event);

    /** For use cases built without a bus (tests of other behaviour). */
    static CareEvents none() {
        return event -> { };
    }
}
