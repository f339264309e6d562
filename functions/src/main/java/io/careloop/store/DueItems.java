package io.careloop.store;

import io.careloop.cases.DueItem;
import java.time.Instant;
import java.util.List;

/** Promises, deadlines, updates and close-the-loop messages whose time has come. */
public interface DueItems {

    /** Due items whose time has come, oldest first. A query on an index, never a scan. */
    List<DueItem> findDue(Instant now, int limit);

    /**
     * Due items due after {@code after} and at or before {@code until}, oldest first: one stretch of the due index,
     * so that work looking ahead is not crowded out by what is already due. A query on an index, never a scan.
     */
    List<DueItem> findDueBetween(Instant after, Instant until, int limit);

    /** Clears a due item once its work is queued; false if someone else already did (or it was rescheduled). */
    boolean clearDue(DueItem item);
}
