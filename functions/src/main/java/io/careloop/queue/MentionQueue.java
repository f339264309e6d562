package io.careloop.queue;

import io.careloop.core.Mention;
import java.util.List;

/** Where ingested mentions wait for triage. Ordered per customer. */
public interface MentionQueue {
    /** Enqueues all mentions or throws; a mention that was not enqueued is never reported as sent. */
    void send(List<Mention> mentions);
}
