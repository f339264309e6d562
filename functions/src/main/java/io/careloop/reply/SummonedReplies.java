package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.config.XTier;
import io.careloop.core.Platform;
import java.util.Optional;

/**
 * X's reply rule for self-serve (pay-per-use) apps, in force since 23 February 2026: {@code POST /2/tweets} with
 * {@code reply.in_reply_to_tweet_id} is refused unless the author of the post replied to summoned the account: an
 * @mention of it, a quote of its post, or (X's own refusal names it "otherwise engaged") a reply to its post. Enterprise
 * apps are exempt ({@link XTier}).
 *
 * <p>{@link ReplyService} asks this before it renders, drafts or sends anything, and again just before the call, so no
 * path (acknowledgement, holding reply, agent reply, follow-up, close-the-loop, thank-you) can reach X with a reply X
 * would refuse. What careloop knows of a post is what triage recorded on the case: whether the post its public replies
 * go to ({@link Case#replyTo()}) addressed the brand. A reply to any other post, or to a post careloop knows nothing
 * of, is not asked for: the case gets a task to answer by hand instead.
 */
final class SummonedReplies {
    private final XTier tier;

    SummonedReplies(XTier tier) {
        this.tier = tier;
    }

    /**
     * Why X would refuse this action as a reply; empty when it may be sent (not X, the Enterprise tier, a private message,
     * a post that replies to nothing, or a reply to a post that summoned the brand).
     *
     * @param c the action's case, or null for an action without one
     */
    Optional<String> refusal(Action action, Case c) {
        if (action.platform() != Platform.X || !tier.repliesOnlyWhenSummoned() || action.isPrivate()
                || action.inReplyTo() == null) {
            return Optional.empty();
        }
        if (c == null) {
            // Triage thanks only praise that addressed the brand; nothing else without a case replies to anyone.
            return action.type() == ActionType.THANK_YOU ? Optional.empty()
                    : Optional.of(reason(action.inReplyTo(), "careloop holds no record that it summoned the brand"));
        }
        if (action.inReplyTo().equals(c.replyTo()) && c.replyToDirect()) {
            return Optional.empty();
        }
        return Optional.of(reason(action.inReplyTo(), action.inReplyTo().equals(c.replyTo())
                ? "its author did not @mention the brand, quote or answer its post"
                : "it is not the customer's post careloop knows addressed the brand"));
    }

    private String reason(String postId, String why) {
        return "X lets a " + tier.id() + " app reply only to a post whose author summoned the brand (an @mention or a "
                + "quote); post " + postId + ": " + why;
    }

    /** Where a person finds the post on X to answer it by hand. */
    static String link(Case c, String postId) {
        String handle = c == null || c.customer().handle() == null || c.customer().handle().isBlank() ? "i"
                : c.customer().handle().replaceFirst("^@", "");
        return "https://x.com/" + handle + "/status/" + postId;
    }
}
