package io.careloop.reply;

import io.careloop.cases.MessagingWindow;
import io.careloop.cases.NotPosted;
import io.careloop.cases.TimelineKind;
import java.util.Map;
import io.careloop.observe.Metrics;
import io.careloop.voice.Guardrails;
import io.careloop.voice.Templates;
import io.careloop.store.Drafts;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.events.CredentialAlerts;
import io.careloop.config.XTier;
import io.careloop.observe.Log;
import io.careloop.platform.Connectors;
import io.careloop.platform.OutboundPost;
import io.careloop.platform.PlatformConnector;
import io.careloop.platform.PlatformException;
import io.careloop.cases.CaseChange;
import io.careloop.store.CaseRepository;
import io.careloop.store.Incidents;
import io.careloop.store.OutboundLedger;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.ConflictRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Posts one outbound message exactly once: take the ledger lease for its key, render the text, post it
 * through the platform connector, then record the post and its effect on the case in one transaction.
 *
 * <p>Exactly-once rules: a key already POSTED is skipped; a live lease held elsewhere is retried later;
 * a failure that proves nothing was posted releases the lease for a retry; an attempt that vanished
 * holding the lease is UNCERTAIN and is never re-posted automatically, it is put in front of a person.
 */
public final class ReplyService {
    /** Longer than one platform call with its timeouts, shorter than the queue's visibility timeout. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Log LOG = Log.of(ReplyService.class);

    /** Thrown to have SQS redeliver the action later; nothing was posted. */
    public static final class RetryLater extends RuntimeException implements io.careloop.core.Retryable {
        private final transient Instant retryAt;

        public RetryLater(String message) {
            this(message, null);
        }

        /** @param retryAt when the platform will take the call again (a rate limit's reset), or null for "later" */
        public RetryLater(String message, Instant retryAt) {
            super(message);
            this.retryAt = retryAt;
        }

        public Instant retryAt() {
            return retryAt;
        }
    }

    /**
     * What became of an action; SKIPPED, REFUSED and BY_HAND are settled, never retried; DRAFTED waits for a person;
     * BY_HAND left a task to answer by hand where the platform would refuse the reply.
     */
    public enum Result { POSTED, ALREADY_POSTED, UNCERTAIN, CASE_GONE, SKIPPED, REFUSED, MODERATED, DRAFTED, BY_HAND }


    private final OutboundLedger ledger;
    private final CaseRepository cases;
    private final Incidents incidents;
    private final Connectors connectors;
    private final PostingLimits limits;
    private final Templates templates;
    private final Guardrails guardrails;
    private final BrandConfig brand;
    private final Clock clock;
    private final Metrics metrics;
    private final PostedRecords postedRecords;
    private final InterruptedPosts interruptedPosts;
    private final Reviews reviews;
    private final Settlements settlements;
    private final SummonedReplies summoned;
    /** Where the care team hears that a platform refuses an account's credentials (at most hourly per account). */
    private final CredentialAlerts credentialAlerts;
    /** Hand-offs to teams' own HTTPS endpoints; null where none is wired (a hand-off delivery then fails loudly). */
    private final HandoffDeliveries handoffs;

    /** Under X's pay-per-use reply rule: see the constructor that takes the tier. */
    public ReplyService(OutboundLedger ledger, CaseRepository cases, Incidents incidents, Drafts drafts,
                        Connectors connectors, BrandConfig brand, Clock clock, PostingLimits limits, Metrics metrics) {
        this(ledger, cases, incidents, drafts, connectors, brand, clock, limits, metrics, XTier.PAY_PER_USE);
    }

    /**
     * @param limits shared posting budgets per platform; null for none
     * @param xTier  the brand's X API access: what X lets it reply to
     */
    public ReplyService(OutboundLedger ledger, CaseRepository cases, Incidents incidents, Drafts drafts,
                        Connectors connectors, BrandConfig brand, Clock clock, PostingLimits limits, Metrics metrics,
                        XTier xTier) {
        this(ledger, cases, incidents, drafts, connectors, brand, clock, limits, metrics, xTier, CredentialAlerts.none());
    }

