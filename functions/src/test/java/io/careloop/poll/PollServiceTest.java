package io.careloop.poll;

import io.careloop.testing.RecordingMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.ClaimOutcome;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.observe.Metrics;
import io.careloop.store.PollCursors;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMentionQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollServiceTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final CountingCursors cursors = new CountingCursors(store);
    private final RecordingMentionQueue queue = new RecordingMentionQueue();

    private PollService service(MentionSource... sources) {
        return new PollService(List.of(sources), cursors, store, queue, metrics);
    }

    // ---- fakes ---------------------------------------------------------------------------------

    /** A timeline that answers each cursor with a prepared batch (an empty one, cursor unchanged, otherwise). */
    private static final class FakeSource implements MentionSource {
        private final String name;
        private final Map<String, Batch> batches = new HashMap<>();
        private final List<String> readFrom = new ArrayList<>();
        private RuntimeException failure;

        FakeSource(String name) {
            this.name = name;
        }

        FakeSource after(String cursor, String next, Mention... mentions) {
            batches.put(String.valueOf(cursor), new Batch(List.of(mentions), next));
            return this;
        }

        FakeSource failing(RuntimeException e) {
            this.failure = e;
            return this;
        }

        private Account account;

        FakeSource readingAs(Platform platform, String accountId) {
            this.account = new Account(platform, accountId);
            return this;
        }

        @Override
        public Optional<Account> account() {
            return Optional.ofNullable(account);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Batch read(String cursor) {
            readFrom.add(cursor);
            if (failure != null) {
                throw failure;
            }
            return batches.getOrDefault(String.valueOf(cursor), new Batch(List.of(), cursor));
        }
    }

    /** The store's cursors, with every write counted. */
    private static final class CountingCursors implements PollCursors {
        private final PollCursors delegate;
        private final List<String> saves = new ArrayList<>();

        CountingCursors(PollCursors delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<String> cursor(String source) {
            return delegate.cursor(source);
        }

        @Override
        public void saveCursor(String source, String value) {
            saves.add(source + "=" + value);
            delegate.saveCursor(source, value);
        }
    }

    private static Mention mention(Platform platform, String id) {
        return new Mention(platform, id, new Author("u" + id, "user" + id, null, 10, false), "@acme my widget broke",
                Instant.parse("2026-11-23T11:59:00Z"), null, null, true, false, "poll:" + platform.id());
    }

    private void claimed(Mention m) {
        store.recordWithoutCase(m, ClaimOutcome.IGNORED, "seen by the webhook");
    }

    /** MissedByWebhooks data points written, by platform. */
    private Map<String, Integer> missedMetrics() {
        Map<String, Integer> byPlatform = new LinkedHashMap<>();
        metrics.points().stream().filter(p -> p.name() == Metrics.Name.MissedByWebhooks)
                .forEach(p -> byPlatform.merge(p.platform(), (int) p.value(), Integer::sum));
        return byPlatform;
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void mentionsFoundAreEnqueuedAndTheCursorMovesToTheBatchCursor() {
        Mention first = mention(Platform.MASTODON, "101");
        Mention second = mention(Platform.MASTODON, "102");
        Mention third = mention(Platform.MASTODON, "103");
        FakeSource mastodon = new FakeSource("mastodon").after(null, "102", first, second).after("102", "103", third);

        PollService.Result result = service(mastodon).run();

        assertThat(queue.sent()).containsExactly(first, second);
        assertThat(store.cursor("mastodon")).contains("102");
        assertThat(result.found()).containsExactly(Map.entry("mastodon", 2));

        service(mastodon).run();

        assertThat(mastodon.readFrom).containsExactly(null, "102");
        assertThat(queue.sent()).containsExactly(first, second, third);
        assertThat(store.cursor("mastodon")).contains("103");
    }

    @Test
    void aSourceIsReadFromItsStoredCursor() {
        store.saveCursor("x-mentions", "1860000000000000001");
        Mention newer = mention(Platform.X, "1860000000000000002");
        FakeSource x = new FakeSource("x-mentions").after("1860000000000000001", "1860000000000000002", newer);

        service(x).run();

        assertThat(x.readFrom).containsExactly("1860000000000000001");
        assertThat(queue.sent()).containsExactly(newer);
    }

    @Test
    void whenTheQueueRefusesTheCursorStaysAndTheNextRunReadsTheSameMentionsAgain() {
        store.saveCursor("mastodon", "100");
        Mention m = mention(Platform.MASTODON, "101");
        FakeSource mastodon = new FakeSource("mastodon").after("100", "101", m);
        queue.refuseNext(1);

        PollService.Result refused = service(mastodon).run();

        assertThat(refused.found()).containsExactly(Map.entry("mastodon", -1));
        assertThat(refused.missedByWebhooks()).doesNotContainKey("mastodon");
        assertThat(queue.sent()).isEmpty();
        assertThat(store.cursor("mastodon")).contains("100");
        assertThat(cursors.saves).isEmpty();

        PollService.Result retried = service(mastodon).run();

        assertThat(mastodon.readFrom).containsExactly("100", "100");
        assertThat(retried.found()).containsExactly(Map.entry("mastodon", 1));
        assertThat(queue.sent()).containsExactly(m);
        assertThat(store.cursor("mastodon")).contains("101");
    }

    @Test
    void aRefusedBatchIsNotCountedAsMissedTwice() {
        store.saveCursor("mastodon", "100");
        FakeSource mastodon = new FakeSource("mastodon").after("100", "101", mention(Platform.MASTODON, "101"));
        queue.refuseNext(1);

        service(mastodon).run();
        service(mastodon).run();

        assertThat(missedMetrics()).containsExactly(Map.entry("mastodon", 1));
    }

    @Test
    void onlyMentionsCareloopHasNotClaimedCountAsMissedByTheWebhooksPerPlatform() {
        Mention claimedOnMastodon = mention(Platform.MASTODON, "201");
        Mention missedOnMastodon = mention(Platform.MASTODON, "202");
        Mention alsoMissedOnMastodon = mention(Platform.MASTODON, "203");
        Mention missedOnX = mention(Platform.X, "204");
        Mention claimedOnX = mention(Platform.X, "205");
        claimed(claimedOnMastodon);
        claimed(claimedOnX);
        FakeSource mixed = new FakeSource("mixed").after(null, "205", claimedOnMastodon, missedOnMastodon,
                alsoMissedOnMastodon, missedOnX, claimedOnX);

        PollService.Result result = service(mixed).run();

        assertThat(result.found()).containsExactly(Map.entry("mixed", 5));
        assertThat(result.missedByWebhooks()).containsExactly(Map.entry("mixed", 3));
        assertThat(missedMetrics()).containsOnly(Map.entry("mastodon", 2), Map.entry("x", 1));
        // Claimed or not, everything found is enqueued: triage drops the duplicates.
        assertThat(queue.sent()).hasSize(5);
    }

    @Test
    void blueskyMentionsNeverCountAsMissedBecauseBlueskyHasNoWebhooks() {
        Mention a = mention(Platform.BLUESKY, "at-1");
        Mention b = mention(Platform.BLUESKY, "at-2");
        FakeSource bluesky = new FakeSource("bluesky").after(null, "cursor-2", a, b);

        PollService.Result result = service(bluesky).run();

        assertThat(result.found()).containsExactly(Map.entry("bluesky", 2));
        assertThat(result.missedByWebhooks()).containsExactly(Map.entry("bluesky", 0));
        assertThat(missedMetrics()).isEmpty();
        assertThat(queue.sent()).containsExactly(a, b);
    }

    @Test
    void oneFailingSourceDoesNotStopTheOthersAndKeepsItsCursor() {
        store.saveCursor("broken", "b7");
        FakeSource broken = new FakeSource("broken").failing(new IllegalStateException("HTTP 503"));
        Mention m = mention(Platform.MASTODON, "301");
        FakeSource healthy = new FakeSource("healthy").after(null, "301", m);

        PollService.Result result = service(broken, healthy).run();

        assertThat(result.found()).containsExactly(Map.entry("broken", -1), Map.entry("healthy", 1));
        assertThat(result.missedByWebhooks()).containsExactly(Map.entry("healthy", 1));
        assertThat(queue.sent()).containsExactly(m);
        assertThat(store.cursor("broken")).contains("b7");
        assertThat(store.cursor("healthy")).contains("301");
        assertThat(broken.readFrom).containsExactly("b7");
    }

    @Test
    void aSourceWhoseTokenIsRefusedRaisesPlatformCredentialsFailingOnceAnHourAndTheOthersAreStillRead() {
        List<io.careloop.events.CareEvent> events = new ArrayList<>();
        FakeSource refused = new FakeSource("mastodon-notifications").readingAs(Platform.MASTODON, "109000000000000001")
                .failing(new io.careloop.platform.PlatformException(io.careloop.platform.PlatformException.Kind.AUTH,
                        "GET /api/v1/notifications answered 401", null, true));
        FakeSource unavailable = new FakeSource("x-mentions-1").readingAs(Platform.X, "1000000001")
                .failing(new io.careloop.platform.PlatformException(io.careloop.platform.PlatformException.Kind.TRANSIENT,
                        "GET /2/users/1000000001/mentions answered 503", null, true));
        Mention m = mention(Platform.BLUESKY, "401");
        FakeSource healthy = new FakeSource("bluesky-notifications").after(null, "401", m);
        PollService poll = new PollService(List.of(refused, unavailable, healthy), cursors, store, queue, metrics, null,
                PollingPolicy.always(), clock, new io.careloop.events.CredentialAlerts(events::add, store, clock));

        poll.run();
        clock.advance(java.time.Duration.ofMinutes(1));
        PollService.Result second = poll.run();

        assertThat(second.found()).containsEntry("mastodon-notifications", -1).containsEntry("x-mentions-1", -1);
        assertThat(queue.sent()).containsExactly(m);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(io.careloop.events.CareEvent.Type.CREDENTIALS_FAILING);
            assertThat(e.detail()).containsEntry("platform", "mastodon").containsEntry("account", "109000000000000001")
                    .containsEntry("doing", "poll").containsEntry("reason", "GET /api/v1/notifications answered 401");
        });
        assertThat(metrics.total(Metrics.Name.CredentialFailures)).isEqualTo(2.0);
    }

    @Test
    void anEmptyBatchThatMovesTheCursorIsSaved() {
        store.saveCursor("x-search", "since-1");
        FakeSource search = new FakeSource("x-search").after("since-1", "since-2");

        PollService.Result result = service(search).run();

        assertThat(result.found()).containsExactly(Map.entry("x-search", 0));
        assertThat(result.missedByWebhooks()).containsExactly(Map.entry("x-search", 0));
        assertThat(queue.sent()).isEmpty();
        assertThat(cursors.saves).containsExactly("x-search=since-2");
    }

    @Test
    void anEmptyBatchWithTheSameCursorOrNoneWritesNothing() {
        store.saveCursor("quiet", "c1");
        FakeSource quiet = new FakeSource("quiet");               // answers with the cursor it was given
        FakeSource fresh = new FakeSource("fresh").after(null, null); // first run, nothing yet, no cursor

        PollService.Result result = service(quiet, fresh).run();

        assertThat(result.found()).containsExactly(Map.entry("quiet", 0), Map.entry("fresh", 0));
        assertThat(cursors.saves).isEmpty();
        assertThat(store.cursor("quiet")).contains("c1");
        assertThat(store.cursor("fresh")).isEmpty();
    }
}
