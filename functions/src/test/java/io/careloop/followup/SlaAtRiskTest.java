package io.careloop.followup;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.events.CareEvent;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A case still waiting for its first response is reported "SLA At Risk" once 80 % of the time from its opening to
 * its deadline has gone, on the team's clock, once, and never once it was answered.
 */
class SlaAtRiskTest {
    /** Monday 09:00 UTC. */
    private static final Instant OPENED = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = new MutableClock(OPENED);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final List<CareEvent> events = new ArrayList<>();

    private FollowUpService followUp(BrandConfig brand) {
        return new FollowUpService(store, store, store, new RecordingActionQueue(), clock, new RecordingMetrics(),
                events::add, brand);
    }

    /** A case opened at {@code opened} by triage: its deadline on the due index, no first response yet. */
    private Case waitingCase(String id, Priority priority, String team, Instant opened, Instant due) {
        Case c = store.givenOpenCase(new Case(id, CaseStatus.NEW, priority, Platform.X,
                new Author("42-" + id, "dana_k", "Dana Kim", 10, false), "t-" + id, "m-" + id, "My widget caught fire",
                "Ana Kim", team, "widget", opened, due, null, null, false, null, false, 0, 0));
        store.givenDue(new DueItem(id, DueKind.FIRST_RESPONSE_SLA, due));
        return c;
    }

    private List<CareEvent> atRisk() {
        return events.stream().filter(e -> e.type() == CareEvent.Type.SLA_AT_RISK).toList();
    }

    @Test
    void aWaitingCaseIsReportedAtEightyPercentOfItsDeadlineAndNotBefore() {
        FollowUpService followUp = followUp(Brands.acme());
        waitingCase("c_p1", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));

        clock.set(OPENED.plus(Duration.ofMinutes(11)).plusSeconds(59));
        followUp.run();
        assertThat(atRisk()).isEmpty();

        clock.set(OPENED.plus(Duration.ofMinutes(12)));
        followUp.run();

