package io.careloop.triage;

import io.careloop.cases.TimelineKind;
import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.observe.Log;
import io.careloop.routing.Routing;
import io.careloop.queue.ActionQueue;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.ClaimOutcome;
import io.careloop.incidents.TopicSighting;
import io.careloop.observe.Metrics;
import io.careloop.store.CaseRepository;
import io.careloop.store.MentionClaims;
import io.careloop.store.Incidents;
import io.careloop.store.TopicSightings;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.CustomerContext;
import io.careloop.incidents.Sighting;
import io.careloop.triage.text.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides what careloop does with each mention, the way a seasoned social care lead would:
 * <ul>
 *   <li>a direct complaint or question opens a case with a priority, a deadline and a team, and is
 *       acknowledged in public (or, in another language, left for a person);</li>
 *   <li>a customer's next message joins their open case, a reply in a thread joins the thread's case;</li>
 *   <li>an indirect complaint is watched, not answered, unless the author's reach is large or another
 *       author corroborates the same problem: then the watch turns into an offer of help;</li>
 *   <li>praise gets a thank-you, or marks the customer an advocate when it follows a resolved case;</li>
 *   <li>spam and abuse on the brand's threads are hidden with an audit record, never debated;</li>
 *   <li>several customers with the same problem at once make an incident with one holding message.</li>
 * </ul>
 * Every decision is recorded with its reasons.
 */
public final class TriageService {
    /** What happened to a mention, for logs, metrics and tests. */
    public enum Outcome { OPENED, JOINED, WATCHED, IGNORED, DUPLICATE, ADVOCATE, MODERATED, THANKED, UPDATED }

    /** A redelivery this soon after the first claim may have lost its acknowledgement: send it again (idempotent). */
    static final Duration RESEND_WINDOW = Duration.ofMinutes(15);
    /** "Me too" replies corroborate a problem without repeating it. */
    private static final Pattern ME_TOO = Pattern.compile(
            "(?<![\\p{L}])(so's mine|so is mine|mine too|me too|same here|same problem|same issue|same for me|"
                    + "mine as well|happening to me|here too|also having|me as well|ditto)(?![\\p{L}])");
    private static final Log LOG = Log.of(TriageService.class);

    private final Classifier classifier;
    private final MentionClaims claims;
    private final CaseRepository cases;
    private final TopicSightings sightings;
    private final IncidentDetector incidents;
    private final CaseDrafts drafts;
    private final MentionChanges changes;
    private final ActionQueue actions;
    private final BrandConfig brand;
    private final BrandConfig.TriagePolicy policy;
    private final Clock clock;
    private final Metrics metrics;
    private final WebhookHeartbeat heartbeat;
    private final UnknownAuthors unknownAuthors;
    /** Gives each new case to an agent of its team; null where the use case is built without routing. */
    private final Routing routing;
    /** Reads a customer's answer to the satisfaction survey; null where the use case is built without it. */
    private final SurveyAnswers surveys;

    public TriageService(Classifier classifier, MentionClaims claims, CaseRepository cases, TopicSightings sightings,
                         Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock, Metrics metrics) {
        this(classifier, claims, cases, sightings, incidents, actions, brand, clock, metrics, PostReaders.none());
    }

    /** @param readers read a post's author from its platform, for mentions whose delivery did not name one */
    public TriageService(Classifier classifier, MentionClaims claims, CaseRepository cases, TopicSightings sightings,
                         Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock, Metrics metrics,
                         PostReaders readers) {
        this(classifier, claims, cases, sightings, incidents, actions, brand, clock, metrics, readers, null);
    }

    /** @param heartbeats where webhook deliveries are noted for the poll; null to note none */
    public TriageService(Classifier classifier, MentionClaims claims, CaseRepository cases, TopicSightings sightings,
                         Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock, Metrics metrics,
                         PostReaders readers, io.careloop.store.WebhookHeartbeats heartbeats) {
        this(classifier, claims, cases, sightings, incidents, actions, brand, clock, metrics, readers, heartbeats, null,
                io.careloop.events.CareEvents.none());
    }

