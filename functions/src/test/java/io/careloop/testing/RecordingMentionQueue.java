package io.careloop.testing;

import io.careloop.core.Mention;
import io.careloop.queue.MentionQueue;
import io.careloop.queue.QueueSendException;
import java.util.ArrayList;
import java.util.List;

/** The mention queue as a list; it can be told to refuse the next sends, as SQS sometimes does. */
public final class RecordingMentionQueue implements MentionQueue {
    private final List<Mention> sent = new ArrayList<>();
    private int refuseNext;

    @Override
    public synchronized void send(List<Mention> mentions) {
        if (refuseNext > 0) {
            refuseNext--;
            throw new QueueSendException("queue refused the batch");
        }
        sent.addAll(mentions);
    }

    public synchronized void refuseNext(int sends) {
        this.refuseNext = sends;
    }

    public synchronized List<Mention> sent() {
        return List.copyOf(sent);
    }
}
