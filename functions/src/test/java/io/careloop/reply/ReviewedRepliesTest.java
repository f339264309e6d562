package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueKind;
import io.careloop.cases.Draft;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.reply.ReplyService.Result;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMetrics;
import io.careloop.observe.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reviewed replies in the reply function: what the send policy and the forced reasons keep for a person, what the
 * draft holds, that its key is freed, and that an approved text is posted as it is, once.
 */
class ReviewedRepliesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:03:00Z");
    private static final Author DANA = new Author("42", "dana_k", "Dana Kim", 10, false);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final FakeConnector x = new FakeConnector(Platform.X, null);

    private ReplyService service(BrandConfig brand) {
        return new ReplyService(store, store, store, store, new Connectors(List.of(x)), brand, clock, null, metrics);
    }

    private static Case aCase(Author customer) {
        return new Case("c_1", CaseStatus.NEW, Priority.P2, Platform.X, customer, "t-1", "m-1", "my widget broke", null,
                "Care", "widget", T0.minus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(50)), null, null, false,
                null, false, 0, 0);
    }

    private Case given(Case c) {
        return store.givenOpenCase(c);
    }

    private static Action acknowledge(Case c) {
        return Action.acknowledge(c.id(), new Mention(c.platform(), c.replyTo(), c.customer(), c.firstWords(),
                c.createdAt(), c.threadId(), null, true, false, "webhook:x"));
    }

    private Draft onlyDraft() {
        assertThat(store.allDrafts()).hasSize(1);
        return store.allDrafts().get(0);
    }

    @Test
    void anOrdinaryCustomersAcknowledgementGoesOutAtOnceUnderTheShippedPolicy() {
        Case c = given(aCase(DANA));

        assertThat(service(Brands.acme()).handle(acknowledge(c))).isEqualTo(Result.POSTED);

        assertThat(x.posts()).hasSize(1);
        assertThat(store.allDrafts()).isEmpty();
    }

    @Test
    void aDraftIsSavedInsteadOfPostedWithEverythingAPersonNeedsAndTheKeyIsFreed() {
        Case c = given(aCase(DANA));
        Action outreach = acknowledge(c).reviewedFor(List.of("outreach: a first contact with someone who did not address the brand"));

        Result result = service(Brands.acme()).handle(outreach);

        assertThat(result).isEqualTo(Result.DRAFTED);
        assertThat(x.calls()).isZero();
        assertThat(store.outbound(outreach.key()).orElseThrow().state()).isEqualTo("ABANDONED");
        Draft d = onlyDraft();
        assertThat(d.action().key()).isEqualTo(outreach.key());
        assertThat(d.kind()).isEqualTo("acknowledge");
        assertThat(d.caseId()).isEqualTo("c_1");
        assertThat(d.text()).startsWith("@dana_k I'm so sorry");
        assertThat(d.action().inReplyTo()).isEqualTo("m-1");
        assertThat(d.action().isPrivate()).isFalse();
        assertThat(d.reasons()).containsExactly("outreach: a first contact with someone who did not address the brand");
        assertThat(d.guardrails()).isEqualTo("ok");
        assertThat(d.deadline()).isEqualTo(c.firstResponseDue());
        assertThat(d.createdAt()).isEqualTo(T0);
        assertThat(d.status()).isEqualTo(Draft.Status.WAITING);
        assertThat(store.allDue()).anyMatch(due -> due.kind() == DueKind.DRAFT_DEADLINE && due.dueAt().equals(c.firstResponseDue()));
        assertThat(store.timeline("c_1")).anyMatch(e -> e.kind() == TimelineKind.DRAFT && e.note().contains("waits for review"));
        assertThat(store.getCase("c_1").orElseThrow().firstResponseAt()).isNull();
        assertThat(metrics.total(Metrics.Name.DraftsSaved)).isEqualTo(1);
    }

    @Test
    void aRedeliveredActionKeepsItsOneDraft() {
        Case c = given(aCase(DANA));
        Action outreach = acknowledge(c).reviewedFor(List.of("outreach"));
        ReplyService reply = service(Brands.acme());

        reply.handle(outreach);
        assertThat(reply.handle(outreach)).isEqualTo(Result.DRAFTED);

        assertThat(store.allDrafts()).hasSize(1);
        assertThat(x.calls()).isZero();
    }

    @Test
    void theApprovedTextIsPostedAsItIsUnderTheSameKeyOnceAndCountsAsAPersonsFirstResponse() {
        Case c = given(aCase(DANA));
        Action outreach = acknowledge(c).reviewedFor(List.of("outreach"));
        ReplyService reply = service(Brands.acme());
        reply.handle(outreach);
        clock.advance(Duration.ofMinutes(5));

        Action approved = outreach.approvedWith("@dana_k Sorry to hear that! Could you DM us? ^SL");
        assertThat(reply.handle(approved)).isEqualTo(Result.POSTED);
        assertThat(reply.handle(approved)).isEqualTo(Result.ALREADY_POSTED);

        assertThat(x.posts()).singleElement().satisfies(p -> {
            assertThat(p.text()).isEqualTo("@dana_k Sorry to hear that! Could you DM us? ^SL");
            assertThat(p.inReplyTo()).isEqualTo("m-1");
        });
        Case after = store.getCase("c_1").orElseThrow();
        assertThat(after.firstResponseAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(after.firstHumanResponseAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(metrics.total(Metrics.Name.FirstHumanResponseSeconds)).isEqualTo(15 * 60);
    }

    @Test
    void anAutomaticAcknowledgementIsNotAPersonsResponse() {
        Case c = given(aCase(DANA));

        service(Brands.acme()).handle(acknowledge(c));

        Case after = store.getCase("c_1").orElseThrow();
        assertThat(after.firstResponseAt()).isEqualTo(T0);
        assertThat(after.firstHumanResponseAt()).isNull();
    }

    @Test
    void anInfluentialAuthorIsReviewedWhateverThePolicy() {
        given(aCase(new Author("42", "dana_k", "Dana Kim", 25_000, false)));

        assertThat(service(Brands.acmeWithoutReview()).handle(acknowledge(aCase(DANA)))).isEqualTo(Result.DRAFTED);

        assertThat(onlyDraft().reasons()).containsExactly("influential author (25000 followers)");
    }

    @Test
    void aVerifiedAuthorIsReviewed() {
        given(aCase(new Author("42", "dana_k", "Dana Kim", 10, true)));

        service(Brands.acmeWithoutReview()).handle(acknowledge(aCase(DANA)));

        assertThat(onlyDraft().reasons()).containsExactly("influential author (10 followers, verified)");
    }

    @Test
    void aVipIsReviewed() {
        given(aCase(DANA));

        service(Brands.merged("{\"triage\": {\"vip\": [\"@Dana_K\"]}, \"policy\": {\"review\": {\"default\": \"auto\"}}}"))
                .handle(acknowledge(aCase(DANA)));

        assertThat(onlyDraft().reasons()).containsExactly("VIP: @dana_k");
    }

    @Test
    void aCustomerWhoHasBeenHostileIsReviewed() {
        Case c = given(aCase(DANA).toBuilder().hostileMessages(1).build());

        service(Brands.acmeWithoutReview()).handle(acknowledge(c));

        assertThat(onlyDraft().reasons()).containsExactly("the customer has been hostile (1 message(s))");
    }

    @Test
    void anUncertainJudgementFromTriageIsReviewed() {
        Case c = given(aCase(DANA));
        String cue = "uncertain judgement: complaint probability 0.46 is within 0.10 of 0.50";

        service(Brands.acmeWithoutReview()).handle(acknowledge(c).reviewedFor(List.of(cue)));

        assertThat(onlyDraft().reasons()).containsExactly(cue);
    }

    @Test
    void aTextTheGuardrailsWarnAboutIsReviewedWithTheVerdictOnTheDraft() {
        Case c = given(aCase(DANA));
        BrandConfig shouty = Brands.merged("{\"guardrails\": {\"disabled\": [\"no-shouting\"]}, "
                + "\"templates\": {\"acknowledge.private-first\": \"{greeting}So sorry!! Please DM us. {signature}\"}, "
                + "\"policy\": {\"review\": {\"default\": \"auto\"}}}");

        service(shouty).handle(acknowledge(c));

        Draft d = onlyDraft();
        assertThat(d.reasons()).singleElement().asString().startsWith("guardrails warn: no-shouting");
        assertThat(d.guardrails()).startsWith("no-shouting");
        assertThat(d.text()).contains("So sorry!!");
    }

    @Test
    void theBrandsPolicyCanReviewEverythingOrNothing() {
        Case c = given(aCase(DANA));

        assertThat(service(Brands.withPolicy("\"review\": {\"default\": \"review\"}")).handle(acknowledge(c)))
                .isEqualTo(Result.DRAFTED);
        assertThat(onlyDraft().reasons()).containsExactly("policy: the brand reviews acknowledge messages");

        assertThat(service(Brands.acmeWithoutReview()).handle(Action.incidentPost("i_1", Platform.X)))
                .isEqualTo(Result.POSTED);
    }

    @Test
    void anIncidentPostWaitsForReviewWithoutACaseAndIsPostedOnceApproved() {
        ReplyService reply = service(Brands.acme());
        Action post = Action.incidentPost("i_1", Platform.X);

        assertThat(reply.handle(post)).isEqualTo(Result.DRAFTED);
        Draft d = onlyDraft();
        assertThat(d.caseId()).isNull();
        assertThat(d.kind()).isEqualTo("incident_post");
        assertThat(d.deadline()).isNull();

        assertThat(reply.handle(post.approvedWith(d.text()))).isEqualTo(Result.POSTED);
        assertThat(reply.handle(post.approvedWith(d.text()))).isEqualTo(Result.ALREADY_POSTED);
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(d.text()));
    }

    @Test
    void anAgentsReplyToAnInfluentialCustomerFollowsOnlyThePolicyForAPersonWroteIt() {
        Case c = given(aCase(new Author("42", "dana_k", "Dana Kim", 25_000, true)).toBuilder().hostileMessages(1).build());
        Action agent = Action.byAgent(c, ActionType.AGENT_REPLY, "k-1", "I'm looking at it now.", false, "Sam Lee");

        assertThat(service(Brands.acme()).handle(agent)).isEqualTo(Result.POSTED);
        assertThat(store.getCase("c_1").orElseThrow().firstHumanResponseAt()).isEqualTo(T0);
    }

    @Test
    void aPromiseUpdateRacesThePromisedTime() {
        Case c = given(aCase(DANA).toBuilder().status(CaseStatus.ESCALATED).firstResponseAt(T0.minusSeconds(600))
                .hostileMessages(1).build());
        Instant promised = T0.minusSeconds(60);

        service(Brands.acme()).handle(Action.due(c, ActionType.PROMISE_UPDATE, promised));

        assertThat(onlyDraft().deadline()).isEqualTo(promised);
        assertThat(onlyDraft().kind()).isEqualTo("promise_update");
    }
}