    /**
     * @param routing gives each new case to an agent, or null for none
     * @param events  where an opened incident is told
     */
    public TriageService(Classifier classifier, MentionClaims claims, CaseRepository cases, TopicSightings sightings,
                         Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock, Metrics metrics,
                         Routing routing, io.careloop.events.CareEvents events) {
        this(classifier, claims, cases, sightings, incidents, actions, brand, clock, metrics, PostReaders.none(), null,
                routing, events);
    }

    /** Everything: see the constructors above for each collaborator. */
    public TriageService(Classifier classifier, MentionClaims claims, CaseRepository cases, TopicSightings sightings,
                         Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock, Metrics metrics,
                         PostReaders readers, io.careloop.store.WebhookHeartbeats heartbeats, Routing routing,
                         io.careloop.events.CareEvents events) {
        this(classifier, claims, cases, sightings, incidents, actions, brand, clock, metrics, readers, heartbeats, routing,
                events, new io.careloop.events.CredentialAlerts(events, null, clock));
    }

    /** @param credentialAlerts raises "Platform Credentials Failing" when a platform refuses the token a post is read with */
    public TriageService(Classifier classifier, MentionClaims claims, CaseRepository cases, TopicSightings sightings,
                         Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock, Metrics metrics,
                         PostReaders readers, io.careloop.store.WebhookHeartbeats heartbeats, Routing routing,
                         io.careloop.events.CareEvents events, io.careloop.events.CredentialAlerts credentialAlerts) {
        this.heartbeat = heartbeats == null ? null : new WebhookHeartbeat(heartbeats, brand, clock);
        this.unknownAuthors = new UnknownAuthors(readers, credentialAlerts);
        this.routing = routing;
        this.surveys = routing == null ? null : new SurveyAnswers(claims, cases, events, clock);
        this.metrics = metrics;
        this.classifier = classifier;
        this.claims = claims;
        this.cases = cases;
        this.sightings = sightings;
        this.drafts = new CaseDrafts(brand, clock);
        this.changes = new MentionChanges(claims, cases, clock);
        this.incidents = new IncidentDetector(sightings, incidents, cases, actions, brand.triage(), clock, metrics, events);
        this.actions = actions;
        this.brand = brand;
        this.policy = brand.triage();
        this.clock = clock;
    }

    public Outcome triage(Mention mention) {
        if (heartbeat != null) {
            heartbeat.heard(mention);
        }
        if (mention.change() == null && mention.author().unknown()) {
            UnknownAuthors.Named named = unknownAuthors.name(mention);
            if (named.mention().isEmpty()) {
                return record(mention, claims.recordWithoutCase(mention, ClaimOutcome.IGNORED, named.reason()),
                        Outcome.IGNORED);
            }
            mention = named.mention().get();
        }
        if (mention.change() != null) {
            return changes.record(mention, this::triage, (m, r) -> record(m, r, Outcome.IGNORED));
        }
        if (brand.isOwnAccount(mention.platform(), mention.author().id(), mention.author().handle())) {
            return record(mention, claims.recordWithoutCase(mention, ClaimOutcome.IGNORED, "echo of the brand's own post"),
                    Outcome.IGNORED);
        }
        Judgement judgement = classifier.judge(mention.text());
        String topic = Topics.GENERAL.equals(judgement.topic()) ? null : topicKey(mention, judgement);
        for (int attempt = 0; attempt < 3; attempt++) {
            CustomerContext customer = claims.customerContext(mention, topic);
            if (surveys != null && customer.openCaseId() == null) {
                // A rating after a closed case, read before the thread's case: a DM conversation keeps pointing at the
                // case it opened, so joining first would file every answer as an ordinary message on the closed case.
                Optional<Outcome> answered = surveys.answer(mention, judgement, customer);
                if (answered.isPresent()) {
                    return answered.get();
                }
            }
            Optional<String> existing = customer.caseToJoin();
            if (existing.isPresent() && !landsOnClosedConversation(mention, judgement, customer)) {
                return join(existing.get(), mention, judgement, customer);
            }
            Optional<Outcome> decided = decide(mention, judgement, customer);
            if (decided.isPresent()) {
                return decided.get();
            }
            // Lost a race with another delivery from the same customer: join the case it opened.
        }
        throw new IllegalStateException("customer's case kept changing while triaging " + mention.key());
    }

