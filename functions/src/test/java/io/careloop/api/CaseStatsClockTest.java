package io.careloop.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.config.BrandConfig;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stats count response times on the same clock as the deadlines: a business-hours team's working time. */
class CaseStatsClockTest {
    private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);

    @Test
    void aTeamOnTheBusinessClockIsMeasuredInWorkingTime() {
        BrandConfig brand = Brands.merged("""
                {"teams": {"support": {"timeZone": "Europe/London", "slaClock": "business",
                  "hours": {"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00",
                            "fri": "09:00-17:00"}}}}
                """);
        // Opened Friday 16:30, first answered Monday 09:30: one hour of the team's time, not 65
        Case c = ApiCalls.aCase("c_weekend", CaseStatus.ACKNOWLEDGED).toBuilder()
                .createdAt(Instant.parse("2026-11-27T16:30:00Z"))
                .firstResponseDue(Instant.parse("2026-11-30T09:30:00Z"))
                .firstResponseAt(Instant.parse("2026-11-30T09:30:00Z"))
                .firstHumanResponseAt(Instant.parse("2026-11-30T09:30:00Z")).build();
        store.givenOpenCase(c);

        Map<String, Object> onTheTeamsClock = new CaseStats(store, clock, true, brand::team).compute();
        Map<String, Object> aroundTheClock = new CaseStats(store, clock, true).compute();

        assertThat(onTheTeamsClock.get("firstHumanResponseSeconds")).asString().contains("p50=3600");
        assertThat(aroundTheClock.get("firstHumanResponseSeconds")).asString().contains("p50=234000");
        assertThat(onTheTeamsClock.get("slaAttainment")).isEqualTo(1.0);
    }
}