        assertThat(atRisk()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("c_p1");
            assertThat(e.at()).isEqualTo(OPENED.plus(Duration.ofMinutes(12)));
            assertThat(e.detail()).containsEntry("priority", "P1").containsEntry("team", "Care")
                    .containsEntry("assignee", "Ana Kim").containsEntry("platform", "x")
                    .containsEntry("firstResponseDue", "2026-11-23T09:15:00Z").containsEntry("secondsLeft", 180L);
        });
        assertThat(store.getCaseWithTimeline("c_p1").orElseThrow().timeline())
                .anySatisfy(t -> {
                    assertThat(t.kind()).isEqualTo(TimelineKind.SLA);
                    assertThat(t.note()).contains("80 % gone").contains("3 min left");
                });
    }

    @Test
    void aCaseIsReportedOnceHoweverManyRunsAndInstancesLookAtIt() {
        waitingCase("c_once", Priority.P2, "Care", OPENED, OPENED.plus(Duration.ofHours(1)));
        FollowUpService first = followUp(Brands.acme());
        FollowUpService second = followUp(Brands.acme()); // another instance: nothing remembered in memory

        clock.set(OPENED.plus(Duration.ofMinutes(48)));
        first.run();
        second.run();
        clock.set(OPENED.plus(Duration.ofMinutes(50)));
        first.run();
        second.run();

        assertThat(atRisk()).singleElement().extracting(CareEvent::subject).isEqualTo("c_once");
        assertThat(store.findDue(OPENED.plus(Duration.ofHours(1)), 10))
                .extracting(DueItem::kind).containsExactlyInAnyOrder(DueKind.FIRST_RESPONSE_SLA, DueKind.FIRST_RESPONSE_AT_RISK);
    }

    @Test
    void theMarkerGoesWithTheDeadlineAndTheBreachIsStillReported() {
        FollowUpService followUp = followUp(Brands.acme());
        waitingCase("c_breach", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));

        clock.set(OPENED.plus(Duration.ofMinutes(13)));
        followUp.run();
        clock.set(OPENED.plus(Duration.ofMinutes(16)));
        followUp.run();

        assertThat(events).extracting(CareEvent::type)
                .containsExactly(CareEvent.Type.SLA_AT_RISK, CareEvent.Type.SLA_BREACHED);
        assertThat(store.findDue(OPENED.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void aDeadlineAlreadyPassedIsABreachNotARisk() {
        FollowUpService followUp = followUp(Brands.acme());
        waitingCase("c_late", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));

        clock.set(OPENED.plus(Duration.ofMinutes(20))); // the schedule did not run in between
        followUp.run();

        assertThat(events).extracting(CareEvent::type).containsExactly(CareEvent.Type.SLA_BREACHED);
    }

    @Test
    void aCaseAnsweredBeforeEightyPercentIsNeverReported() {
        FollowUpService followUp = followUp(Brands.acme());
        Case c = waitingCase("c_answered", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));
        clock.set(OPENED.plus(Duration.ofMinutes(5)));
        followUp.run();

        // The acknowledgement goes out: the reply path records it and clears the deadline.
        clock.set(OPENED.plus(Duration.ofMinutes(6)));
        store.apply(new io.careloop.cases.CaseChange(c, c.withFirstResponseAt(clock.instant()), List.of(), List.of(),
                List.of(DueKind.FIRST_RESPONSE_SLA), false, false));
        clock.set(OPENED.plus(Duration.ofMinutes(13)));
        followUp.run();

        assertThat(events).isEmpty();
    }

    @Test
    void aCaseAnsweredWhoseDeadlineIsStillOnTheIndexIsNotReported() {
        FollowUpService followUp = followUp(Brands.acme());
        Case c = waitingCase("c_racing", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));
        // answered, but the index still shows the deadline (it is read eventually consistently)
        store.apply(new io.careloop.cases.CaseChange(c, c.withFirstResponseAt(OPENED.plus(Duration.ofMinutes(11))),
                List.of(), List.of(), List.of(), false, false));

        clock.set(OPENED.plus(Duration.ofMinutes(13)));
        followUp.run();

        assertThat(events).isEmpty();
    }

    @Test
    void onABusinessClockEightyPercentCountsOnlyTheTeamsHours() {
        // Mon–Fri 09:00–17:00 London (UTC in November); the deadline runs only while the team is in.
        BrandConfig brand = Brands.merged("""
                {"teams": {"Care": {"timeZone": "Europe/London", "slaClock": "business",
                  "hours": {"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00",
                            "fri": "09:00-17:00"}}}}
                """);
        FollowUpService followUp = followUp(brand);
        // Opened Friday 16:00 as a P3 (4 h): 1 h on Friday, 3 h on Monday, due Monday 12:00.
        Instant friday = Instant.parse("2026-11-27T16:00:00Z");
        Instant due = brand.team("Care").deadline(friday, Priority.P3.defaultFirstResponseSla());
        assertThat(due).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        waitingCase("c_weekend", Priority.P3, "Care", friday, due);

        // 80 % of the calendar time (68 h) would be Sunday 14:24; the team is out all weekend.
        clock.set(Instant.parse("2026-11-29T14:30:00Z"));
        followUp.run();
        clock.set(Instant.parse("2026-11-30T11:11:00Z"));
        followUp.run();
        assertThat(atRisk()).isEmpty();

        // 80 % of 4 working hours is 3 h 12 min: 1 h on Friday and 2 h 12 min on Monday.
        clock.set(Instant.parse("2026-11-30T11:12:00Z"));
        followUp.run();

        assertThat(atRisk()).singleElement().satisfies(e -> assertThat(e.detail())
                .containsEntry("firstResponseDue", "2026-11-30T12:00:00Z").containsEntry("secondsLeft", 48L * 60));
    }

    @Test
    void anOverdueBacklogLargerThanAPageDoesNotHideADeadlineAtRisk() {
        SlaAtRisk atRisk = new SlaAtRisk(store, store, Brands.acme(), events::add);
        // Work already due before now (the breach path's and the schedule's), more than one read returns.
        for (int i = 0; i <= SlaAtRisk.WINDOW_LIMIT; i++) {
            store.givenDue(new DueItem("c_old" + i, i % 2 == 0 ? DueKind.FIRST_RESPONSE_SLA : DueKind.FOLLOW_UP,
                    OPENED.minus(Duration.ofHours(2)).plusSeconds(i)));
        }
        waitingCase("c_p1", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));

        assertThat(atRisk.run(OPENED.plus(Duration.ofMinutes(12)))).isEqualTo(1);

        assertThat(atRisk()).singleElement().extracting(CareEvent::subject).isEqualTo("c_p1");
    }

    @Test
    void aWindowFullerThanAPageIsReadOnUntilItsLaterDeadlinesAtRisk() {
        SlaAtRisk atRisk = new SlaAtRisk(store, store, Brands.acme(), events::add);
        Instant now = OPENED.plus(Duration.ofMinutes(12));
        // Other work due between now and the deadline, two and a half pages of it, some at one shared instant.
        for (int i = 0; i < SlaAtRisk.WINDOW_LIMIT * 5 / 2; i++) {
            store.givenDue(new DueItem("c_later" + i, i % 3 == 0 ? DueKind.PROMISE : DueKind.HANDOFF_UPDATE,
                    now.plusMillis(1 + i / 4)));
        }
        waitingCase("c_p1", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));

        assertThat(atRisk.run(now)).isEqualTo(1);
        assertThat(atRisk.run(now.plusSeconds(30))).as("reported once, its marker found pages in").isZero();

        assertThat(atRisk()).singleElement().extracting(CareEvent::subject).isEqualTo("c_p1");
    }

    @Test
    void theWindowReachesTheLongestSlaLeftOnEveryTeamsClock() {
        BrandConfig brand = Brands.merged("""
                {"teams": {"Care": {"timeZone": "Europe/London", "slaClock": "business",
                  "hours": {"mon": "09:00-17:00", "fri": "09:00-17:00"}}}}
                """);
        SlaAtRisk atRisk = new SlaAtRisk(store, store, brand, events::add);
        // 20 % of P4's 24 h is 4 h 48 min: around the clock that is Friday 21:48; on Care's clock it runs out
        // on Monday (1 h on Friday, 3 h 48 min on Monday), the furthest any deadline at risk now can be.
        assertThat(atRisk.horizon(Instant.parse("2026-11-27T16:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T12:49:00Z"));
    }

    @Test
    void withoutABrandNoDeadlineIsLookedAt() {
        FollowUpService followUp = new FollowUpService(store, store, store, new RecordingActionQueue(), clock,
                new RecordingMetrics());
        waitingCase("c_quiet", Priority.P1, "Care", OPENED, OPENED.plus(Duration.ofMinutes(15)));

        clock.set(OPENED.plus(Duration.ofMinutes(13)));
        followUp.run();

        assertThat(store.findDue(OPENED.plus(Duration.ofDays(1)), 10)).extracting(DueItem::kind)
                .containsExactly(DueKind.FIRST_RESPONSE_SLA);
    }
}