    /**
     * The customer's only case here is the thread's, that case is over, and the message needs care: the thread pointer
     * outlives its case (a DM conversation keeps one thread id for good), so joining would file a new problem on a case
     * nobody works any more, with no acknowledgement and no deadline. It goes through triage as a first message would
     * and opens a new case. A message that needs no care ("here is a photo", thanks) still joins the closed case's
     * history, where praise marks the customer an advocate.
     */
    private boolean landsOnClosedConversation(Mention mention, Judgement judgement, CustomerContext customer) {
        if (customer.openCaseId() != null || customer.threadCaseId() == null || !needsCare(mention, judgement)) {
            return false;
        }
        return cases.getCase(customer.threadCaseId()).map(c -> !c.status().isOpen()).orElse(true);
    }

    /** Care by {@link #decide}'s rules: a complaint, a question, spam or abuse, anything negative, a "me too". */
    private boolean needsCare(Mention mention, Judgement judgement) {
        return switch (judgement.intent()) {
            case PRAISE -> mention.direct() && negative(judgement); // praise with a complaint in it: possible sarcasm
            case OTHER -> negative(judgement) || corroborates(mention);
            default -> true;
        };
    }

    /** @return empty when opening a case lost a race and the caller should look again */
    private Optional<Outcome> decide(Mention mention, Judgement judgement, CustomerContext customer) {
        Intent intent = judgement.intent();
        if (intent == Intent.SPAM || intent == Intent.ABUSE) {
            return Optional.of(moderate(mention, judgement));
        }
        if (intent == Intent.PRAISE && !(mention.direct() && negative(judgement))) {
            return Optional.of(praise(mention, judgement, customer));
        }
        // "Same here" about a named problem is a complaint, however mild its words.
        boolean meToo = corroborates(mention) && !Topics.GENERAL.equals(judgement.topic());
        // Addressed to the brand, anything negative needs care, whatever the model says: a negative comment to the
        // brand is never ignored, and never thanked for (praise words with a complaint in them are often sarcasm).
        boolean reported = mention.direct() && negative(judgement);
        boolean careNeeded = intent == Intent.COMPLAINT || intent == Intent.QUESTION || meToo || reported;
        if (mention.direct() && !judgement.english() && intent != Intent.PRAISE) {
            // careloop reads English; anything addressed to the brand in another language goes to a person.
            return open(mention, judgement, customer, "direct, in " + judgement.language());
        }
        if (mention.direct() && careNeeded) {
            String what = intent == Intent.PRAISE ? "praise with negative cues (possible sarcasm)"
                    : intent != Intent.OTHER ? intent.name().toLowerCase(Locale.ROOT)
                    : meToo ? "report of the same problem"
                    : judgement.problem() != null ? "report of a problem (" + judgement.problem() + ")"
                    : "negative mention";
            return open(mention, judgement, customer, "direct " + what);
        }
        boolean negative = judgement.complaint() || judgement.sentiment() <= -0.3;
        if (!mention.direct() && (negative || corroborates(mention))) {
            return watchOrAct(mention, judgement, customer);
        }
        String reason = "no care needed: " + intent.name().toLowerCase(Locale.ROOT)
                + (judgement.reasons().isEmpty() ? "" : " (" + String.join("; ", judgement.reasons()) + ")");
        return Optional.of(record(mention, claims.recordWithoutCase(mention, ClaimOutcome.IGNORED, reason), Outcome.IGNORED));
    }

    /** Negative about the brand when addressed to it: a complaint, a negative word, a problem named, an urgent report. */
    private static boolean negative(Judgement judgement) {
        return judgement.complaint() || judgement.sentiment() < 0 || judgement.problem() != null || judgement.urgent();
    }

    // ---- indirect mentions: watch before acting -------------------------------------------------

