package io.careloop.store;

import java.util.Optional;

/** Where each polled source was read up to. */
public interface PollCursors {

    Optional<String> cursor(String source);

    void saveCursor(String source, String value);
}
