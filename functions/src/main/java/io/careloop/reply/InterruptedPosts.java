package io.careloop.reply;

import io.careloop.cases.TimelineKind;
import io.careloop.voice.Templates;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.TimelineEntry;
import io.careloop.observe.Log;
import io.careloop.platform.Connectors;
import io.careloop.platform.OutboundPost;
import io.careloop.platform.PlatformConnector;
import io.careloop.platform.PlatformException;
import io.careloop.store.CaseRepository;
import io.careloop.store.OutboundLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Attempts that stopped mid-post, settled without ever posting the same words twice. */
final class InterruptedPosts {
    private static final Log LOG = Log.of(InterruptedPosts.class);

    private final OutboundLedger ledger;
    private final CaseRepository cases;
    private final Connectors connectors;
    private final Templates templates;
    private final PostedRecords postedRecords;

    InterruptedPosts(OutboundLedger ledger, CaseRepository cases, Connectors connectors, Templates templates,
                     PostedRecords postedRecords) {
        this.ledger = ledger;
        this.cases = cases;
        this.connectors = connectors;
        this.templates = templates;
        this.postedRecords = postedRecords;
    }

    /** How far back an interrupted attempt's post is looked for: leases, redelivery and deferrals fit well inside. */
    static final Duration LOOK_BACK = Duration.ofHours(6);

    /**
     * An earlier attempt stopped mid-post: it may or may not have posted. Where the platform lets careloop read its
     * own recent posts, look: found, it is recorded as posted (never posted again); not there, the caller posts it.
     * Where it cannot look (Meta, X direct messages, or the lookup fails), it is never re-posted: a person checks.
     *
     * @return the result when settled here; null when the caller should post (it holds the lease)
     */
    ReplyService.Result settle(Action action, Instant now) {
        Case c = action.caseId() == null ? null : cases.getCase(action.caseId()).orElse(null);
        if (c == null || action.type() == ActionType.MODERATE || (action.text() == null && action.isPrivate())) {
            flagUncertain(action, now);
            return ReplyService.Result.UNCERTAIN;
        }
        String text;
        try {
            // The very words the interrupted attempt would have posted: the same template choice and variables.
            text = action.text() != null ? action.text()
                    : ReplyVariables.render(templates, ReplyVariables.templateFor(templates, action, c), action, c);
        } catch (Templates.UnfilledVariable e) {
            flagUncertain(action, now); // its words cannot be known, so it cannot be looked for
            return ReplyService.Result.UNCERTAIN;
        }
        OutboundPost probe = new OutboundPost(action.key(), action.inReplyTo(), c.customer().id(), c.customer().handle(),
                text, action.isPrivate());
        PlatformConnector connector = connectors.forAccount(action.platform(), c.brandAccount()).orElse(null);
        if (connector == null || !connector.canFindOwnPost(probe)) {
            flagUncertain(action, now);
            return ReplyService.Result.UNCERTAIN;
        }
        if (!ledger.retakeOutbound(action.key(), now, ReplyService.LEASE)) {
            throw new ReplyService.RetryLater("another attempt is settling " + action.key());
        }
        Optional<String> found;
        try {
            found = connector.findOwnPost(probe, now.minus(LOOK_BACK));
        } catch (PlatformException e) {
            flagUncertain(action, now);
            return ReplyService.Result.UNCERTAIN;
        }
        if (found.isPresent()) {
            postedRecords.record(action, c, text, found.get(), now);
            LOG.info("an interrupted post was found on the platform; recorded, not posted again", "actionKey", action.key(),
                    "caseId", c.id(), "platformPostId", found.get());
            return ReplyService.Result.ALREADY_POSTED;
        }
        LOG.info("an interrupted post is not on the platform; posting it now", "actionKey", action.key(), "caseId", c.id());
        return null;
    }

    private void flagUncertain(Action action, Instant now) {
        ledger.markOutboundUncertain(action.key(), now);
        LOG.warn("earlier attempt vanished mid-post; not re-posting, escalating", "actionKey", action.key(),
                "caseId", action.caseId());
        cases.getCase(action.caseId()).ifPresent(c -> {
            TimelineEntry note = new TimelineEntry(now, TimelineKind.ALERT, "careloop", null, false, action.key(),
                    "A " + action.type().name().toLowerCase(Locale.ROOT) + " may or may not have been posted "
                            + "(the attempt stopped mid-way). Check the platform before replying again.");
            Case after = c.status().canMoveTo(CaseStatus.ESCALATED) ? c.withStatus(CaseStatus.ESCALATED) : c;
            try {
                cases.apply(CaseChange.of(c, after, note));
            } catch (ConcurrentUpdateException e) {
                LOG.warn("case changed while escalating an uncertain post", "caseId", c.id());
            }
        });
    }
}
