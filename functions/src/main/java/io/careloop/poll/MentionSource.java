package io.careloop.poll;

import io.careloop.core.Mention;
import java.util.List;

/** A timeline or search that is read on a schedule, from a stored cursor onwards. */
public interface MentionSource {
    /** Stable name; the cursor is stored under it. */
    String name();

    /**
     * Mentions newer than {@code cursor} (null on the first run) and the cursor to store once they are
     * safely enqueued.
     */
    Batch read(String cursor);

    record Batch(List<Mention> mentions, String nextCursor) {
    }
}
