package io.careloop.queue;

import io.careloop.cases.Action;
import java.util.List;

/** Where outbound messages wait for the reply function. Ordered per case. */
public interface ActionQueue {
    void send(List<Action> actions);

    default void send(Action action) {
        send(List.of(action));
    }
}