    /** @param credentialAlerts raises "Platform Credentials Failing" when a platform refuses an account's token */
    public ReplyService(OutboundLedger ledger, CaseRepository cases, Incidents incidents, Drafts drafts,
                        Connectors connectors, BrandConfig brand, Clock clock, PostingLimits limits, Metrics metrics,
                        XTier xTier, CredentialAlerts credentialAlerts) {
        this(ledger, cases, incidents, drafts, connectors, brand, clock, limits, metrics, xTier, credentialAlerts, null);
    }

    /** @param handoffs delivers hand-offs to the teams' own HTTPS endpoints */
    public ReplyService(OutboundLedger ledger, CaseRepository cases, Incidents incidents, Drafts drafts,
                        Connectors connectors, BrandConfig brand, Clock clock, PostingLimits limits, Metrics metrics,
                        XTier xTier, CredentialAlerts credentialAlerts, HandoffDeliveries handoffs) {
        this.handoffs = handoffs;
        this.credentialAlerts = credentialAlerts;
        this.summoned = new SummonedReplies(xTier);
        this.metrics = metrics;
        this.limits = limits;
        this.ledger = ledger;
        this.cases = cases;
        this.incidents = incidents;
        this.connectors = connectors;
        // Where careloop cannot message privately (Bluesky with DMs turned off), the words invite an email, not a DM.
        this.templates = new Templates(brand, platform -> connectors.forPlatform(platform)
                .map(connector -> !connector.canMessagePrivately()).orElse(false));
        this.guardrails = new Guardrails(brand);
        this.brand = brand;
        this.clock = clock;
        this.postedRecords = new PostedRecords(ledger, cases, brand);
        this.interruptedPosts = new InterruptedPosts(ledger, cases, connectors, templates, postedRecords);
        this.settlements = new Settlements(ledger, metrics, clock);
        this.reviews = new Reviews(brand, guardrails, drafts, cases, ledger, metrics);
    }