    private Optional<Outcome> watchOrAct(Mention mention, Judgement judgement, CustomerContext customer) {
        boolean influential = influential(mention);
        if (influential) {
            return open(mention, judgement, customer, "indirect, influential author ("
                    + mention.author().followers() + " followers" + (mention.author().verified() ? ", verified" : "") + ")");
        }
        if (Topics.GENERAL.equals(judgement.topic())) {
            return Optional.of(record(mention, claims.recordWithoutCase(mention, ClaimOutcome.WATCHED,
                    "indirect and negative; no product or problem named to corroborate"), Outcome.WATCHED));
        }
        Instant now = clock.instant();
        List<Sighting> seen = sightings.recordSighting(new TopicSighting(topicKey(mention, judgement),
                new Sighting(mention.customerKey(), now, judgement.complaint(), Json.write(mention), null),
                policy.watchWindow()));
        List<Sighting> others = seen.stream().filter(s -> !s.authorKey().equals(mention.customerKey())).toList();
        if (others.isEmpty()) {
            return Optional.of(record(mention, claims.recordWithoutCase(mention, ClaimOutcome.WATCHED,
                    "indirect complaint about " + judgement.topic() + "; watching for corroboration"), Outcome.WATCHED));
        }
        // Corroborated: the watch turns into outreach, to this author and to the ones watched before.
        String why = "indirect, corroborated by " + others.size() + " other author(s) on " + judgement.topic();
        Optional<Outcome> outcome = open(mention, judgement, customer, why);
        for (Sighting watched : others) {
            if (watched.watchedMention() != null && watched.caseId() == null) {
                Mention earlier = Json.read(watched.watchedMention(), Mention.class);
                Judgement earlierJudgement = classifier.judge(earlier.text());
                CustomerContext earlierCustomer = claims.customerContext(earlier, topicKey(earlier, earlierJudgement));
                if (earlierCustomer.caseToJoin().isEmpty()) {
                    open(earlier, earlierJudgement, earlierCustomer,
                            "watched indirect complaint, now corroborated by @" + mention.author().handle());
                }
            }
        }
        return outcome;
    }

    private boolean corroborates(Mention mention) {
        return ME_TOO.matcher(mention.text().toLowerCase(Locale.ROOT)).find();
    }

    private boolean influential(Mention mention) {
        return mention.author().verified() || mention.author().followers() >= policy.influentialFollowers()
                || policy.isVip(mention.author().handle());
    }

    // ---- opening a case --------------------------------------------------------------------------

    private Optional<Outcome> open(Mention mention, Judgement judgement, CustomerContext customer, String why) {
        Case opened = drafts.newCase(mention, judgement, customer.casesBefore() > 0, influential(mention));
        boolean humanOnly = !judgement.english();
        TimelineEntry first = drafts.inbound(mention, judgement, why + (humanOnly
                ? "; in " + judgement.language() + ": left for a person, no automatic reply" : ""));
        // The customer's sighting of a named topic rides in the same transaction: incident detection adds no write.
        boolean sighted = !Topics.GENERAL.equals(judgement.topic())
                && (judgement.complaint() || corroborates(mention) || (mention.direct() && judgement.problem() != null));
        CaseOpening opening = CaseOpening.of(opened, mention, first,
                new DueItem(opened.id(), DueKind.FIRST_RESPONSE_SLA, opened.firstResponseDue()));
        if (sighted) {
            opening = opening.withSighting(new TopicSighting(topicKey(mention, judgement),
                    new Sighting(mention.customerKey(), clock.instant(), true, null, opened.id()), policy.incidentWindow()));
        }
        // A case opening while its topic's incident is open is linked by the opening itself, not a second transaction.
        String activeIncident = Topics.GENERAL.equals(judgement.topic()) ? null : customer.activeIncidentId();
        if (activeIncident != null) {
            opening = opening.partOf(activeIncident, incidents.note(activeIncident, opened.topic()));
        }
        ClaimResult result = claims.openCase(opening);
        switch (result.outcome()) {
            case DUPLICATE -> {
                return Optional.of(duplicate(mention, result, firstReply(mention, judgement, customer, result.caseId())));
            }
            case CUSTOMER_HAS_CASE -> {
                return Optional.empty();
            }
            default -> {
                // opened
            }
        }
        LOG.info("case opened", "caseId", opened.id(), "platform", mention.platform().id(), "platformId", mention.id(),
                "priority", opened.priority().name(), "topic", opened.topic());
        metrics.count(Metrics.Name.CasesOpened, mention.platform().id());
        // With no incident open, this case may be the one that makes enough customers for one: counted straight after
        // the opening, so a function stopped before routing has still opened it.
        Optional<String> incident = activeIncident != null ? Optional.of(activeIncident)
                : Topics.GENERAL.equals(judgement.topic()) ? Optional.empty()
                : incidents.incidentFor(opened, mention, topicKey(mention, judgement), judgement.topic(), sighted);
        if (routing != null) {
            // Before the acknowledgement is queued, so it is signed by the agent who owns the case. Routing changes the
            // case as its opening stored it, without reading it back; in the rare case the incident's opening has
            // linked it since, the version check fails and routing reads it again.
            routing.caseOpened(opening.stored(), judgement.language(), judgement.intent().name().toLowerCase(Locale.ROOT));
        }
        if (humanOnly) {
            return Optional.of(Outcome.OPENED);
        }
        actions.send((incident.isPresent() ? Action.holding(opened.id(), mention, incident.get())
                : Action.acknowledge(opened.id(), mention)).reviewedFor(drafts.reviewCues(mention, judgement, classifier.threshold())));
        return Optional.of(Outcome.OPENED);
    }

