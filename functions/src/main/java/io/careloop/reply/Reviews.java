package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Draft;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.ReviewPolicy;
import io.careloop.observe.Log;
import io.careloop.observe.Metrics;
import io.careloop.store.CaseRepository;
import io.careloop.store.Drafts;
import io.careloop.store.OutboundLedger;
import io.careloop.voice.Guardrails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a person must approve a reply before it goes out, and if so its draft: the brand's send policy per kind
 * of message, and the reasons that need a person whatever the policy says (for careloop's own words: an outreach,
 * an uncertain judgement, an influential or VIP author, a customer who has been hostile, a text the guardrails warn
 * about). Deciding reads nothing: everything it needs is on the action and the case already read.
 */
final class Reviews {
    private static final Log LOG = Log.of(Reviews.class);

    private final ReviewPolicy policy;
    private final BrandConfig.TriagePolicy triage;
    private final Guardrails guardrails;
    private final Drafts drafts;
    private final CaseRepository cases;
    private final OutboundLedger ledger;
    private final Metrics metrics;

    Reviews(BrandConfig brand, Guardrails guardrails, Drafts drafts, CaseRepository cases, OutboundLedger ledger,
            Metrics metrics) {
        this.policy = brand.review();
        this.triage = brand.triage();
        this.guardrails = guardrails;
        this.drafts = drafts;
        this.cases = cases;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** The kind of message an action posts, as the brand's policy names it. */
    static String kindOf(Action action, Case c) {
        if (action.type() == ActionType.AGENT_REPLY) {
            return "reply";
        }
        boolean holding = action.type() == ActionType.ACKNOWLEDGE && c != null && c.incidentId() != null && !action.isPrivate();
        if (holding) {
            return "holding";
        }
        return action.type() == ActionType.HANDOFF_NOTICE ? "handoff" : action.type().name().toLowerCase(Locale.ROOT);
    }

    /** Why a person must see this text first; empty when it may go out now. */
    List<String> reasons(Action action, Case c, String text) {
        List<String> reasons = new ArrayList<>();
        if (action.approved() || action.type() == ActionType.MODERATE) {
            return reasons;
        }
        String kind = kindOf(action, c);
        if (policy.reviews(kind)) {
            reasons.add("policy: the brand reviews " + kind.replace('_', ' ') + " messages");
        }
        if (action.text() != null) {
            return reasons; // a person wrote these words: only the brand's policy asks for a second pair of eyes
        }
        if (action.review() != null) {
            reasons.addAll(action.review());
        }
        if (c != null && (c.customer().verified() || c.customer().followers() >= triage.influentialFollowers())) {
            reasons.add("influential author (" + c.customer().followers() + " followers"
                    + (c.customer().verified() ? ", verified" : "") + ")");
        }
        String handle = c != null ? c.customer().handle() : action.recipientHandle();
        if (triage.isVip(handle)) {
            reasons.add("VIP: @" + handle.replaceFirst("^@", ""));
        }
        if (c != null && c.hostileMessages() > 0) {
            reasons.add("the customer has been hostile (" + c.hostileMessages() + " message(s))");
        }
        warning(action, text).ifPresent(w -> reasons.add("guardrails warn: " + w));
        return reasons;
    }

    /** A rule the brand switched off still warns: the text may go out, but a person sees it first. */
    private Optional<String> warning(Action action, String text) {
        return action.isPrivate() ? Optional.empty()
                : guardrails.warning(text).map(v -> v.rule() + " (" + v.reason() + ")");
    }

    /** @return true when a person must see the text first: it is kept as a draft and not posted */
    boolean held(Action action, Case c, String text, Instant now) {
        List<String> reasons = reasons(action, c, text);
        if (reasons.isEmpty()) {
            return false;
        }
        hold(action, c, text, reasons, now);
        return true;
    }

    /**
     * Keeps the text as a draft instead of posting it, and frees the action's key so that the approved draft is
     * posted later under the same key, once. A draft saved before (a redelivery) is left as it is.
     */
    void hold(Action action, Case c, String text, List<String> reasons, Instant now) {
        Draft draft = new Draft(action, kindOf(action, c), c == null ? null : c.id(), c == null ? null : c.team(),
                c == null ? null : c.brandAccount(), text, List.copyOf(reasons),
                warning(action, text).orElse("ok"), deadline(action, c), now, Draft.Status.WAITING, null, null, null);
        boolean[] saved = {false};
        if (c == null) {
            saved[0] = drafts.saveDraft(draft, null);
        } else {
            Case[] current = {c};
            ConflictRetry.untilApplied(() -> {
                Case at = current[0] != null ? current[0] : cases.getCase(c.id()).orElseThrow();
                current[0] = null;
                CaseChange change = CaseChange.of(at, at, new TimelineEntry(now, TimelineKind.DRAFT, "careloop", text,
                        action.isPrivate(), action.key(), draft.kind().replace('_', ' ') + " waits for review: "
                                + String.join("; ", reasons)));
                saved[0] = drafts.saveDraft(draft, draft.deadline() == null ? change
                        : change.settingDue(new DueItem(c.id(), DueKind.DRAFT_DEADLINE, draft.deadline())));
            });
        }
        ledger.abandonOutbound(action.key()); // nothing was posted: the approval posts under this key
        if (saved[0]) {
            metrics.count(Metrics.Name.DraftsSaved, action.platform().id());
        }
        LOG.info(saved[0] ? "draft saved for review" : "draft exists already", "actionKey", action.key(),
                "caseId", action.caseId(), "kind", draft.kind(), "reasons", reasons.size()); // reasons may name a handle
    }

    /** The deadline a draft races: the first-response deadline for a first reply, a promise's time for its update. */
    static Instant deadline(Action action, Case c) {
        if (c == null) {
            return null;
        }
        boolean firstReply = c.firstResponseAt() == null && (action.type() == ActionType.ACKNOWLEDGE
                || action.type() == ActionType.HOLDING);
        if (firstReply) {
            return c.firstResponseDue();
        }
        return action.type() == ActionType.PROMISE_UPDATE ? action.dueAt() : null;
    }
}
