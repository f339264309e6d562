package io.careloop.store;

import java.util.Collection;
import java.util.Set;

/** Which mentions careloop has already claimed: what a poll uses to count what the webhooks missed. */
public interface SeenMentions {

    /** The subset of these mention keys ({@code platform#id}) that careloop has claimed. */
    Set<String> seenMentions(Collection<String> mentionKeys);
}