    /** See {@link CaseDrafts#priority}. */
    static Priority priority(Mention mention, Judgement judgement, boolean repeatContact, boolean influential) {
        return CaseDrafts.priority(judgement, repeatContact, influential);
    }

    static String topicKey(Mention mention, Judgement judgement) {
        return mention.platform().id() + "#" + judgement.topic();
    }

    // ---- joining, praise, moderation -------------------------------------------------------------

    private Outcome join(String caseId, Mention mention, Judgement judgement, CustomerContext customer) {
        boolean praise = judgement.intent() == Intent.PRAISE;
        if (praise && caseId.equals(customer.lastResolvedCaseId())) {
            return advocate(caseId, mention, judgement);
        }
        ClaimResult joined = claims.joinCase(caseId, mention, drafts.inbound(mention, judgement, "joined the customer's case"),
                judgement.hostile());
        if (joined.outcome() == ClaimResult.Outcome.RECORDED && judgement.hostile()) {
            escalateIfHostile(caseId);
        }
        if (joined.outcome() == ClaimResult.Outcome.RECORDED && mention.isPrivate()) {
            continuePrivately(caseId);
        }
        if (joined.outcome() == ClaimResult.Outcome.DUPLICATE) {
            // The redelivery of the mention that opened this very case lands here: its customer pointer is set.
            return duplicate(mention, joined, firstReply(mention, judgement, customer, joined.caseId()));
        }
        return record(mention, joined, Outcome.JOINED);
    }

    /**
     * The customer wrote privately: the case moves to the private channel and the public thread gets one
     * note that the conversation continues in DM (keyed per case, so it is said once).
     */
    private void continuePrivately(String caseId) {
        Case c = cases.getCase(caseId).orElseThrow();
        if (c.status() == CaseStatus.NEW || c.status() == CaseStatus.ACKNOWLEDGED) {
            try {
                cases.apply(CaseChange.of(c, c.withStatus(CaseStatus.PRIVATE),
                        new TimelineEntry(clock.instant(), TimelineKind.STATUS, "careloop", null, true, null,
                                "the customer wrote privately; the conversation continues in DM"))
                        .clearingDue(DueKind.FOLLOW_UP));
            } catch (ConcurrentUpdateException e) {
                return; // the next private message tries again
            }
            if (c.replyTo() != null) {
                actions.send(Action.continuingInDm(c));
            }
        }
    }

    /** A customer who keeps being hostile gets no more automatic public replies; a person takes over. */
    private void escalateIfHostile(String caseId) {
        Case c = cases.getCase(caseId).orElseThrow();
        if (c.automaticRepliesStopped() && c.status().canMoveTo(CaseStatus.ESCALATED)) {
            try {
                cases.apply(CaseChange.of(c, c.withStatus(CaseStatus.ESCALATED),
                        new TimelineEntry(clock.instant(), TimelineKind.STATUS, "careloop", null, false, null,
                                "escalated: " + c.hostileMessages() + " hostile messages; no more automatic public replies")));
                LOG.warn("case escalated: hostile customer", "caseId", caseId);
            } catch (ConcurrentUpdateException e) {
                // another update landed first; the next hostile message escalates
            }
        }
    }

