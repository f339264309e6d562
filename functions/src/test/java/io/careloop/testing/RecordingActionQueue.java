package io.careloop.testing;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.queue.ActionQueue;
import java.util.ArrayList;
import java.util.List;

/** The action queue as a list: what a use case asked careloop to do. */
public final class RecordingActionQueue implements ActionQueue {
    private final List<Action> sent = new ArrayList<>();

    @Override
    public synchronized void send(List<Action> actions) {
        sent.addAll(actions);
    }

    public synchronized List<Action> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<Action> sent(ActionType type) {
        return sent.stream().filter(a -> a.type() == type).toList();
    }

    public synchronized void clear() {
        sent.clear();
    }
}
