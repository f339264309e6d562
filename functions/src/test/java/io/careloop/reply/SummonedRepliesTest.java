package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.NotPosted;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.config.XTier;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.observe.Metrics;
import io.careloop.platform.Connectors;
import io.careloop.platform.PlatformException;
import io.careloop.reply.ReplyService.Result;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * X's reply rule for pay-per-use apps: careloop never asks X for a reply to a post whose author did not summon the
 * brand. Every path that posts in public on a case (acknowledgement, incident holding reply, agent reply, follow-up,
 * close-the-loop, updates) ends in a task to answer by hand, with the link to the post, and no call to X.
 */
class SummonedRepliesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:03:00Z");
    private static final Author RIO = new Author("2244994946", "rio_m", "Rio M", 128, false);
    private static final String AGENT = "Sam Lee";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final FakeConnector x = new FakeConnector(Platform.X, null);

    private ReplyService service(XTier tier, BrandConfig brand) {
        return new ReplyService(store, store, store, store, new Connectors(List.of(x)), brand, clock, null, metrics, tier);
    }

    private final ReplyService payPerUse = service(XTier.PAY_PER_USE, Brands.acmeWithoutReview());

    /**
     * Rio's case on X, opened from post p-9: {@code summoned} says whether the post @mentioned, quoted or answered the
     * brand (a recent-search hit about "acme" does not).
     */
    private Case rioCase(boolean summoned) {
        Case c = new Case("c_9", CaseStatus.NEW, Priority.P2, Platform.X, RIO, "p-9", "p-9", "acme charger died again",
                AGENT, "Care", "charger", T0.minus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(55)), null, null,
                false, null, false, 0, 0).toBuilder().replyToDirect(summoned).build();
        return store.givenOpenCase(c);
    }

    private static Mention postOf(Case c) {
        return new Mention(Platform.X, c.replyTo(), c.customer(), c.firstWords(), c.createdAt(), c.threadId(), null,
                c.replyToDirect(), false, "poll:x");
    }

    private Case stored(Case c) {
        return store.getCase(c.id()).orElseThrow();
    }

    private List<TimelineEntry> tasks(Case c) {
        return store.timeline(c.id()).stream().filter(e -> e.kind() == TimelineKind.TASK).toList();
    }

    private void assertLeftToAPerson(Case c, Action action, Result result) {
        assertThat(result).isEqualTo(Result.BY_HAND);
        assertThat(x.calls()).as("no call to X").isZero();
        assertThat(store.outbound(action.key()).orElseThrow().postId()).isEqualTo(NotPosted.BY_HAND.stored());
        assertThat(stored(c).outreachTask()).isEqualTo("https://x.com/rio_m/status/p-9");
        assertThat(tasks(c)).singleElement().satisfies(t -> {
            assertThat(t.note()).startsWith("reach out by hand: https://x.com/rio_m/status/p-9")
                    .contains("summoned the brand").contains("pay-per-use");
            assertThat(t.ref()).isEqualTo(action.key());
        });
        assertThat(metrics.total(Metrics.Name.RepliesByHand)).isEqualTo(1);
    }

    @Test
    void anAcknowledgementOfAPostThatDidNotSummonTheBrandBecomesATask() {
        Case c = rioCase(false);
        Action ack = Action.acknowledge(c.id(), postOf(c));

        Result result = payPerUse.handle(ack);

        assertLeftToAPerson(c, ack, result);
    }

    @Test
    void anAcknowledgementOfAPostThatSummonedTheBrandIsPosted() {
        Case c = rioCase(true);

        Result result = payPerUse.handle(Action.acknowledge(c.id(), postOf(c)));

        assertThat(result).isEqualTo(Result.POSTED);
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.inReplyTo()).isEqualTo("p-9"));
        assertThat(stored(c).outreachTask()).isNull();
        assertThat(tasks(c)).isEmpty();
    }

    @Test
    void anIncidentHoldingReplyBecomesATask() {
        Case c = rioCase(false);
        Action holding = Action.holding(c.id(), postOf(c), "i_1");

        assertLeftToAPerson(c, holding, payPerUse.handle(holding));
    }

    @Test
    void anAgentsPublicReplyBecomesATaskThatKeepsTheAgentsWords() {
        Case c = rioCase(false);
        Action reply = Action.byAgent(c, ActionType.AGENT_REPLY, "k-1", "@rio_m I'm sorry, I'll look at your charger now.",
                false, AGENT);

        assertLeftToAPerson(c, reply, payPerUse.handle(reply));
        assertThat(tasks(c).get(0).text()).isEqualTo("@rio_m I'm sorry, I'll look at your charger now.");
    }

    @ParameterizedTest
    @EnumSource(value = ActionType.class, names = {"FOLLOW_UP", "CLOSE_LOOP", "PROMISE_UPDATE"})
    void scheduledPublicMessagesBecomeATask(ActionType type) {
        Case c = rioCase(false);
        Action due = Action.due(c, type, T0);

        assertLeftToAPerson(c, due, payPerUse.handle(due));
    }

    @Test
    void aCloseTheLoopLeftToAPersonStillClosesTheCaseAndReleasesTheCustomer() {
        Case open = rioCase(false);
        store.apply(CaseChange.of(open, open.resolvedAt(T0.minusSeconds(60)), new TimelineEntry(T0.minusSeconds(60),
                TimelineKind.STATUS, AGENT, null, true, null, "resolved")));
        Case c = stored(open);
        assertThat(store.openCaseOf("x#2244994946")).isPresent();
        Action closeLoop = Action.due(c, ActionType.CLOSE_LOOP, T0);

        assertLeftToAPerson(c, closeLoop, payPerUse.handle(closeLoop));

        assertThat(stored(c).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(store.openCaseOf("x#2244994946")).as("the next mention opens a new case").isEmpty();
    }

    @Test
    void anIncidentUpdateAndAResolutionBecomeTasksToo() {
        Case c = rioCase(false);
        Action update = Action.incidentUpdate(c, "i_1");
        Action resolution = Action.resolution(c, "@rio_m Your replacement charger is on its way.", AGENT);

        assertThat(payPerUse.handle(update)).isEqualTo(Result.BY_HAND);
        assertThat(payPerUse.handle(resolution)).isEqualTo(Result.BY_HAND);

        assertThat(x.calls()).isZero();
        assertThat(tasks(c)).hasSize(2);
    }

    @Test
    void aReplyIsNotDraftedForReviewWhenXWouldRefuseIt() {
        ReplyService reviewed = service(XTier.PAY_PER_USE, Brands.withPolicy("\"review\": {\"default\": \"review\"}"));
        Case c = rioCase(false);
        Action ack = Action.acknowledge(c.id(), postOf(c));

        Result result = reviewed.handle(ack);

        assertThat(result).isEqualTo(Result.BY_HAND);
        assertThat(store.waitingDrafts(Map.of(), 10)).as("nothing for a person to approve that X would refuse").isEmpty();
    }

    @Test
    void aPrivateMessageIsNotAReplyAndIsSent() {
        Case c = rioCase(false);

        Result result = payPerUse.handle(Action.byAgent(c, ActionType.AGENT_REPLY, "k-2", "Could you send me your order number?",
                true, AGENT));

        assertThat(result).isEqualTo(Result.POSTED);
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.isPrivate()).isTrue());
        assertThat(tasks(c)).isEmpty();
    }

    @Test
    void aReplyToAnyPostOtherThanTheOneKnownToHaveSummonedTheBrandBecomesATask() {
        Case c = rioCase(true);
        Mention earlier = new Mention(Platform.X, "p-1", RIO, "acme is useless", T0.minus(Duration.ofHours(1)), "p-1", null,
                false, false, "poll:x");
        Action ack = Action.acknowledge(c.id(), earlier);

        Result result = payPerUse.handle(ack);

        assertThat(result).isEqualTo(Result.BY_HAND);
        assertThat(x.calls()).isZero();
        assertThat(stored(c).outreachTask()).isEqualTo("https://x.com/rio_m/status/p-1");
    }

    @Test
    void whenTheCustomerLaterAddressesTheBrandTheReplyGoesAndTheTaskIsDone() {
        Case c = rioCase(false);
        payPerUse.handle(Action.acknowledge(c.id(), postOf(c)));
        Mention summoning = new Mention(Platform.X, "p-10", RIO, "@AcmeHelp still no answer about my charger",
                T0.plusSeconds(60), "p-10", null, true, false, "webhook:x");
        store.joinCase(c.id(), summoning, new TimelineEntry(T0.plusSeconds(60), TimelineKind.MENTION, "@rio_m",
                summoning.text(), false, "p-10", "joined the customer's case"), false);

        Result result = payPerUse.handle(Action.byAgent(stored(c), ActionType.AGENT_REPLY, "k-3",
                "@rio_m I'm sorry for the wait, a new charger is on its way.", false, AGENT));

        assertThat(result).isEqualTo(Result.POSTED);
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.inReplyTo()).isEqualTo("p-10"));
        assertThat(stored(c).outreachTask()).as("answered in the conversation").isNull();
    }

    @Test
    void theEnterpriseTierLiftsTheRule() {
        ReplyService enterprise = service(XTier.ENTERPRISE, Brands.acmeWithoutReview());
        Case c = rioCase(false);

        Result result = enterprise.handle(Action.acknowledge(c.id(), postOf(c)));

        assertThat(result).isEqualTo(Result.POSTED);
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.inReplyTo()).isEqualTo("p-9"));
    }

    @Test
    void otherPlatformsAreNotBoundByXsRule() {
        FakeConnector mastodon = new FakeConnector(Platform.MASTODON, null);
        ReplyService onMastodon = new ReplyService(store, store, store, store, new Connectors(List.of(mastodon)),
                Brands.acmeWithoutReview(), clock, null, metrics, XTier.PAY_PER_USE);
        Case c = store.givenOpenCase(new Case("c_m", CaseStatus.NEW, Priority.P2, Platform.MASTODON,
                new Author("9", "rio@fosstodon.org", "Rio", 3, false), "s-1", "s-1", "acme charger died", AGENT, "Care",
                "charger", T0, T0.plusSeconds(3600), null, null, false, null, false, 0, 0).toBuilder().replyToDirect(false).build());

        Result result = onMastodon.handle(Action.acknowledge(c.id(), new Mention(Platform.MASTODON, "s-1", c.customer(),
                c.firstWords(), T0, "s-1", null, false, false, "poll:mastodon")));

        assertThat(result).isEqualTo(Result.POSTED);
    }

    @Test
    void aThankYouAnswersPraiseThatAddressedTheBrandAndAnIncidentPostRepliesToNoOne() {
        ReplyService service = service(XTier.PAY_PER_USE, Brands.acmeWithoutReview());
        Action thanks = Action.thankYou(new Mention(Platform.X, "p-5", new Author("77", "fan_1", "Fan One", 5, false),
                "@AcmeHelp love my widget", T0, "p-5", null, true, false, "webhook:x"));

        assertThat(service.handle(thanks)).isEqualTo(Result.POSTED);
        assertThat(service.handle(Action.incidentResolved("i_1", Platform.X, "The app is back. Thank you for your patience.",
                AGENT))).isEqualTo(Result.POSTED);
        assertThat(x.posts()).hasSize(2);
    }

    @Test
    void aPolicyRefusalFromXIsRecordedAsXsRefusalWithItsReasonNotAsACredentialFailure() {
        Case c = rioCase(true);
        x.failNext(new PlatformException(PlatformException.Kind.REJECTED, "POST /2/tweets answered 403 (Forbidden: Reply to "
                + "this conversation is not allowed because you have not been mentioned or otherwise engaged by the author "
                + "of the post you are replying to.)", null, true));

        Result result = payPerUse.handle(Action.acknowledge(c.id(), postOf(c)));

        assertThat(result).isEqualTo(Result.REFUSED);
        assertThat(metrics.total(Metrics.Name.CredentialFailures)).isZero();
        assertThat(store.timeline(c.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
            assertThat(e.note()).contains("x refused it").contains("not been mentioned or otherwise engaged");
        });
    }

    @Test
    void theTierComesFromTheSettingThenTheBrandFileAndIsPayPerUseByDefault() {
        BrandConfig enterpriseBrand = Brands.merged("{\"x\": {\"tier\": \"enterprise\"}}");

        assertThat(XTier.of(new Settings(Map.of()), Brands.acme())).isEqualTo(XTier.PAY_PER_USE);
        assertThat(XTier.of(new Settings(Map.of()), enterpriseBrand)).isEqualTo(XTier.ENTERPRISE);
        assertThat(XTier.of(new Settings(Map.of("CARELOOP_X_TIER", "pay-per-use")), enterpriseBrand)).isEqualTo(XTier.PAY_PER_USE);
        assertThatThrownBy(() -> XTier.of(new Settings(Map.of("CARELOOP_X_TIER", "basic")), Brands.acme()))
                .hasMessageContaining("CARELOOP_X_TIER must be pay-per-use or enterprise");
        assertThatThrownBy(() -> Brands.merged("{\"x\": {\"tier\": \"pro\"}}")).hasMessageContaining("x.tier");
    }
}