    public Result handle(Action action) {
        if (action.type() == ActionType.HANDOFF_DELIVERY) {
            // To the team's tool, not a platform: nothing below (templates, guardrails, connectors) applies.
            if (handoffs == null) {
                throw new IllegalStateException("no hand-off delivery wired for " + action.key());
            }
            return handoffs.deliver(action);
        }
        Instant now = clock.instant();
        switch (ledger.beginOutbound(action.key(), now, LEASE)) {
            case POSTED -> {
                LOG.info("already posted; skipping", "actionKey", action.key(), "caseId", action.caseId());
                return Result.ALREADY_POSTED;
            }
            case BUSY -> throw new RetryLater("another attempt holds the lease for " + action.key());
            case UNCERTAIN -> {
                Result settled = interruptedPosts.settle(action, now);
                if (settled != null) {
                    return settled;
                }
                // Checked: not on the platform, and the lease is ours: post it now.
            }
            case ACQUIRED -> {
                // ours to post
            }
        }
        if (action.caseId() == null) {
            return postWithoutCase(action);
        }
        Optional<Case> found = cases.getCase(action.caseId());
        if (found.isEmpty()) {
            ledger.abandonOutbound(action.key());
            LOG.warn("case not found; action dropped", "actionKey", action.key(), "caseId", action.caseId());
            return Result.CASE_GONE;
        }
        Case c = found.get();
        if (action.type() == ActionType.MODERATE) {
            return moderate(action, c);
        }
        if (action.type().automatic() && !action.approved() && !action.isPrivate() && c.automaticRepliesStopped()) {
            // A customer who keeps being hostile gets no more automatic public replies; a person decides.
            ledger.settleNotPosted(action.key(), NotPosted.NOT_SENT, now, PostedRecords.settled(action, CaseChange.of(c, c,
                    new TimelineEntry(now, TimelineKind.NOTE, "careloop", null, false, action.key(), "automatic "
                            + action.type().name().toLowerCase(Locale.ROOT)
                            + " not sent: the customer has been hostile; a person takes it from here"))));
            return Result.SKIPPED;
        }
        if (action.isPrivate()) {
            Optional<Action> routed = routePrivately(action, c, now);
            if (routed.isEmpty()) {
                return Result.SKIPPED;
            }
            if (!routed.get().isPrivate()) {
                c = cases.getCase(c.id()).orElse(c); // the reason for the invite may have been noted on the case
            }
            action = routed.get();
        }
        // Before anything is rendered or drafted: a reply the platform would refuse becomes a person's task.
        Optional<String> refusal = summoned.refusal(action, c);
        if (refusal.isPresent()) {
            return settlements.byHand(action, c, refusal.get());
        }
        String messageTag = null;
        if (MessagingWindow.applies(action)) {
            MessagingWindow.Decision window = messagingWindow(action, c, now);
            switch (window) {
                case RESPONSE -> { }
                case HUMAN_AGENT -> messageTag = MessagingWindow.HUMAN_AGENT_TAG;
                case AUTOMATIC_OUTSIDE_WINDOW, CLOSED -> {
                    return outsideMessagingWindow(action, c, now, window);
                }
            }
        }
        String text;
        if (action.text() != null) {
            text = action.text(); // an agent's words, checked by the guardrails when they were typed
        } else {
            String template = ReplyVariables.templateFor(templates, action, c);
            try {
                text = ReplyVariables.render(templates, template, action, c);
            } catch (Templates.UnfilledVariable e) {
                return settlements.blocked(action, c, template, null, "unfilled-variable", e.getMessage());
            }
            // Templates are checked here, before every post: a brand's own wording can break a rule too.
            var violation = action.isPrivate() ? Guardrails.unfilledVariable(text) : guardrails.check(text);
            if (violation.isPresent()) {
                return settlements.blocked(action, c, template, text, violation.get().rule(), violation.get().reason());
            }
        }
        if (postedRecords.settledAsRepeat(action, c, text, clock.instant())) {
            return Result.SKIPPED;
        }
        if (reviews.held(action, c, text, now)) {
            return Result.DRAFTED;
        }
        String postId;
        try {
            postId = postOnCase(c, action, new OutboundPost(action.key(), action.inReplyTo(), c.customer().id(),
                    c.customer().handle(), text, action.isPrivate()).inThread(c.threadId()).taggedAs(messageTag));
        } catch (Rejected e) {
            return settlements.notSent(action, c, e.getCause().getMessage());
        }
        Instant postedAt = clock.instant();
        postedRecords.record(action, c, text, postId, postedAt);
        metrics.count(Metrics.Name.RepliesPosted, action.platform().id());
        if (c.firstResponseAt() == null) {
            metrics.put(Metrics.Name.FirstResponseSeconds,
                    Duration.between(c.createdAt(), postedAt).toSeconds(), action.platform().id());
        }
        boolean byPerson = PostedRecords.byPerson(action);
        if (c.firstResponseAt() == null || c.firstHumanResponseAt() == null && byPerson) {
            metrics.put(byPerson ? Metrics.Name.FirstHumanResponseSeconds : Metrics.Name.AutomaticAcknowledgementSeconds,
                    Duration.between(c.createdAt(), postedAt).toSeconds(), action.platform().id());
        }
        LOG.info("posted", "actionKey", action.key(), "caseId", c.id(), "platform", action.platform().id(),
                "platformPostId", postId, "type", action.type().name());
        return Result.POSTED;
    }

