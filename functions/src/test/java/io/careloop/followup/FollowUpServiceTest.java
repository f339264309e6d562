package io.careloop.followup;

import io.careloop.cases.TimelineKind;
import io.careloop.testing.RecordingMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FollowUpServiceTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private static final Instant OPENED = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();

    private FollowUpService service() {
        return new FollowUpService(store, store, store, actions, clock, metrics);
    }

    /** A public X case opened at 09:00 with a one-hour (P2) first-response deadline, unanswered. */
    private static Case aCase(String id, CaseStatus status) {
        return new Case(id, status, Priority.P2, Platform.X, new Author("42", "dana_k", "Dana Kim", 10, false),
                "t-" + id, "m-" + id, "My widget stopped charging", null, "support", "widget", OPENED,
                OPENED.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0);
    }

    private Case given(Case c, DueItem item) {
        Case stored = store.givenOpenCase(c);
        store.givenDue(item);
        return stored;
    }

    private Case stored(String id) {
        return store.getCase(id).orElseThrow();
    }

    private Instant minutesAgo(int minutes) {
        return clock.instant().minus(Duration.ofMinutes(minutes));
    }

    // ---- FIRST_RESPONSE_SLA ------------------------------------------------------------------

    @Test
    void anUnansweredFirstResponseDeadlineFlagsTheCaseWithoutMessagingTheCustomer() {
        Case c = aCase("c_sla", CaseStatus.NEW);
        given(c, new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsExactly(Map.entry(DueKind.FIRST_RESPONSE_SLA, 1));
        assertThat(stored(c.id()).slaBreached()).isTrue();
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.NEW);
        assertThat(store.timeline(c.id())).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.SLA);
            assertThat(e.actor()).isEqualTo("careloop");
            assertThat(e.at()).isEqualTo(clock.instant());
            assertThat(e.note()).contains(c.firstResponseDue().toString()).contains("P2");
        });
        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDue()).isEmpty();
    }

    @Test
    void aDeadlineThatWasMetIsClearedWithoutABreach() {
        Case answered = aCase("c_met", CaseStatus.ACKNOWLEDGED).toBuilder()
                .firstResponseAt(OPENED.plus(Duration.ofMinutes(20))).build();
        given(answered, new DueItem(answered.id(), DueKind.FIRST_RESPONSE_SLA, answered.firstResponseDue()));

        service().run();

        assertThat(stored(answered.id()).slaBreached()).isFalse();
        assertThat(store.timeline(answered.id())).isEmpty();
        assertThat(store.allDue()).isEmpty();
        assertThat(actions.sent()).isEmpty();
    }

    // ---- PROMISE -------------------------------------------------------------------------------

    @Test
    void aPromiseThatFallsDueTellsTheCustomerRecordsTheBreachAndEscalates() {
        Case c = aCase("c_promise", CaseStatus.ACKNOWLEDGED).toBuilder().assignee("Ana").build();
        Instant promisedBy = minutesAgo(5);
        given(c, new DueItem(c.id(), DueKind.PROMISE, promisedBy));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsExactly(Map.entry(DueKind.PROMISE, 1));
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.PROMISE_UPDATE);
            assertThat(a.key()).isEqualTo(c.id() + "#PROMISE_UPDATE#" + promisedBy.toEpochMilli());
            assertThat(a.caseId()).isEqualTo(c.id());
            assertThat(a.inReplyTo()).isEqualTo(c.replyTo());
            assertThat(a.isPrivate()).isFalse();
            assertThat(a.actor()).isEqualTo(Action.CARELOOP);
        });
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(store.timeline(c.id())).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.PROMISE);
            assertThat(e.note()).contains(promisedBy.toString()).contains("not kept");
        });
        assertThat(store.allDue()).isEmpty();
    }

    @Test
    void aPromiseKeptByAReplyBeforeItsTimeSendsNothing() {
        Case c = store.givenOpenCase(aCase("c_kept", CaseStatus.ACKNOWLEDGED));
        store.givenDue(new DueItem(c.id(), DueKind.PROMISE, clock.instant().plus(Duration.ofHours(1))));
        // The agent's news reached the customer: the reply's case change clears the promise, as ReplyService does.
        store.apply(CaseChange.of(c, c, new TimelineEntry(clock.instant(), TimelineKind.REPLY, "Ana", "Fixed!", false, "p1", null))
                .clearingDue(DueKind.PROMISE));
        clock.advance(Duration.ofHours(2));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).isEmpty();
        assertThat(actions.sent()).isEmpty();
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    }

    // ---- HANDOFF_UPDATE ------------------------------------------------------------------------

    @Test
    void aHandedOffCaseGetsAProgressUpdateAndTheNextOneIsScheduledAnIntervalLater() {
        Case c = aCase("c_handoff", CaseStatus.HANDED_OFF).toBuilder().team("billing").build();
        Instant due = minutesAgo(1);
        Duration every = Duration.ofHours(4);
        given(c, new DueItem(c.id(), DueKind.HANDOFF_UPDATE, due, every));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsExactly(Map.entry(DueKind.HANDOFF_UPDATE, 1));
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.PROGRESS_UPDATE);
            assertThat(a.key()).isEqualTo(c.id() + "#PROGRESS_UPDATE#" + due.toEpochMilli());
        });
        assertThat(store.allDue()).containsExactly(new DueItem(c.id(), DueKind.HANDOFF_UPDATE, due.plus(every), every));
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.HANDED_OFF);

        clock.advance(every);
        service().run();

        assertThat(actions.sent(ActionType.PROGRESS_UPDATE)).extracting(Action::key).containsExactly(
                c.id() + "#PROGRESS_UPDATE#" + due.toEpochMilli(),
                c.id() + "#PROGRESS_UPDATE#" + due.plus(every).toEpochMilli());
    }

    @Test
    void aHandOffUpdateForACaseNoLongerHandedOffIsDropped() {
        Case c = aCase("c_back", CaseStatus.PRIVATE);
        given(c, new DueItem(c.id(), DueKind.HANDOFF_UPDATE, minutesAgo(1), Duration.ofHours(4)));

        service().run();

        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDue()).isEmpty();
    }

    @Test
    void aLateHandOffUpdateDoesNotQueueACatchUpBurst() {
        Case c = aCase("c_late", CaseStatus.HANDED_OFF);
        Duration every = Duration.ofHours(4);
        given(c, new DueItem(c.id(), DueKind.HANDOFF_UPDATE, clock.instant().minus(Duration.ofHours(13)), every));

        service().run();
        clock.advance(Duration.ofMinutes(1));
        service().run();

        assertThat(actions.sent(ActionType.PROGRESS_UPDATE)).hasSize(1);
        assertThat(store.allDue()).singleElement().satisfies(d -> assertThat(d.dueAt()).isAfter(clock.instant()));
    }

    // ---- FOLLOW_UP and CLOSE_LOOP --------------------------------------------------------------

    @Test
    void aQuietAcknowledgedCustomerGetsOneCheckInAndTheItemIsCleared() {
        Case c = aCase("c_quiet", CaseStatus.ACKNOWLEDGED);
        Instant due = minutesAgo(2);
        given(c, new DueItem(c.id(), DueKind.FOLLOW_UP, due));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsExactly(Map.entry(DueKind.FOLLOW_UP, 1));
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.FOLLOW_UP);
            assertThat(a.key()).isEqualTo(c.id() + "#FOLLOW_UP#" + due.toEpochMilli());
            assertThat(a.inReplyTo()).isEqualTo(c.replyTo());
        });
        assertThat(store.allDue()).isEmpty();
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    }

    @Test
    void aCheckInIsNotSentOnceTheConversationMovedOn() {
        Case c = aCase("c_private", CaseStatus.PRIVATE);
        given(c, new DueItem(c.id(), DueKind.FOLLOW_UP, minutesAgo(2)));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsExactly(Map.entry(DueKind.FOLLOW_UP, 1));
        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDue()).isEmpty();
    }

    @Test
    void aResolvedCaseGetsItsCloseTheLoopMessageAndIsClosedOnlyWhenThatMessageIsPosted() {
        Case c = aCase("c_resolved", CaseStatus.RESOLVED).toBuilder().resolvedAt(OPENED.plus(Duration.ofHours(1))).build();
        Instant due = minutesAgo(3);
        given(c, new DueItem(c.id(), DueKind.CLOSE_LOOP, due));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsExactly(Map.entry(DueKind.CLOSE_LOOP, 1));
        assertThat(actions.sent()).hasSize(2);
        assertThat(actions.sent().get(0)).satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.CLOSE_LOOP);
            assertThat(a.key()).isEqualTo(c.id() + "#CLOSE_LOOP#" + due.toEpochMilli());
        });
        // then, after it on the case's queue group, the satisfaction survey, privately and once per case
        assertThat(actions.sent().get(1)).satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.CSAT_SURVEY);
            assertThat(a.isPrivate()).isTrue();
            assertThat(a.key()).isEqualTo(c.id() + "#CSAT_SURVEY");
        });
        assertThat(store.allDue()).isEmpty();
        // The schedule only queues the message; the reply function closes the case once it is posted.
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.RESOLVED);
    }

    @Test
    void aPrivateCaseIsFollowedUpPrivately() {
        Case c = aCase("c_dm", CaseStatus.ACKNOWLEDGED).toBuilder().replyTo(null).build();
        given(c, new DueItem(c.id(), DueKind.FOLLOW_UP, minutesAgo(1)));

        service().run();

        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.isPrivate()).isTrue();
            assertThat(a.inReplyTo()).isNull();
        });
    }

    // ---- gone, closed, repeated ----------------------------------------------------------------

    @Test
    void anItemForACaseThatIsGoneIsClearedAndNothingIsSent() {
        store.givenDue(new DueItem("c_gone", DueKind.FOLLOW_UP, minutesAgo(1)));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).isEmpty();
        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDue()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = DueKind.class, names = {"FOLLOW_UP", "CLOSE_LOOP", "PROMISE", "HANDOFF_UPDATE"})
    void anItemForAClosedCaseIsClearedAndNothingIsSent(DueKind kind) {
        Case c = aCase("c_closed", CaseStatus.CLOSED);
        given(c, new DueItem(c.id(), kind, minutesAgo(1), kind == DueKind.HANDOFF_UPDATE ? Duration.ofHours(4) : null));

        service().run();

        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDue()).isEmpty();
        assertThat(stored(c.id()).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(store.timeline(c.id())).isEmpty();
    }

    @Test
    void aFirstResponseDeadlineOfACaseClosedWithoutAReplyIsClearedWithoutABreach() {
        Case c = aCase("c_closed_unanswered", CaseStatus.CLOSED);
        given(c, new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));

        service().run();

        assertThat(stored(c.id()).slaBreached()).isFalse();
        assertThat(store.timeline(c.id())).isEmpty();
        assertThat(store.allDue()).isEmpty();
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aSecondRunAtTheSameTimeQueuesNothingMore() {
        Case quiet = aCase("c_a", CaseStatus.ACKNOWLEDGED);
        Case promised = aCase("c_b", CaseStatus.ACKNOWLEDGED);
        given(quiet, new DueItem(quiet.id(), DueKind.FOLLOW_UP, minutesAgo(1)));
        given(promised, new DueItem(promised.id(), DueKind.PROMISE, minutesAgo(1)));
        service().run();
        List<Action> first = actions.sent();

        Map<DueKind, Integer> again = service().run();

        assertThat(first).hasSize(2);
        assertThat(again).isEmpty();
        assertThat(actions.sent()).isEqualTo(first);
    }

    @Test
    void aRunRepeatedBeforeItsItemsWereClearedQueuesTheSameKeys() {
        Case c = aCase("c_crash", CaseStatus.ACKNOWLEDGED);
        DueItem item = new DueItem(c.id(), DueKind.FOLLOW_UP, minutesAgo(1));
        given(c, item);
        service().run();
        // A run that died between queueing and clearing leaves the item behind; the next run finds it again.
        store.givenDue(item);
        clock.advance(Duration.ofMinutes(1));

        service().run();

        assertThat(actions.sent()).hasSize(2);
        assertThat(actions.sent()).extracting(Action::key).containsOnly(c.id() + "#FOLLOW_UP#" + item.dueAt().toEpochMilli());
    }

    @Test
    void nothingDueDoesNothing() {
        Case c = aCase("c_future", CaseStatus.ACKNOWLEDGED);
        DueItem later = new DueItem(c.id(), DueKind.FOLLOW_UP, clock.instant().plus(Duration.ofMinutes(1)));
        given(c, later);

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).isEmpty();
        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDue()).containsExactly(later);
    }

    @Test
    void eachKindIsCountedOnceInAMixedRun() {
        Case sla = aCase("c_1", CaseStatus.NEW);
        Case quiet = aCase("c_2", CaseStatus.ACKNOWLEDGED);
        Case resolved = aCase("c_3", CaseStatus.RESOLVED);
        given(sla, new DueItem(sla.id(), DueKind.FIRST_RESPONSE_SLA, sla.firstResponseDue()));
        given(quiet, new DueItem(quiet.id(), DueKind.FOLLOW_UP, minutesAgo(1)));
        given(resolved, new DueItem(resolved.id(), DueKind.CLOSE_LOOP, minutesAgo(1)));

        Map<DueKind, Integer> handled = service().run();

        assertThat(handled).containsOnly(Map.entry(DueKind.FIRST_RESPONSE_SLA, 1), Map.entry(DueKind.FOLLOW_UP, 1),
                Map.entry(DueKind.CLOSE_LOOP, 1));
        assertThat(actions.sent()).extracting(Action::type).containsExactlyInAnyOrder(ActionType.FOLLOW_UP,
                ActionType.CLOSE_LOOP, ActionType.CSAT_SURVEY);
        assertThat(store.allDue()).isEmpty();
    }
}