    private Outcome praise(Mention mention, Judgement judgement, CustomerContext customer) {
        Instant now = clock.instant();
        if (customer.lastResolvedCaseId() != null && customer.lastResolvedAt() != null
                && customer.lastResolvedAt().isAfter(now.minus(policy.advocateWindow()))) {
            return advocate(customer.lastResolvedCaseId(), mention, judgement);
        }
        if (mention.direct() && !mention.isPrivate() && policy.thankPraise()) {
            ClaimResult r = claims.recordWithoutCase(mention, ClaimOutcome.THANKED, "praise");
            if (r.outcome() == ClaimResult.Outcome.DUPLICATE) {
                return duplicate(mention, r, Action.thankYou(mention));
            }
            actions.send(Action.thankYou(mention));
            return Outcome.THANKED;
        }
        return record(mention, claims.recordWithoutCase(mention, ClaimOutcome.IGNORED, "praise"), Outcome.IGNORED);
    }

    /**
     * The first reply the opening of {@code caseId} queued, if this mention opened it: none in a language careloop
     * does not answer automatically, the incident's holding reply inside an incident, else the acknowledgement.
     */
    private Action firstReply(Mention mention, Judgement judgement, CustomerContext customer, String caseId) {
        if (caseId == null || !CaseIds.forOpeningMention(mention.key()).equals(caseId) || !judgement.english()) {
            return null;
        }
        return (customer.activeIncidentId() != null ? Action.holding(caseId, mention, customer.activeIncidentId())
                : Action.acknowledge(caseId, mention)).reviewedFor(drafts.reviewCues(mention, judgement, classifier.threshold()));
    }

    private Outcome advocate(String caseId, Mention mention, Judgement judgement) {
        ClaimResult r = claims.markAdvocate(caseId, mention,
                drafts.inbound(mention, judgement, "praise after resolution: the customer is an advocate"));
        return record(mention, r, Outcome.ADVOCATE);
    }

    /**
     * Spam and abuse: on the brand's own threads they are hidden, with a category and an audit record (a
     * moderated case that holds no claim on the customer). Never debated, never answered.
     */
    private Outcome moderate(Mention mention, Judgement judgement) {
        String category = judgement.intent() == Intent.SPAM ? "spam" : "abuse";
        if (!mention.direct() || mention.isPrivate()) {
            return record(mention, claims.recordWithoutCase(mention, ClaimOutcome.IGNORED, category + " outside the brand's threads"),
                    Outcome.IGNORED);
        }
        Case record = drafts.moderationRecord(mention, category);
        ClaimResult r = claims.openCase(CaseOpening.moderation(record, mention, drafts.inbound(mention, judgement, "moderation: " + category)));
        if (r.outcome() == ClaimResult.Outcome.DUPLICATE) {
            return duplicate(mention, r, r.caseId() == null ? null : Action.moderate(r.caseId(), mention, category));
        }
        actions.send(Action.moderate(record.id(), mention, category));
        LOG.info("moderation queued", "caseId", record.id(), "platform", mention.platform().id(),
                "platformId", mention.id(), "category", category);
        return Outcome.MODERATED;
    }

    private Outcome record(Mention mention, ClaimResult result, Outcome outcome) {
        if (result.outcome() == ClaimResult.Outcome.DUPLICATE) {
            return duplicate(mention, result, null);
        }
        LOG.info("mention triaged", "outcome", outcome.name(), "caseId", result.caseId(),
                "platform", mention.platform().id(), "platformId", mention.id());
        return outcome;
    }

    /**
     * A mention seen before. The first delivery may have died between its write and its enqueue, so soon after
     * it the action it queued is queued again: its key makes that harmless (SQS deduplicates it and the outbound
     * ledger posts a key once), and it must be exactly the action the first delivery queued, or none.
     *
     * @param firstAction what the first delivery queued, or null when it queued nothing
     */
    private Outcome duplicate(Mention mention, ClaimResult result, Action firstAction) {
        boolean recent = result.claimedAt() != null
                && result.claimedAt().isAfter(clock.instant().minus(RESEND_WINDOW));
        if (firstAction != null && recent) {
            actions.send(firstAction);
        }
        LOG.info("duplicate mention dropped", "platform", mention.platform().id(), "platformId", mention.id());
        metrics.count(Metrics.Name.DuplicatesDropped, mention.platform().id());
        return Outcome.DUPLICATE;
    }
}
