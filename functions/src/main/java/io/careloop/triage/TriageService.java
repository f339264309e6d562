package io.careloop.triage;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.core.Mention;
import io.careloop.lambda.Log;
import io.careloop.queue.ActionQueue;
import io.careloop.store.CaseStore;
import io.careloop.store.ClaimResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what careloop does with each mention — ignore it, watch it, join an existing case, or open a
 * case and acknowledge it — and records the decision with one transactional write.
 */
public final class TriageService {
    /** What happened to a mention, for logs, metrics and tests. */
    public enum Outcome { OPENED, JOINED, WATCHED, IGNORED, DUPLICATE }

    /** A redelivery this soon after the first claim may have lost its acknowledgement: send it again (idempotent). */
    static final Duration RESEND_WINDOW = Duration.ofMinutes(15);
    private static final long INFLUENTIAL_FOLLOWERS = 10_000;
    private static final Log LOG = Log.of(TriageService.class);

    private final Classifier classifier;
    private final CaseStore store;
    private final ActionQueue actions;
    private final BrandConfig brand;
    private final Clock clock;

    public TriageService(Classifier classifier, CaseStore store, ActionQueue actions, BrandConfig brand, Clock clock) {
        this.classifier = classifier;
        this.store = store;
        this.actions = actions;
        this.brand = brand;
        this.clock = clock;
    }

    public Outcome triage(Mention mention) {
        if (brand.isOwnAccount(mention.platform(), mention.author().id(), mention.author().handle())) {
            return record(mention, store.recordWithoutCase(mention, "ignored", "echo of the brand's own post"),
                    Outcome.IGNORED);
        }
        Judgement judgement = classifier.judge(mention.text());
        for (int attempt = 0; attempt < 2; attempt++) {
            var existing = store.findCaseFor(mention);
            if (existing.isPresent()) {
                ClaimResult joined = store.joinCase(existing.get(), mention, inbound(mention, judgement));
                return record(mention, joined, Outcome.JOINED);
            }
            if (!needsCase(mention, judgement)) {
                String outcome = mention.direct() ? "ignored" : "watched";
                ClaimResult r = store.recordWithoutCase(mention, outcome, String.join("; ", judgement.reasons()));
                return record(mention, r, mention.direct() ? Outcome.IGNORED : Outcome.WATCHED);
            }
            Case opened = newCase(mention, judgement);
            Instant due = opened.firstResponseDue();
            ClaimResult result = store.openCase(opened, mention, inbound(mention, judgement),
                    new DueItem(opened.id(), DueKind.FIRST_RESPONSE_SLA, due));
            switch (result.outcome()) {
                case RECORDED -> {
                    actions.send(acknowledgement(opened.id(), mention));
                    LOG.info("case opened", "caseId", opened.id(), "platform", mention.platform().id(),
                            "platformId", mention.id(), "priority", opened.priority().name());
                    return Outcome.OPENED;
                }
                case DUPLICATE -> {
                    return duplicate(mention, result);
                }
                case CUSTOMER_HAS_CASE -> {
                    // Lost a race with another delivery from the same customer: join the case it opened.
                }
            }
        }
        throw new IllegalStateException("customer's case kept changing while triaging " + mention.key());
    }

    private Outcome record(Mention mention, ClaimResult result, Outcome outcome) {
        if (result.outcome() == ClaimResult.Outcome.DUPLICATE) {
            return duplicate(mention, result);
        }
        LOG.info("mention triaged", "outcome", outcome.name(), "caseId", result.caseId(),
                "platform", mention.platform().id(), "platformId", mention.id());
        return outcome;
    }

    private Outcome duplicate(Mention mention, ClaimResult result) {
        boolean openedByThisMention = CaseIds.forOpeningMention(mention.key()).equals(result.caseId());
        boolean recent = result.claimedAt() != null
                && result.claimedAt().isAfter(clock.instant().minus(RESEND_WINDOW));
        if (openedByThisMention && recent) {
            // The first delivery may have died between its write and its enqueue. The action key makes
            // this resend harmless: SQS deduplicates it and the outbound ledger posts a key once.
            actions.send(acknowledgement(result.caseId(), mention));
        }
        LOG.info("duplicate mention dropped", "platform", mention.platform().id(), "platformId", mention.id());
        return Outcome.DUPLICATE;
    }

    private static Action acknowledgement(String caseId, Mention mention) {
        return new Action(caseId + "#" + ActionType.ACKNOWLEDGE.name(), ActionType.ACKNOWLEDGE, caseId,
                mention.platform(), mention.isPrivate() ? null : mention.id(), null, mention.isPrivate(), "careloop");
    }

    /** A direct complaint or question gets a case; everything else is recorded and left alone. */
    static boolean needsCase(Mention mention, Judgement judgement) {
        return mention.direct()
                && (judgement.intent() == Intent.COMPLAINT || judgement.intent() == Intent.QUESTION);
    }

    private Case newCase(Mention mention, Judgement judgement) {
        Priority priority = priority(mention, judgement);
        Instant now = clock.instant();
        String firstWords = mention.text().length() > 140 ? mention.text().substring(0, 140) + "…" : mention.text();
        return new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.NEW, priority, mention.platform(),
                mention.author(), mention.threadId(), mention.isPrivate() ? null : mention.id(), firstWords,
                null, null, now, now.plus(brand.firstResponseSla(priority)), null, null, false, 0);
    }

    static Priority priority(Mention mention, Judgement judgement) {
        int level;
        if (judgement.urgent()) {
            level = 1;
        } else if (judgement.complaint() && judgement.sentiment() <= -0.5) {
            level = 2;
        } else if (judgement.complaint()) {
            level = 3;
        } else {
            level = 4;
        }
        if (mention.author().verified() || mention.author().followers() >= INFLUENTIAL_FOLLOWERS) {
            level = Math.max(1, level - 1); // reach raises priority: more people are watching
        }
        return Priority.values()[level - 1];
    }

    private TimelineEntry inbound(Mention mention, Judgement judgement) {
        String why = "triage: " + judgement.intent().name().toLowerCase(java.util.Locale.ROOT)
                + (judgement.reasons().isEmpty() ? "" : " (" + String.join("; ", judgement.reasons()) + ")");
        return new TimelineEntry(mention.createdAt(), mention.isPrivate() ? "message" : "mention",
                "@" + mention.author().handle(), mention.text(), mention.isPrivate(), mention.id(), why);
    }
}
