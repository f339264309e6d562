package io.careloop.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.config.TeamPolicy;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.events.CareEvent;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reports from the days' rolled-up counters: volume, response and resolution times, SLA, per team and agent. */
class ReportsTest {
    private static final Instant DAY1 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-24T10:00:00Z");

    private final InMemoryStore store = new InMemoryStore(new MutableClock(DAY1));
    private final RollupCareEvents rollup = new RollupCareEvents(store);
    private final Reports reports = new Reports(store);

    private void opened(Instant at, String platform, String topic, String intent, String team) {
        rollup.publish(CareEvent.of(CareEvent.Type.CASE_OPENED, at, "c", "platform", platform, "topic", topic,
                "intent", intent, "team", team, "priority", "P3"));
    }

    private void resolved(String id, String team, String agent, Duration firstResponse, Duration human, Duration open,
                          boolean breached) {
        Instant created = DAY2.minus(open);
        Case c = new Case(id, CaseStatus.PRIVATE, Priority.P2, Platform.X, new Author("1", "a", "A", 1, false), "t", "m",
                "words", agent, team, "widget", created, created.plus(Duration.ofHours(1)), created.plus(firstResponse),
                null, breached, null, false, 0, 1).toBuilder().firstHumanResponseAt(created.plus(human)).build();
        rollup.publish(ResolutionFigures.event(c, DAY2, TeamPolicy.defaults(team), true));
    }

    @Test
    void volumeIsCountedByPlatformTopicIntentAndTeamPerDay() {
        opened(DAY1, "x", "widget", "complaint", "Care");
        opened(DAY1, "x", "billing", "question", "Billing");
        opened(DAY2, "bluesky", "widget", "complaint", "Care");

        Map<String, Object> report = reports.report(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-25"));

        assertThat(report).extractingByKey("totals").asString().contains("opened=3");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> volume = (Map<String, Map<String, Long>>) report.get("volume");
        assertThat(volume.get("byPlatform")).containsExactlyInAnyOrderEntriesOf(Map.of("x", 2L, "bluesky", 1L));
        assertThat(volume.get("byTopic")).containsEntry("widget", 2L).containsEntry("billing", 1L);
        assertThat(volume.get("byIntent")).containsEntry("complaint", 2L).containsEntry("question", 1L);
        assertThat(volume.get("byTeam")).containsEntry("Care", 2L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> days = (List<Map<String, Object>>) report.get("days");
        assertThat(days).extracting(d -> d.get("date") + ":" + d.get("opened"))
                .containsExactly("2026-11-23:2", "2026-11-24:1", "2026-11-25:0");
    }

    @Test
    void responseAndResolutionTimesAndSlaAreReportedPerTeamAndAgent() {
        resolved("c1", "Care", "ana", Duration.ofSeconds(40), Duration.ofMinutes(20), Duration.ofHours(5), false);
        resolved("c2", "Care", "ana", Duration.ofSeconds(50), Duration.ofMinutes(50), Duration.ofHours(30), false);
        resolved("c3", "Care", "bo", Duration.ofSeconds(45), Duration.ofHours(3), Duration.ofHours(6), true);

        Map<String, Object> report = reports.report(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-24"));

        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) report.get("totals");
        assertThat(totals.get("resolved")).isEqualTo(3L);
        assertThat(totals.get("firstResponseSeconds")).isEqualTo(Map.of("p50", 60L, "p90", 60L));
        assertThat(totals.get("firstHumanResponseSeconds")).isEqualTo(Map.of("p50", 3_600L, "p90", 14_400L));
        assertThat(totals.get("resolutionSeconds")).isEqualTo(Map.of("p50", 28_800L, "p90", 172_800L));
        assertThat(totals.get("slaAttainment")).isEqualTo(0.667); // two of three answered by a person within the hour
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> agents = (Map<String, Map<String, Object>>) report.get("byAgent");
        assertThat(agents.keySet()).containsExactly("ana", "bo");
        assertThat(agents.get("ana")).containsEntry("resolved", 2L).containsEntry("slaAttainment", 1.0);
        assertThat(agents.get("bo")).containsEntry("slaAttainment", 0.0);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> teams = (Map<String, Map<String, Object>>) report.get("byTeam");
        assertThat(teams.get("Care")).containsEntry("resolved", 3L);

        String csv = Reports.csv(report);
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("date,opened,resolved,").contains("\r\n2026-11-24,0,3,60,60,60,3600,14400,28800,172800,0.667,0,0,0,,0\r\n");
    }

    @Test
    void aReportNeedsASensibleRange() {
        assertThatThrownBy(() -> reports.report(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-01")))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> reports.report(LocalDate.parse("2025-01-01"), LocalDate.parse("2026-11-01")))
                .hasMessageContaining("366");
    }
}