    /**
     * Posts through the platform's connector; a refusal that proves nothing was posted frees the key for a retry.
     * @param c the action's case, whose brand account posts; null for an action without one (the platform's first) */
    private String post(Action action, OutboundPost post, Case c) {
        String account = c == null ? null : c.brandAccount();
        if (summoned.refusal(action, c).isPresent()) {
            // Checked before rendering on every path; a path that skipped it must not reach the platform.
            ledger.abandonOutbound(action.key());
            throw new IllegalStateException("refusing to ask X for a reply it forbids: " + action.key());
        }
        PlatformConnector connector = connector(action, account);
        spend(action, account, post.isPrivate() ? PostingLimits.Call.PRIVATE_MESSAGE : PostingLimits.Call.POST);
        try {
            return connector.post(post);
        } catch (PlatformException e) {
            if (e.kind() != PlatformException.Kind.AUTH) {
                throw refused(action, e);
            }
        }
        // Refused credentials: they may have been rotated since this environment read them. Read them again, once.
        connectors.reloadCredentials();
        try {
            return connector(action, account).post(post);
        } catch (PlatformException e) {
            if (e.kind() != PlatformException.Kind.AUTH) {
                throw refused(action, e);
            }
            ledger.abandonOutbound(action.key()); // a 401 or 403: nothing was posted
            metrics.count(Metrics.Name.CredentialFailures, action.platform().id());
            credentialAlerts.refused(action.platform(), connector(action, account).account(), "post", e.getMessage());
            LOG.error("platform refused careloop's credentials, also after reading them again", null, "actionKey",
                    action.key(), "caseId", action.caseId(), "platform", action.platform().id(), "reason", e.getMessage());
            throw new CredentialsRefused(action.platform(), e.getMessage());
        }
    }

    /** Takes one call from the platform's budgets, or frees the key and has SQS bring the action back at the reset. */
    private void spend(Action action, String account, PostingLimits.Call call) {
        if (limits == null) {
            return;
        }
        Optional<Instant> reset = limits.take(action.platform(), account, call, clock.instant());
        if (reset.isPresent()) {
            ledger.abandonOutbound(action.key()); // nothing was sent
            String what = switch (call) {
                case POST -> "posting";
                case PRIVATE_MESSAGE -> "direct message";
                case HIDE -> "hiding";
            };
            LOG.info(what + " budget spent; waiting for the window to reset", "actionKey", action.key(),
                    "platform", action.platform().id(), "retryAt", reset.get().toString());
            metrics.count(Metrics.Name.Throttles, action.platform().id());
            throw new RetryLater(action.platform().id() + " " + what + " budget spent", reset.get());
        }
    }

