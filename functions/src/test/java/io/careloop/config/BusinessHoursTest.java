package io.careloop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.testing.Brands;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A team's working time: in or out, next opening, deadlines and durations counted in working time only. */
class BusinessHoursTest {
    /** Mon–Fri 09:00–17:00 London with a lunch break on Fridays; Saturday mornings; Christmas off. */
    private final BrandConfig brand = Brands.merged("""
            {"teams": {"Care": {"timeZone": "Europe/London", "slaClock": "business",
              "hours": {"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00",
                        "fri": "09:00-12:00, 13:00-17:00", "sat": "10:00-13:00", "sun": "closed"},
              "holidays": ["2026-12-25"]},
             "Night": {"timeZone": "America/New_York", "hours": {"mon": "20:00-24:00"}}}}
            """);
    private final TeamPolicy care = brand.team("Care");

    @Test
    void aDeadlineRunsOnlyWhileTheTeamIsIn() {
        // Friday 16:30 London (UTC in winter) + 1h of working time = Saturday 10:30
        assertThat(care.deadline(Instant.parse("2026-11-27T16:30:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-28T10:30:00Z"));
        // the Friday lunch break does not count
        assertThat(care.deadline(Instant.parse("2026-11-27T11:30:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T13:30:00Z"));
        // Saturday 12:00 + 4h: one hour on Saturday, closed Sunday, three on Monday
        assertThat(care.deadline(Instant.parse("2026-11-28T12:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
    }

    @Test
    void holidaysAndDaylightSavingAreTheTeamsOwn() {
        // Thursday 24 Dec 16:00 + 2h: Christmas Day is off, so Saturday 26 Dec 11:00
        assertThat(care.deadline(Instant.parse("2026-12-24T16:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-12-26T11:00:00Z"));
        // In British Summer Time 09:00 London is 08:00 UTC
        assertThat(care.hours().nextOpening(Instant.parse("2026-07-06T05:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-06T08:00:00Z"));
    }

    @Test
    void responseTimesCountWorkingTimeOnly() {
        // Friday 16:30 to Monday 09:30: 30 min Friday, 3h Saturday, 30 min Monday
        assertThat(care.elapsed(Instant.parse("2026-11-27T16:30:00Z"), Instant.parse("2026-11-30T09:30:00Z")))
                .isEqualTo(Duration.ofHours(4));
        // a team on the calendar clock counts every minute
        assertThat(brand.team("Night").elapsed(Instant.parse("2026-11-27T16:30:00Z"), Instant.parse("2026-11-30T09:30:00Z")))
                .isEqualTo(Duration.ofHours(65));
    }

    @Test
    void outsideHoursTheTeamKnowsWhenItIsBack() {
        assertThat(care.backAt(Instant.parse("2026-11-27T12:15:00Z"))).contains(Instant.parse("2026-11-27T13:00:00Z"));
        assertThat(care.backAt(Instant.parse("2026-11-27T10:00:00Z"))).isEmpty();
        // an interval to midnight, in New York
        assertThat(brand.team("Night").backAt(Instant.parse("2026-11-30T12:00:00Z")))
                .contains(Instant.parse("2026-12-01T01:00:00Z"));
        assertThat(brand.team("Night").hours().describe(Instant.parse("2026-12-01T01:00:00Z")))
                .isEqualTo("20:00 on Mon 30 Nov (America/New_York)");
        assertThat(brand.team("Unnamed").backAt(Instant.parse("2026-11-29T03:00:00Z"))).isEmpty();
    }

    @Test
    void badHoursAreRefusedWithTheFieldAndTheReason() {
        assertThatThrownBy(() -> Brands.merged("{\"teams\": {\"Care\": {\"timeZone\": \"Mars/Olympus\", \"hours\": {\"mon\": \"09:00-17:00\"}}}}"))
                .hasMessageContaining("teams.Care.timeZone");
        assertThatThrownBy(() -> Brands.merged("{\"teams\": {\"Care\": {\"hours\": {\"mon\": \"17:00-09:00\"}}}}"))
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> Brands.merged("{\"teams\": {\"Care\": {\"hours\": {\"sun\": \"closed\"}}}}"))
                .hasMessageContaining("opens on no day");
        assertThatThrownBy(() -> Brands.merged("{\"teams\": {\"Care\": {\"slaClock\": \"business\"}}}"))
                .hasMessageContaining("needs the team's hours");
        assertThatThrownBy(() -> Brands.merged("{\"teams\": {\"Care\": {\"hours\": {\"mon\": \"9am-5pm\"}}}}"))
                .hasMessageContaining("teams.Care.hours.mon");
    }
}
