package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.NotPosted;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.core.Author;
import io.careloop.core.Mention;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Meta's messaging windows in a Messenger (or Instagram Direct) conversation the customer started: a standard
 * {@code RESPONSE} within 24 hours of their last message, a person's reply tagged {@code HUMAN_AGENT} within 7 days,
 * careloop's own messages not sent after 24 hours (a note says so) and nothing at all after 7 days (an alert says so).
 */
class MessengerWindowTest {
    private static final Instant LAST_MESSAGE = Instant.parse("2026-11-20T10:00:00Z");
    private static final Author NOOR = new Author("7123", "7123", "7123", 0, false);

    private final MutableClock clock = new MutableClock(LAST_MESSAGE);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();

    private FakeConnector meta(Platform platform) {
        return new FakeConnector(platform, null);
    }

    private ReplyService serviceOn(FakeConnector connector) {
        return new ReplyService(store, store, store, store, new Connectors(List.<PlatformConnector>of(connector)),
                Brands.acmeWithoutReview(), clock, null, metrics);
    }

    /** A case opened by Noor's Messenger message at {@link #LAST_MESSAGE}, on its timeline as a private message. */
    private Case messengerCase(Platform platform) {
        Case c = store.givenOpenCase(new Case("c_dm", CaseStatus.NEW, Priority.P2, platform, NOOR, "dm-7123", null,
                "my order never arrived", "Sam Lee", "Care", "delivery", LAST_MESSAGE,
                LAST_MESSAGE.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0));
        store.apply(CaseChange.of(c, c, new TimelineEntry(LAST_MESSAGE, TimelineKind.MESSAGE, "@7123",
                "my order never arrived", true, "m_1", "opened")));
        return store.getCase(c.id()).orElseThrow();
    }

    private static Action agentMessage(Case c, String key) {
        return Action.byAgent(c, ActionType.AGENT_REPLY, key, "Your parcel ships today from our Leeds depot.", true,
                "Sam Lee");
    }

    private static Action automaticAcknowledgement(Case c) {
        return Action.acknowledge(c.id(), new Mention(c.platform(), "m_1", NOOR, "my order never arrived", LAST_MESSAGE,
                "dm-7123", null, true, true, "webhook:meta"));
    }

    private TimelineEntry lastEntry(Case c) {
        List<TimelineEntry> timeline = store.timeline(c.id());
        return timeline.get(timeline.size() - 1);
    }

    @ParameterizedTest
    @EnumSource(value = Platform.class, names = {"FACEBOOK", "INSTAGRAM"})
    void exactly24HoursAfterTheCustomersMessageAnAutomaticMessageIsAStandardResponse(Platform platform) {
        FakeConnector meta = meta(platform);
        Case c = messengerCase(platform);
        clock.set(LAST_MESSAGE.plus(Duration.ofHours(24)));

        assertThat(serviceOn(meta).handle(automaticAcknowledgement(c))).isEqualTo(Result.POSTED);

        assertThat(meta.posts()).singleElement().satisfies(p -> {
            assertThat(p.isPrivate()).isTrue();
            assertThat(p.recipientId()).isEqualTo("7123");
            assertThat(p.messageTag()).isNull();
        });
    }