    /**
     * Where a private action goes on this platform (see {@link PrivateRoutes}); where no private message can go, a
     * public invite to write or email instead — the private words themselves are never posted in public.
     *
     * @return the action to post; empty when the invite was blocked (recorded on the case)
     */
    private Optional<Action> routePrivately(Action action, Case c, Instant now) {
        Action routed = PrivateRoutes.toCustomersComment(action, c);
        PlatformConnector connector = connector(routed, c.brandAccount());
        Optional<String> refused = Optional.empty();
        if (connector.canMessagePrivately() && !PrivateRoutes.windowClosed(routed, c, now)) {
            // Where customers choose who may message them (Bluesky), ask first: a refused DM is an invite instead.
            try {
                refused = connector.privateMessageRefusal(c.customer().id());
            } catch (PlatformException e) {
                if (e.kind() != PlatformException.Kind.REJECTED) {
                    ledger.abandonOutbound(action.key()); // only asked: nothing was sent
                    throw new RetryLater(e.getMessage(), e.kind() == PlatformException.Kind.RATE_LIMITED ? e.retryAt() : null);
                }
                refused = Optional.of(action.platform().id() + " refused the check (" + e.getMessage() + ")");
            }
            if (refused.isEmpty()) {
                return Optional.of(routed);
            }
        }
        String why = refused.orElse(connector.canMessagePrivately()
                ? "Meta's 7 days for a private reply to the customer's comment have passed"
                : action.platform().id() + " has no private messages");
        if (action.type() == ActionType.CSAT_SURVEY) {
            // The survey is asked privately or not at all: an automatic public "email us" after the case closed is noise.
            notSentPrivately(action, c, now, "satisfaction survey not sent: " + why + "; it is only ever asked privately");
            return Optional.empty();
        }
        if (c.replyTo() == null) {
            // The customer wrote privately: any public post would tell everyone they did, and tag them on a new post.
            notSentPrivately(action, c, now, "private " + action.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " not sent: " + why + ", and the customer wrote privately, so there is no public conversation to "
                    + "invite them from; reach them another way");
            return Optional.empty();
        }
        String words;
        try {
            words = templates.render("invite_private", c.platform(), c.customer(), c.assignee(), false, null, Map.of());
        } catch (Templates.UnfilledVariable e) {
            settlements.blocked(routed, c, "invite_private", null, "unfilled-variable", e.getMessage());
            return Optional.empty();
        }
        var violation = guardrails.check(words);
        if (violation.isPresent()) {
            settlements.blocked(routed, c, "invite_private", words, violation.get().rule(), violation.get().reason());
            return Optional.empty();
        }
        if (refused.isPresent()) {
            // Why the customer is invited in public rather than written to: on the case, for the team.
            String reason = refused.get();
            ConflictRetry.untilApplied(() -> {
                Case now2 = cases.getCase(c.id()).orElse(c);
                cases.apply(CaseChange.of(now2, now2, new TimelineEntry(now, TimelineKind.NOTE, "careloop", null, false,
                        action.key(), "no private message on " + action.platform().id() + ": " + reason
                                + "; the customer is invited in public to email instead")));
            });
        }
        return Optional.of(routed.publicly(routed.inReplyTo() != null ? routed.inReplyTo() : c.replyTo(), words));
    }

    /** A private action that cannot go privately, settled as not sent (never turned public), with why on the case. */
    private void notSentPrivately(Action action, Case c, Instant now, String note) {
        ledger.settleNotPosted(action.key(), NotPosted.NOT_SENT, now, PostedRecords.settled(action, CaseChange.of(c, c,
                new TimelineEntry(now, TimelineKind.NOTE, "careloop", null, false, action.key(), note))));
        LOG.info("private action with no private route; not sent", "actionKey", action.key(), "caseId", c.id(),
                "platform", action.platform().id(), "type", action.type().name());
    }

    /** Where the customer's Messenger or Instagram conversation stands in Meta's windows, from their last message. */
    private MessagingWindow.Decision messagingWindow(Action action, Case c, Instant now) {
        Instant last = cases.getCaseWithTimeline(c.id())
                .map(found -> MessagingWindow.lastCustomerMessage(c, found.timeline())).orElse(c.createdAt());
        // A survey is careloop's automated message even once a person approved its draft: Meta forbids surveys under
        // the HUMAN_AGENT tag, so past 24 hours it is not sent.
        boolean byPerson = PostedRecords.byPerson(action) && action.type() != ActionType.CSAT_SURVEY;
        return MessagingWindow.decide(last, now, byPerson);
    }

    /**
     * Nothing goes out after Meta's window: careloop's own message is dropped with a note; past 7 days a person's
     * message too, with an alert telling the team that the customer has to write again first.
     */
    private Result outsideMessagingWindow(Action action, Case c, Instant now, MessagingWindow.Decision window) {
        String what = action.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        TimelineEntry entry = window == MessagingWindow.Decision.CLOSED
                ? new TimelineEntry(now, TimelineKind.ALERT, "careloop", null, false, action.key(), "not sent: " + what
                        + " — the customer last wrote more than 7 days ago, and " + action.platform().id()
                        + " takes no message after that until they write again; invite them to write or email")
                : new TimelineEntry(now, TimelineKind.NOTE, "careloop", null, false, action.key(), "automatic " + what
                        + " not sent: the customer last wrote more than 24 hours ago, and after that "
                        + action.platform().id() + " takes only a person's reply (within 7 days)");
        ledger.settleNotPosted(action.key(), NotPosted.NOT_SENT, now, PostedRecords.settled(action, CaseChange.of(c, c, entry)));
        LOG.info("outside the messaging window; not sent", "actionKey", action.key(), "caseId", c.id(),
                "platform", action.platform().id(), "window", window.name());
        return Result.SKIPPED;
    }

