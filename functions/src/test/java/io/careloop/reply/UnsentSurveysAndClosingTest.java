package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.NotPosted;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.platform.PlatformConnector;
import io.careloop.reply.ReplyService.Result;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Private steps that cannot go privately, and close-the-loop messages that cannot go at all: what reaches the
 * platform (nothing public in their place), what the ledger settles, and what the case says and becomes.
 */
class UnsentSurveysAndClosingTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:03:00Z");
    private static final Author DANA = new Author("did:plc:dana", "dana.bsky.social", "Dana Kim", 10, false);
    private static final Author NOOR = new Author("7123", "7123", "7123", 0, false);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryStore store = new InMemoryStore(clock);

    private ReplyService serviceOn(FakeConnector connector, BrandConfig brand) {
        return new ReplyService(store, store, store, store, new Connectors(List.<PlatformConnector>of(connector)), brand,
                clock, null, new RecordingMetrics());
    }

    private ReplyService serviceOn(FakeConnector connector) {
        return serviceOn(connector, Brands.acmeWithoutReview());
    }

    /** Dana's case from her public post m-1, resolved a minute ago: the loop is closed next, then the survey asked. */
    private Case resolvedPublicCase(Platform platform) {
        return resolved(store.givenOpenCase(new Case("c_1", CaseStatus.NEW, Priority.P2, platform, DANA, "t-1", "m-1",
                "my widget broke", "Sam Lee", "Care", "widget", T0.minus(Duration.ofHours(2)), T0.plus(Duration.ofMinutes(50)),
                null, null, false, null, false, 0, 0).toBuilder().status(CaseStatus.ACKNOWLEDGED)
                .firstResponseAt(T0.minus(Duration.ofHours(1))).build()));
    }

    /** An agent resolved the open case a minute ago; the customer still belongs to it until the loop is closed. */
    private Case resolved(Case open) {
        store.apply(CaseChange.of(open, open.resolvedAt(T0.minusSeconds(60)), new TimelineEntry(T0.minusSeconds(60),
                TimelineKind.STATUS, "Sam Lee", null, true, null, "resolved")));
        return store.getCase(open.id()).orElseThrow();
    }

    /** A case Noor opened by a private message (no public post to answer), resolved a minute ago. */
    private Case resolvedPrivateCase(Platform platform, Instant lastMessage) {
        Case c = store.givenOpenCase(new Case("c_dm", CaseStatus.NEW, Priority.P2, platform, NOOR, "dm-7123", null,
                "my order never arrived", "Sam Lee", "Care", "delivery", lastMessage, lastMessage.plus(Duration.ofHours(1)),
                null, null, false, null, false, 0, 0).toBuilder().status(CaseStatus.ACKNOWLEDGED)
                .firstResponseAt(lastMessage.plusSeconds(60)).build());
        store.apply(CaseChange.of(c, c, new TimelineEntry(lastMessage, TimelineKind.MESSAGE, "@7123",
                "my order never arrived", true, "m_1", "opened")));
        return resolved(store.getCase(c.id()).orElseThrow());
    }

    private Case stored(Case c) {
        return store.getCase(c.id()).orElseThrow();
    }

    private TimelineEntry lastEntry(Case c) {
        List<TimelineEntry> timeline = store.timeline(c.id());
        return timeline.get(timeline.size() - 1);
    }

    private void assertSettledNotSent(Action a) {
        assertThat(store.outbound(a.key())).hasValueSatisfying(o -> {
            assertThat(o.state()).isEqualTo("POSTED"); // settled: never retried
            assertThat(o.postId()).isEqualTo(NotPosted.NOT_SENT.stored());
        });
    }

    /** Nothing on the case says the survey was asked: a later rating is not taken as its answer. */
    private void assertNotSurveyed(Case c) {
        assertThat(store.timeline(c.id())).noneSatisfy(e -> assertThat(e.kind()).isEqualTo(TimelineKind.REPLY));
    }

    // ---- the survey is asked privately or not at all ------------------------------------------------------

    @Test
    void onAPlatformWithoutPrivateMessagesTheSurveyIsNotSentAndNeverBecomesAPublicPost() {
        FakeConnector threads = new FakeConnector(Platform.THREADS, null).withoutPrivateMessages();
        Case c = resolvedPublicCase(Platform.THREADS);
        Action survey = Action.csatSurvey(c, T0);

        assertThat(serviceOn(threads).handle(survey)).isEqualTo(Result.SKIPPED);

        assertThat(threads.calls()).isZero();
        assertSettledNotSent(survey);
        assertThat(lastEntry(c)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.NOTE);
            assertThat(e.ref()).isEqualTo(survey.key());
            assertThat(e.note()).isEqualTo("satisfaction survey not sent: threads has no private messages; "
                    + "it is only ever asked privately");
        });
        assertNotSurveyed(c);
    }

    @Test
    void aCustomerWhoRefusesDirectMessagesIsNotAskedTheSurveyInPublic() {
        FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null)
                .refusingPrivateMessages("the customer does not accept direct messages from the brand");
        Case c = resolvedPublicCase(Platform.BLUESKY);
        Action survey = Action.csatSurvey(c, T0);

        assertThat(serviceOn(bluesky).handle(survey)).isEqualTo(Result.SKIPPED);

        assertThat(bluesky.posts()).isEmpty();
        assertSettledNotSent(survey);
        assertThat(lastEntry(c).note()).isEqualTo("satisfaction survey not sent: the customer does not accept direct "
                + "messages from the brand; it is only ever asked privately");
        assertNotSurveyed(c);
    }

    @Test
    void pastMetasSevenDaysForAPrivateReplyToTheCommentTheSurveyIsNotSent() {
        FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null);
        Case c = store.givenOpenCase(resolvedPublicCase(Platform.FACEBOOK).toBuilder().threadId("post-9").replyTo("c-1")
                .createdAt(T0.minus(PrivateRoutes.PRIVATE_REPLY_WINDOW).minusSeconds(60)).build());
        Action survey = Action.csatSurvey(c, T0);

        assertThat(serviceOn(facebook).handle(survey)).isEqualTo(Result.SKIPPED);

        assertThat(facebook.posts()).isEmpty();
        assertSettledNotSent(survey);
        assertThat(lastEntry(c).note()).startsWith("satisfaction survey not sent: Meta's 7 days");
        assertNotSurveyed(c);
    }

    @Test
    void aSurveyThatCanGoPrivatelyStillGoesAsADirectMessage() {
        FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null);
        Case c = resolvedPublicCase(Platform.BLUESKY);

        assertThat(serviceOn(bluesky).handle(Action.csatSurvey(c, T0))).isEqualTo(Result.POSTED);

        assertThat(bluesky.posts()).singleElement().satisfies(p -> {
            assertThat(p.isPrivate()).isTrue();
            assertThat(p.recipientId()).isEqualTo("did:plc:dana");
        });
    }

    // ---- a customer who wrote privately is never answered in public -----------------------------------------

    @Test
    void aPrivateReplyToACustomerWhoWrotePrivatelyIsNotSentWhereItCannotGoPrivately() {
        FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null)
                .refusingPrivateMessages("the customer no longer accepts direct messages from the brand");
        Case c = resolvedPrivateCase(Platform.BLUESKY, T0.minus(Duration.ofHours(1)));
        Action privately = Action.byAgent(c, ActionType.AGENT_REPLY, "k-1", "Your order 123456 ships today.", true,
                "Sam Lee");

        assertThat(serviceOn(bluesky).handle(privately)).isEqualTo(Result.SKIPPED);

        assertThat(bluesky.posts()).as("no public post tagging the customer").isEmpty();
        assertSettledNotSent(privately);
        assertThat(lastEntry(c)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.NOTE);
            assertThat(e.note()).startsWith("private agent reply not sent: the customer no longer accepts direct "
                    + "messages from the brand, and the customer wrote privately");
        });
    }

    // ---- a close-the-loop that does not go out still closes the case -------------------------------------------

    @Test
    void aCloseTheLoopBlockedByTheGuardrailsStillClosesTheCaseAndReleasesTheCustomer() {
        FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null);
        Case c = resolvedPublicCase(Platform.BLUESKY);
        store.givenDue(new DueItem(c.id(), DueKind.FOLLOW_UP, T0.plus(Duration.ofHours(1))));
        assertThat(store.openCaseOf("bluesky#did:plc:dana")).isPresent();
        Action closeLoop = Action.due(c, ActionType.CLOSE_LOOP, T0);

        Result result = serviceOn(bluesky, acmeWithTemplate("close_loop",
                "{greeting}Here is a voucher for the trouble. {signature}")).handle(closeLoop);

        assertThat(result).isEqualTo(Result.SKIPPED);
        assertThat(bluesky.posts()).isEmpty();
        assertThat(stored(c).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(store.allDue()).isEmpty();
        assertThat(store.openCaseOf("bluesky#did:plc:dana")).as("the next mention opens a new case").isEmpty();
        assertThat(lastEntry(c)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
            assertThat(e.note()).startsWith("not posted: guardrail no-compensation");
        });
    }

    @Test
    void anAutomaticCloseTheLoopOutsideMetasMessagingWindowStillClosesTheCase() {
        FakeConnector messenger = new FakeConnector(Platform.FACEBOOK, null);
        Case c = resolvedPrivateCase(Platform.FACEBOOK, T0.minus(Duration.ofDays(2)));
        assertThat(store.openCaseOf("facebook#7123")).isPresent();
        Action closeLoop = Action.due(c, ActionType.CLOSE_LOOP, T0);

        assertThat(serviceOn(messenger).handle(closeLoop)).isEqualTo(Result.SKIPPED);

        assertThat(messenger.calls()).isZero();
        assertSettledNotSent(closeLoop);
        assertThat(stored(c).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(store.openCaseOf("facebook#7123")).isEmpty();
    }

    @Test
    void aCloseTheLoopThatCannotGoPrivatelyToACustomerWhoWrotePrivatelyStillClosesTheCase() {
        FakeConnector threads = new FakeConnector(Platform.THREADS, null).withoutPrivateMessages();
        Case c = resolvedPrivateCase(Platform.THREADS, T0.minus(Duration.ofHours(3)));
        assertThat(store.openCaseOf("threads#7123")).isPresent();
        Action closeLoop = Action.due(c, ActionType.CLOSE_LOOP, T0);

        assertThat(serviceOn(threads).handle(closeLoop)).isEqualTo(Result.SKIPPED);

        assertThat(threads.calls()).isZero();
        assertThat(stored(c).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(store.openCaseOf("threads#7123")).isEmpty();
    }

    // ---- Meta's window: a survey is automatic, approved or not ------------------------------------------------

    @Test
    void anApprovedSurveyDraftPast24HoursIsNotSentUnderTheHumanAgentTag() {
        FakeConnector messenger = new FakeConnector(Platform.FACEBOOK, null);
        Case c = resolvedPrivateCase(Platform.FACEBOOK, T0.minus(Duration.ofDays(3)));
        Action approved = Action.csatSurvey(c, T0).approvedWith("How would you rate the help you got, from 1 to 5?");

        assertThat(serviceOn(messenger).handle(approved)).isEqualTo(Result.SKIPPED);

        assertThat(messenger.calls()).isZero();
        assertSettledNotSent(approved);
        assertThat(lastEntry(c).note()).contains("not sent").contains("more than 24 hours");
        assertNotSurveyed(c);
    }

    @Test
    void anApprovedSurveyWithin24HoursGoesAsAStandardResponse() {
        FakeConnector messenger = new FakeConnector(Platform.FACEBOOK, null);
        Case c = resolvedPrivateCase(Platform.FACEBOOK, T0.minus(Duration.ofHours(5)));
        Action approved = Action.csatSurvey(c, T0).approvedWith("How would you rate the help you got, from 1 to 5?");

        assertThat(serviceOn(messenger).handle(approved)).isEqualTo(Result.POSTED);

        assertThat(messenger.posts()).singleElement().satisfies(p -> {
            assertThat(p.isPrivate()).isTrue();
            assertThat(p.messageTag()).isNull();
        });
    }

    /** Acme without review, with one template reworded. */
    private static BrandConfig acmeWithTemplate(String name, String words) {
        return Brands.merged("{\"policy\": {\"review\": {\"default\": \"auto\"}}, \"templates\": {\"" + name
                + "\": \"" + words + "\"}}");
    }
}