    @Test
    void aSecondAfter24HoursAnAutomaticMessageIsNotSentAndTheCaseSaysWhy() {
        FakeConnector meta = meta(Platform.FACEBOOK);
        Case c = messengerCase(Platform.FACEBOOK);
        clock.set(LAST_MESSAGE.plus(Duration.ofHours(24)).plusSeconds(1));
        Action ack = automaticAcknowledgement(c);

        assertThat(serviceOn(meta).handle(ack)).isEqualTo(Result.SKIPPED);

        assertThat(meta.calls()).isZero();
        assertThat(store.outbound(ack.key())).hasValueSatisfying(o -> assertThat(o.postId()).isEqualTo(NotPosted.NOT_SENT.stored()));
        assertThat(lastEntry(c)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.NOTE);
            assertThat(e.note()).contains("automatic acknowledge not sent").contains("more than 24 hours");
        });
    }

    @Test
    void aFollowUpAfter24HoursIsNotSentEither() {
        FakeConnector meta = meta(Platform.INSTAGRAM);
        Case c = messengerCase(Platform.INSTAGRAM);
        clock.set(LAST_MESSAGE.plus(Duration.ofHours(30)));

        Result result = serviceOn(meta).handle(Action.due(c, ActionType.FOLLOW_UP, clock.instant()));

        assertThat(result).isEqualTo(Result.SKIPPED);
        assertThat(meta.calls()).isZero();
    }

    @Test
    void aPersonsReplyAfter24HoursGoesWithTheHumanAgentTag() {
        FakeConnector meta = meta(Platform.FACEBOOK);
        Case c = messengerCase(Platform.FACEBOOK);
        clock.set(LAST_MESSAGE.plus(Duration.ofHours(24)).plusSeconds(1));

        assertThat(serviceOn(meta).handle(agentMessage(c, "k-24h"))).isEqualTo(Result.POSTED);

        assertThat(meta.posts()).singleElement().satisfies(p -> {
            assertThat(p.messageTag()).isEqualTo("HUMAN_AGENT");
            assertThat(p.recipientId()).isEqualTo("7123");
        });
    }

    @Test
    void exactlySevenDaysAfterAPersonsReplyStillGoesTagged() {
        FakeConnector meta = meta(Platform.INSTAGRAM);
        Case c = messengerCase(Platform.INSTAGRAM);
        clock.set(LAST_MESSAGE.plus(Duration.ofDays(7)));

        assertThat(serviceOn(meta).handle(agentMessage(c, "k-7d"))).isEqualTo(Result.POSTED);

        assertThat(meta.posts()).singleElement().satisfies(p -> assertThat(p.messageTag()).isEqualTo("HUMAN_AGENT"));
    }

    @Test
    void pastSevenDaysNothingIsSentAndTheAgentIsToldTheCustomerMustWriteAgain() {
        FakeConnector meta = meta(Platform.FACEBOOK);
        Case c = messengerCase(Platform.FACEBOOK);
        clock.set(LAST_MESSAGE.plus(Duration.ofDays(7)).plusSeconds(1));
        Action reply = agentMessage(c, "k-8d");

        assertThat(serviceOn(meta).handle(reply)).isEqualTo(Result.SKIPPED);

        assertThat(meta.calls()).isZero();
        assertThat(store.outbound(reply.key())).hasValueSatisfying(o -> assertThat(o.postId()).isEqualTo(NotPosted.NOT_SENT.stored()));
        assertThat(lastEntry(c)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
            assertThat(e.note()).contains("more than 7 days ago").contains("until they write again");
        });
    }

    @Test
    void theWindowRunsFromTheCustomersLatestMessageNotTheCaseOpening() {
        FakeConnector meta = meta(Platform.FACEBOOK);
        Case c = messengerCase(Platform.FACEBOOK);
        Instant later = LAST_MESSAGE.plus(Duration.ofDays(3));
        store.apply(CaseChange.of(c, c, new TimelineEntry(later, TimelineKind.MESSAGE, "@7123", "any news?", true, "m_2",
                "joined")));
        clock.set(later.plus(Duration.ofHours(2)));

        assertThat(serviceOn(meta).handle(automaticAcknowledgement(store.getCase(c.id()).orElseThrow())))
                .isEqualTo(Result.POSTED);
        assertThat(meta.posts()).singleElement().satisfies(p -> assertThat(p.messageTag()).isNull());
    }

    @Test
    void aPrivateReplyToACommentIsNotAMessengerConversationAndKeepsItsOwnSevenDayRule() {
        FakeConnector meta = meta(Platform.FACEBOOK);
        Case c = store.givenOpenCase(new Case("c_fb", CaseStatus.NEW, Priority.P2, Platform.FACEBOOK, NOOR, "post-9", "c-1",
                "my order never arrived", "Sam Lee", "Care", "delivery", LAST_MESSAGE,
                LAST_MESSAGE.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0));
        clock.set(LAST_MESSAGE.plus(Duration.ofDays(2)));

        assertThat(serviceOn(meta).handle(agentMessage(c, "k-comment"))).isEqualTo(Result.POSTED);

        assertThat(meta.posts()).singleElement().satisfies(p -> {
            assertThat(p.inReplyTo()).isEqualTo("c-1");
            assertThat(p.messageTag()).isNull();
        });
    }
}
