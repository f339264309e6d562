package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.core.Platform;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a private word to a customer can go. On Facebook and Instagram it is Meta's private reply to the customer's
 * comment, possible within 7 days of it; elsewhere the platform's direct message, where it has one.
 */
final class PrivateRoutes {
    /** Meta lets a Page reply privately to a comment within 7 days of it; careloop knows the opening comment's time. */
    static final Duration PRIVATE_REPLY_WINDOW = Duration.ofDays(7);

    private PrivateRoutes() {
    }

    /** On Meta, a private action on a commented case answers the customer's comment (not a Messenger thread's). */
    static Action toCustomersComment(Action action, Case c) {
        if (action.inReplyTo() == null && isMeta(action.platform()) && c.replyTo() != null && !c.threadId().startsWith("dm-")) {
            return action.privatelyTo(c.replyTo());
        }
        return action;
    }

    /** Whether Meta's window for a private reply to the comment has closed. */
    static boolean windowClosed(Action action, Case c, Instant now) {
        return isMeta(action.platform()) && action.inReplyTo() != null && action.inReplyTo().equals(c.replyTo())
                && c.createdAt() != null && c.createdAt().plus(PRIVATE_REPLY_WINDOW).isBefore(now);
    }

    private static boolean isMeta(Platform platform) {
        return platform == Platform.FACEBOOK || platform == Platform.INSTAGRAM;
    }
}
