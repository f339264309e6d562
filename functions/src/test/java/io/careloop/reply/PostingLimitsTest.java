package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.config.Settings;
import io.careloop.core.Platform;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Posting budgets with more than one window: Bluesky's hourly and daily write points, Mastodon's 5 minutes and 3 hours. */
class PostingLimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final InMemoryStore store = new InMemoryStore(clock);

    private PostingLimits limits(Map<String, String> settings) {
        return new PostingLimits(store, Brands.acme(), new Settings(settings));
    }

    @Test
    void aSpentDayStopsPostingThoughTheHourHasRoomAndASpentHourNeverUsesUpTheDay() {
        PostingLimits limits = limits(Map.of("CARELOOP_RATE_LIMIT_BLUESKY", "3/1h,5/1d"));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).isEmpty();
        }
        assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).as("the hour is spent")
                .contains(Instant.parse("2026-11-26T01:00:00Z"));

        clock.advance(Duration.ofHours(1));
        assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).isEmpty();
        assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).isEmpty();
        Optional<Instant> day = limits.take(Platform.BLUESKY, null, clock.instant());
        assertThat(day).as("the day is spent: wait for tomorrow, not the next hour").contains(Instant.parse("2026-11-27T00:00:00Z"));

        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).as("a new hour: its calls are all there").isEmpty();
        }
    }

    @Test
    void blueskyDefaultsToItsHourlyAndDailyWritePoints() {
        PostingLimits limits = limits(Map.of());
        int taken = 0;
        Instant now = clock.instant();
        for (int hour = 0; hour < 24 && taken < 20_000; hour++) {
            Instant at = now.plus(Duration.ofHours(hour));
            while (limits.take(Platform.BLUESKY, null, at).isEmpty()) {
                taken++;
            }
        }
        // 35,000 points a day at 3 a create is 11,666 creates: careloop stops at 11,000, an hour at 1,500 (of 1,666).
        assertThat(taken).isEqualTo(11_000);
    }

    @Test
    void mastodonStopsAt300StatusesIn3HoursThoughEach5MinuteWindowHasRoom() {
        PostingLimits limits = limits(Map.of());
        int taken = 0;
        for (int window = 0; window < 36; window++) { // 36 windows of 5 minutes: 3 hours
            Instant at = clock.instant().plus(Duration.ofMinutes(5L * window));
            for (int i = 0; i < 20; i++) {
                if (limits.take(Platform.MASTODON, null, at).isEmpty()) {
                    taken++;
                }
            }
        }
        assertThat(taken).isEqualTo(300);
        assertThat(limits.take(Platform.MASTODON, null, Instant.parse("2026-11-26T02:59:00Z")))
                .contains(Instant.parse("2026-11-26T03:00:00Z"));
        assertThat(limits.take(Platform.MASTODON, null, Instant.parse("2026-11-26T03:00:00Z"))).isEmpty();
    }
}
