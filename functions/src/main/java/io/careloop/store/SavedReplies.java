package io.careloop.store;

import io.careloop.cases.SavedReply;
import java.util.List;
import java.util.Optional;

/** Each team's saved replies: listed per team (one query), read, saved over, deleted. */
public interface SavedReplies {

    List<SavedReply> savedReplies(String team);

    Optional<SavedReply> savedReply(String team, String id);

    void saveReply(SavedReply reply);

    /** @return false when there was none */
    boolean deleteReply(String team, String id);
}