    /** Posts for a case; refused credentials also leave an alert on the case, so the team sees why nothing went out. */
    private String postOnCase(Case c, Action action, OutboundPost post) {
        try {
            return post(action, post, c);
        } catch (CredentialsRefused e) {
            Instant now = clock.instant();
            try {
                cases.apply(CaseChange.of(c, c, new TimelineEntry(now, TimelineKind.ALERT, "careloop", null, false, action.key(),
                        "not posted: " + e.getMessage())));
            } catch (ConcurrentUpdateException concurrent) {
                LOG.warn("case changed while noting refused credentials", "caseId", c.id());
            }
            throw e;
        }
    }


    /**
     * A platform refused a call: free the key when its answer proves nothing happened (so a retry may act),
     * and hand the action back to SQS for a later attempt.
     */
    private RuntimeException refused(Action action, PlatformException e) {
        return refused(action, e, null);
    }

    /** @param account the brand account that made the call (named in a credentials alert) */
    private RuntimeException refused(Action action, PlatformException e, String account) {
        if (e.kind() == PlatformException.Kind.AUTH) {
            // Hiding, deleting or unhiding with a refused token: retried by the queue (then its dead letters), and
            // the care team hears of the credentials.
            metrics.count(Metrics.Name.CredentialFailures, action.platform().id());
            credentialAlerts.refused(action.platform(), account, "moderate", e.getMessage());
        }
        if (e.kind() == PlatformException.Kind.REJECTED) {
            return new Rejected(e); // the caller settles the key as not sent
        }
        if (e.certainlyNotPosted()) {
            ledger.abandonOutbound(action.key());
        }
        LOG.warn("platform refused the call; will retry", "actionKey", action.key(), "caseId", action.caseId(),
                "platform", action.platform().id(), "kind", e.kind().name(), "reason", e.getMessage());
        if (e.kind() == PlatformException.Kind.RATE_LIMITED) {
            metrics.count(Metrics.Name.Throttles, action.platform().id());
        }
        return new RetryLater(e.getMessage(), e.kind() == PlatformException.Kind.RATE_LIMITED ? e.retryAt() : null);
    }

    private PlatformConnector connector(Action action, String account) {
        return connectors.forAccount(action.platform(), account).orElseThrow(() -> {
            ledger.abandonOutbound(action.key());
            return new IllegalStateException("no connector configured for " + action.platform().id()
                    + (account == null ? "" : " account " + account) + "; set its credentials (README, Configuration)");
        });
    }

