package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.NotPosted;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.observe.Log;
import io.careloop.observe.Metrics;
import io.careloop.store.OutboundLedger;
import java.time.Clock;
import java.time.Instant;

/** Actions settled without a post: final in the ledger, never retried, and the team told why on the case. */
final class Settlements {
    private static final Log LOG = Log.of(Settlements.class);

    private final OutboundLedger ledger;
    private final Metrics metrics;
    private final Clock clock;

    Settlements(OutboundLedger ledger, Metrics metrics, Clock clock) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A text careloop must not send: never posted, the key settled, and the team told why on the case (if any). */
    ReplyService.Result blocked(Action action, Case c, String template, String text, String rule, String reason) {
        Instant now = clock.instant();
        ledger.settleNotPosted(action.key(), NotPosted.BLOCKED, now, c == null ? null : PostedRecords.settled(action,
                CaseChange.of(c, c, new TimelineEntry(now, TimelineKind.ALERT, "careloop", text, false, action.key(),
                        "not posted: guardrail " + rule + " (" + reason + "); fix the brand's "
                                + (template == null ? "" : template + " ") + "template"))));
        LOG.warn("guardrail blocked a template", "actionKey", action.key(), "caseId", action.caseId(), "rule", rule);
        metrics.count(Metrics.Name.GuardrailBlocks, action.platform().id());
        return ReplyService.Result.SKIPPED;
    }

    /**
     * A reply the platform would refuse (X's pay-per-use reply rule): never sent, the key settled, and the case given an
     * outreach task with the link to the post, so a person answers it by hand from the brand's account.
     */
    ReplyService.Result byHand(Action action, Case c, String reason) {
        Instant now = clock.instant();
        String link = SummonedReplies.link(c, action.inReplyTo());
        ledger.settleNotPosted(action.key(), NotPosted.BY_HAND, now, c == null ? null : PostedRecords.settled(action,
                CaseChange.of(c, c.withOutreachTask(link), new TimelineEntry(now, TimelineKind.TASK, "careloop",
                        action.text(), false, action.key(), "reach out by hand: " + link + " ("
                                + action.type().name().toLowerCase(java.util.Locale.ROOT) + " not sent: " + reason + ")"))));
        LOG.info("reply left to a person: the platform would refuse it", "actionKey", action.key(), "caseId",
                action.caseId(), "platform", action.platform().id(), "reason", reason);
        metrics.count(Metrics.Name.RepliesByHand, action.platform().id());
        return ReplyService.Result.BY_HAND;
    }

    /** The platform refused for good (a deleted post, a closed window): settled as not sent, never asked again. */
    ReplyService.Result notSent(Action action, Case c, String reason) {
        Instant now = clock.instant();
        ledger.settleNotPosted(action.key(), NotPosted.NOT_SENT, now, c == null ? null : PostedRecords.settled(action,
                CaseChange.of(c, c, new TimelineEntry(now, TimelineKind.ALERT, "careloop", null, false, action.key(),
                        "not posted: " + action.platform().id() + " refused it (" + reason + "); retrying cannot help"))));
        LOG.warn("platform refused for good; not retried", "actionKey", action.key(), "caseId", action.caseId(),
                "platform", action.platform().id(), "reason", reason);
        return ReplyService.Result.REFUSED;
    }
}
