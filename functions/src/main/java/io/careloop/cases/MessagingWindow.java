package io.careloop.cases;

import io.careloop.core.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Meta's messaging windows for a conversation the customer started in Messenger or Instagram Direct: a business
 * answers within 24 hours of the customer's last message ({@code messaging_type=RESPONSE}); after that only a
 * person may answer, tagged {@code HUMAN_AGENT}, within 7 days; past 7 days nothing can be sent until the customer
 * writes again (Meta's Messenger Platform policy, standard messaging and message tags). The reply function decides
 * by it before every message; the agents' API refuses at once a reply that could not go.
 */
public final class MessagingWindow {
    public static final Duration STANDARD = Duration.ofHours(24);
    public static final Duration HUMAN_AGENT = Duration.ofDays(7);
    public static final String HUMAN_AGENT_TAG = "HUMAN_AGENT";

    /** What may be sent now. */
    public enum Decision {
        /** Inside 24 hours: a standard response. */
        RESPONSE,
        /** 24 hours to 7 days, written or approved by a person: tagged {@code HUMAN_AGENT}. */
        HUMAN_AGENT,
        /** 24 hours to 7 days, careloop's own message: not sent. */
        AUTOMATIC_OUTSIDE_WINDOW,
        /** Past 7 days: nothing may be sent until the customer writes again. */
        CLOSED
    }

    private MessagingWindow() {
    }

    /** Whether the action is a message in a Messenger or Instagram conversation (not a private reply to a comment). */
    public static boolean applies(Action action) {
        return (action.platform() == Platform.FACEBOOK || action.platform() == Platform.INSTAGRAM) && action.isPrivate()
                && action.inReplyTo() == null;
    }

    /**
     * @param lastCustomerMessage when the customer last wrote in the conversation
     * @param byPerson            the words were written or approved by a person
     */
    public static Decision decide(Instant lastCustomerMessage, Instant now, boolean byPerson) {
        Duration since = Duration.between(lastCustomerMessage, now);
        if (since.compareTo(STANDARD) <= 0) {
            return Decision.RESPONSE;
        }
        if (since.compareTo(HUMAN_AGENT) > 0) {
            return Decision.CLOSED;
        }
        return byPerson ? Decision.HUMAN_AGENT : Decision.AUTOMATIC_OUTSIDE_WINDOW;
    }

    /** The customer's last private message on the timeline (newest first); the case's opening when none is there. */
    public static Instant lastCustomerMessage(Case c, List<TimelineEntry> newestFirst) {
        return newestFirst.stream().filter(e -> e.kind() == TimelineKind.MESSAGE).map(TimelineEntry::at)
                .max(Instant::compareTo).orElse(c.createdAt());
    }
}