    /** A thank-you for praise or an incident's proactive post: nothing on a case to update. */
    private Result postWithoutCase(Action action) {
        Optional<String> refusal = summoned.refusal(action, null);
        if (refusal.isPresent()) {
            return settlements.byHand(action, null, refusal.get());
        }
        String text;
        try {
            if (action.approved() || action.type() == ActionType.INCIDENT_RESOLVED && action.text() != null) {
                text = action.text(); // the team's words, checked by the guardrails when they were typed
            } else if (action.type() == ActionType.INCIDENT_POST) {
                String topic = action.incidentId() == null ? null
                        : incidents.getIncident(action.incidentId()).map(i -> i.topic()).orElse(null);
                text = templates.render("incident_post", action.platform(), null, null, false, null,
                        topic == null ? Map.of() : Map.of("topic", topic)); // no topic: "our service"
            } else {
                text = action.text() != null ? action.text() : templates.render(templates.templateFor(action.type(), false),
                        action.platform(), new io.careloop.core.Author(action.recipientId(), action.recipientHandle(),
                                action.recipientHandle(), 0, false), null, false, null, Map.of());
            }
        } catch (Templates.UnfilledVariable e) {
            return settlements.blocked(action, null, templates.templateFor(action.type(), false), null, "unfilled-variable", e.getMessage());
        }
        var violation = guardrails.check(text); // public, every one of them
        if (violation.isPresent()) {
            return settlements.blocked(action, null, templates.templateFor(action.type(), false), text, violation.get().rule(), violation.get().reason());
        }
        if (reviews.held(action, null, text, clock.instant())) {
            return Result.DRAFTED;
        }
        String postId;
        try {
            postId = post(action, new OutboundPost(action.key(), action.inReplyTo(), action.recipientId(),
                    action.recipientHandle(), text, false), null);
        } catch (Rejected e) {
            return settlements.notSent(action, null, e.getCause().getMessage());
        }
        ledger.completeOutbound(action.key(), postId, clock.instant(), null);
        LOG.info("posted", "actionKey", action.key(), "platform", action.platform().id(), "platformPostId", postId,
                "type", action.type().name());
        return Result.POSTED;
    }

    /** Hides spam or abuse where the platform allows, and records what was done and why on the audit record. */
    private Result moderate(Action action, Case c) {
        try {
            return moderateOn(action, c);
        } catch (Rejected e) { // the platform refused for good (already gone, not allowed): recorded, never retried
            Instant now = clock.instant();
            ledger.settleNotPosted(action.key(), NotPosted.NOT_MODERATED, now, CaseChange.of(c, c, new TimelineEntry(now,
                    TimelineKind.MODERATION, action.actor(), null, false, action.inReplyTo(), "category "
                            + action.category() + ": not moderated: " + action.platform().id() + " refused ("
                            + e.getCause().getMessage() + ")")));
            return Result.REFUSED;
        }
    }

    private Result moderateOn(Action action, Case c) {
        PlatformConnector connector = connector(action, c.brandAccount());
        Instant now = clock.instant();
        String outcome;
        boolean delete = "delete".equals(action.text());
        if ("unhide".equals(action.text())) {
            if (!connector.canHide()) {
                outcome = "not unhidden: " + action.platform().id() + " does not let a brand hide replies; recorded only";
            } else {
                try {
                    connector.unhide(action.inReplyTo());
                } catch (PlatformException e) {
                    throw refused(action, e, connector.account());
                }
                outcome = "unhidden";
            }
        } else if (delete && connector.canDelete()) {
            try {
                connector.delete(action.inReplyTo());
            } catch (PlatformException e) {
                throw refused(action, e, connector.account());
            }
            outcome = "deleted";
        } else if (connector.canHide()) {
            spend(action, c.brandAccount(), PostingLimits.Call.HIDE);
            try {
                connector.hide(action.inReplyTo());
            } catch (PlatformException e) {
                throw refused(action, e, connector.account());
            }
            outcome = delete ? "hidden (" + action.platform().id() + " does not let a brand delete replies)" : "hidden";
        } else {
            outcome = "not hidden: " + action.platform().id() + " does not let a brand hide replies; recorded only";
        }
        TimelineEntry audit = new TimelineEntry(now, TimelineKind.MODERATION, action.actor(), null, false, action.inReplyTo(),
                "category " + action.category() + ": " + outcome);
        ledger.completeOutbound(action.key(), outcome.startsWith("not") ? NotPosted.NOT_MODERATED.stored() : action.inReplyTo(), now,
                CaseChange.of(c, c, audit));
        LOG.info("moderated", "actionKey", action.key(), "caseId", c.id(), "platform", action.platform().id(),
                "platformId", action.inReplyTo(), "category", action.category(), "outcome", outcome);
        return Result.MODERATED;
    }
}
