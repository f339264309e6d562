package io.careloop.cases;

import java.util.Arrays;
import java.util.Locale;

/** What a timeline entry records. Stored and shown to agents in lower case ({@code mention}, {@code alert}, ...). */
public enum TimelineKind {
    /** The customer's public post. */
    MENTION,
    /** The customer's private message. */
    MESSAGE,
    /** What careloop or an agent sent. */
    REPLY,
    STATUS,
    ASSIGN,
    HANDOFF,
    /** The internal team's progress, for the customer's next update. */
    PROGRESS,
    PROMISE,
    MODERATION,
    INCIDENT,
    /** A missed first-response deadline or broken promise. */
    SLA,
    /** Something the team must look at: a blocked text, refused credentials, an uncertain post. */
    ALERT,
    /** Why careloop did (or did not do) something. */
    NOTE,
    /** A reply waiting for review, and its approval, edit or rejection by a person. */
    DRAFT,
    /** Something a person must do by hand, such as answering a post careloop may not reply to. */
    TASK,
    EDITED,
    DELETED,
    HIDDEN;

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TimelineKind fromStored(String stored) {
        return Arrays.stream(values()).filter(k -> k.stored().equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown timeline kind " + stored));
    }
}
