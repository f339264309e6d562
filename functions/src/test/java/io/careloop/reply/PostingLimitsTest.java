package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.config.Settings;
import io.careloop.config.XTier;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.reply.PostingLimits.Call;
import io.careloop.reply.ReplyService.Result;
import io.careloop.reply.ReplyService.RetryLater;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * X's published limits for the calls careloop makes, shared by every Lambda instance through the store: direct messages
 * 15 per 15 minutes and 1,440 per 24 hours per user (and 1,440 per 24 hours per app), hiding replies 50 per 15 minutes,
 * public posts 100 per 15 minutes per user and 10,000 per 24 hours per app.
 */
class PostingLimitsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final String MAIN = "1000000001";
    private static final String HELP = "1000000002";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final PostingLimits defaults = new PostingLimits(store, Brands.acme(), new Settings(Map.of()));

    /** How many calls go before the budget refuses one, starting at {@code from}, all within one 15-minute window. */
    private int callsUntilRefused(PostingLimits limits, String account, Call call, int atMost) {
        for (int i = 0; i < atMost; i++) {
            if (limits.take(Platform.X, account, call, clock.instant()).isPresent()) {
                return i;
            }
        }
        return atMost;
    }

    @Test
    void fifteenDirectMessagesGoInFifteenMinutesAndTheSixteenthWaitsForTheWindowsEnd() {
        assertThat(callsUntilRefused(defaults, MAIN, Call.PRIVATE_MESSAGE, 100)).isEqualTo(15);

        assertThat(defaults.take(Platform.X, MAIN, Call.PRIVATE_MESSAGE, clock.instant()))
                .contains(Instant.parse("2026-11-23T00:15:00Z"));
        assertThat(defaults.take(Platform.X, MAIN, Call.POST, clock.instant())).as("posts have their own budget").isEmpty();
    }

    @Test
    void anAccountSendsAtMost1440DirectMessagesADay() {
        int sent = 0;
        for (int window = 0; window < 96; window++) { // 96 windows of 15 minutes in a day, 15 messages each would be 1,440
            clock.set(T0.plus(Duration.ofMinutes(15L * window)));
            sent += callsUntilRefused(defaults, MAIN, Call.PRIVATE_MESSAGE, 15);
        }
        assertThat(sent).isEqualTo(1440);
        clock.set(T0.plus(Duration.ofHours(23).plusMinutes(59)));
        assertThat(defaults.take(Platform.X, MAIN, Call.PRIVATE_MESSAGE, clock.instant()))
                .as("the daily budget is spent until midnight UTC").contains(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void theAppSends1440DirectMessagesADayAcrossAllItsAccounts() {
        PostingLimits perApp = new PostingLimits(store, Brands.acme(), new Settings(Map.of("CARELOOP_RATE_LIMIT_X_DM", "none")));

        int sent = 0;
        for (int i = 0; i < 2000; i++) {
            if (perApp.take(Platform.X, i % 2 == 0 ? MAIN : HELP, Call.PRIVATE_MESSAGE, clock.instant()).isEmpty()) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(1440);
    }

    @Test
    void fiftyRepliesAreHiddenInFifteenMinutes() {
        assertThat(callsUntilRefused(defaults, MAIN, Call.HIDE, 100)).isEqualTo(50);
        assertThat(callsUntilRefused(defaults, HELP, Call.HIDE, 100)).as("each account has its own").isEqualTo(50);
    }

    @Test
    void anAccountPosts100InFifteenMinutesAndTheAppPosts10000ADayAcrossAccounts() {
        assertThat(callsUntilRefused(defaults, MAIN, Call.POST, 200)).isEqualTo(100);

        PostingLimits appOnly = new PostingLimits(store, Brands.acme(), new Settings(Map.of("CARELOOP_RATE_LIMIT_X", "none")));
        int posted = 100; // the app's budget already counts MAIN's hundred
        for (int i = 0; i < 12_000; i++) {
            if (appOnly.take(Platform.X, i % 2 == 0 ? MAIN : HELP, Call.POST, clock.instant()).isEmpty()) {
                posted++;
            }
        }
        assertThat(posted).isEqualTo(10_000);
    }

    @Test
    void severalLimitsAreWrittenWithCommasAndNoneTurnsABudgetOff() {
        PostingLimits custom = new PostingLimits(store, Brands.acme(), new Settings(Map.of(
                "CARELOOP_RATE_LIMIT_X_DM", "2/15m,3/24h", "CARELOOP_RATE_LIMIT_X_HIDE", "none")));

        assertThat(callsUntilRefused(custom, MAIN, Call.PRIVATE_MESSAGE, 10)).isEqualTo(2);
        clock.set(T0.plus(Duration.ofMinutes(15)));
        assertThat(callsUntilRefused(custom, MAIN, Call.PRIVATE_MESSAGE, 10)).as("the day's third").isEqualTo(1);
        assertThat(callsUntilRefused(custom, MAIN, Call.HIDE, 500)).isEqualTo(500);
    }

    // ---- through the reply path -------------------------------------------------------------------------

    private final FakeConnector x = new FakeConnector(Platform.X, null);
    private final ReplyService reply = new ReplyService(store, store, store, store, new Connectors(List.of(x)),
            Brands.acmeWithoutReview(), clock, new PostingLimits(store, Brands.acme(), new Settings(Map.of(
                    "CARELOOP_RATE_LIMIT_X_DM", "1/15m", "CARELOOP_RATE_LIMIT_X_HIDE", "1/15m"))),
            new RecordingMetrics(), XTier.PAY_PER_USE);

    private Case aCase(String id, String postId) {
        return store.givenOpenCase(new Case(id, CaseStatus.NEW, Priority.P2, Platform.X,
                new Author("4" + id, "cust_" + id, "Customer " + id, 10, false), postId, postId, "my widget broke", "Sam Lee",
                "Care", "widget", T0, T0.plusSeconds(3600), null, null, false, null, false, 0, 0));
    }

    @Test
    void aDirectMessageOverBudgetWaitsWithNothingSentAndAPublicReplyStillGoes() {
        Case first = aCase("c_1", "m-1");
        Case second = aCase("c_2", "m-2");

        assertThat(reply.handle(Action.byAgent(first, ActionType.AGENT_REPLY, "k-1", "Could you DM me your order number?",
                true, "Sam Lee"))).isEqualTo(Result.POSTED);
        Action secondDm = Action.byAgent(second, ActionType.AGENT_REPLY, "k-2", "Could you DM me your order number?", true,
                "Sam Lee");
        assertThatThrownBy(() -> reply.handle(secondDm)).isInstanceOfSatisfying(RetryLater.class,
                e -> assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-11-23T00:15:00Z")));
        assertThat(reply.handle(Action.acknowledge(second.id(), new Mention(Platform.X, "m-2", second.customer(),
                "my widget broke", T0, "m-2", null, true, false, "webhook:x")))).isEqualTo(Result.POSTED);

        assertThat(x.posts()).extracting(p -> p.isPrivate()).containsExactly(true, false);
        assertThat(store.outbound(secondDm.key()).orElseThrow().state()).isEqualTo("ABANDONED");
    }

    @Test
    void aHideOverBudgetWaitsForTheWindowWithNothingHidden() {
        Case spam = aCase("c_3", "m-3");
        Case more = aCase("c_4", "m-4");

        assertThat(reply.handle(Action.moderateCase(spam, "hide", "spam", "Sam Lee"))).isEqualTo(Result.MODERATED);
        Action second = Action.moderateCase(more, "hide", "spam", "Sam Lee");
        assertThatThrownBy(() -> reply.handle(second)).isInstanceOf(RetryLater.class);

        assertThat(x.hidden()).containsExactly("m-3");
        assertThat(store.outbound(second.key()).map(o -> o.state())).isEqualTo(Optional.of("ABANDONED"));
    }

    // ---- several windows per budget ----

    @Test
    void aSpentDayStopsPostingThoughTheHourHasRoomAndASpentHourNeverUsesUpTheDay() {
        PostingLimits limits = windowed(Map.of("CARELOOP_RATE_LIMIT_BLUESKY", "3/1h,5/1d"));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).isEmpty();
        }
        assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).as("the hour is spent")
                .contains(Instant.parse("2026-11-23T01:00:00Z"));

        clock.advance(Duration.ofHours(1));
        assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).isEmpty();
        assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).isEmpty();
        Optional<Instant> day = limits.take(Platform.BLUESKY, null, clock.instant());
        assertThat(day).as("the day is spent: wait for tomorrow, not the next hour").contains(Instant.parse("2026-11-24T00:00:00Z"));

        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take(Platform.BLUESKY, null, clock.instant())).as("a new hour: its calls are all there").isEmpty();
        }
    }

    @Test
    void blueskyDefaultsToItsHourlyAndDailyWritePoints() {
        PostingLimits limits = windowed(Map.of());
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
        PostingLimits limits = windowed(Map.of());
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
        assertThat(limits.take(Platform.MASTODON, null, Instant.parse("2026-11-23T02:59:00Z")))
                .contains(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(limits.take(Platform.MASTODON, null, Instant.parse("2026-11-23T03:00:00Z"))).isEmpty();
    }

    private PostingLimits windowed(Map<String, String> settings) {
        return new PostingLimits(store, Brands.acme(), new Settings(settings));
    }
}
