package io.careloop.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.config.Settings;
import io.careloop.poll.MentionSource.WebhookFeed;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.observe.Metrics;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMentionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The poll pays for a mention once: it leaves alone what a healthy webhook delivers, and reconciles now and then. */
class WebhookFirstPollingTest {
    private final MutableClock clock = MutableClock.at("2026-11-26T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingMentionQueue queue = new RecordingMentionQueue();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private static final String ACCOUNT = "1000000001";
    private final Timeline mentions = new Timeline("x-mentions", Optional.of(new WebhookFeed(Platform.X, ACCOUNT)));
    private final Timeline search = new Timeline("x-search", Optional.empty());

    private PollService poll() {
        return new PollService(List.of(mentions, search), store, store, queue, metrics, store,
                PollingPolicy.webhookFirst(), clock);
    }

    /** A source that records each read and its time limit, and returns the posts queued on it. */
    private static final class Timeline implements MentionSource {
        final String name;
        final Optional<WebhookFeed> covered;
        final List<Instant> readsNotBefore = new ArrayList<>();
        final List<Mention> next = new ArrayList<>();

        Timeline(String name, Optional<WebhookFeed> covered) {
            this.name = name;
            this.covered = covered;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Batch read(String cursor) {
            throw new AssertionError("the poll passes its time limit");
        }

        @Override
        public Batch read(String cursor, Instant notBefore) {
            readsNotBefore.add(notBefore);
            List<Mention> found = List.copyOf(next);
            next.clear();
            return new Batch(found, found.isEmpty() ? cursor : found.get(found.size() - 1).id());
        }

        @Override
        public Optional<WebhookFeed> coveredByWebhook() {
            return covered;
        }
    }

    private static Mention post(String id) {
        return new Mention(Platform.X, id, new Author("u" + id, "user" + id, null, 1, false), "@AcmeHelp help",
                Instant.parse("2026-11-26T11:00:00Z"), null, null, true, false, "poll:x-mentions");
    }

    @Test
    void withoutAnyWebhookDeliveryEverySourceIsReadFromItsCursor() {
        poll().run();

        assertThat(mentions.readsNotBefore).containsExactly((Instant) null);
        assertThat(search.readsNotBefore).containsExactly((Instant) null);
    }

    @Test
    void aHealthyWebhookIsReconciledOnceThenLeftAloneWhileTheSearchIsAlwaysRead() {
        store.heard(Platform.X, ACCOUNT, clock.instant().minus(Duration.ofMinutes(2)));

        poll().run();
        clock.advance(Duration.ofMinutes(5));
        store.heard(Platform.X, ACCOUNT, clock.instant());
        poll().run();

        // The first run reconciles the last 30 minutes only; the second leaves the covered timeline alone.
        assertThat(mentions.readsNotBefore).containsExactly(Instant.parse("2026-11-26T11:30:00Z"));
        assertThat(search.readsNotBefore).hasSize(2).containsOnlyNulls();
        assertThat(metrics.points()).filteredOn(p -> p.name() == Metrics.Name.PollsSkipped).hasSize(1)
                .allMatch(p -> "x".equals(p.platform()));
    }

    @Test
    void aHealthyWebhookIsReconciledAgainAfterSixHours() {
        store.heard(Platform.X, ACCOUNT, clock.instant());
        poll().run();
        clock.advance(Duration.ofHours(6));
        store.heard(Platform.X, ACCOUNT, clock.instant());

        poll().run();

        assertThat(mentions.readsNotBefore).containsExactly(Instant.parse("2026-11-26T11:30:00Z"),
                Instant.parse("2026-11-26T17:30:00Z"));
    }

    @Test
    void aSilentWebhookIsCoveredByPollingFromShortlyBeforeItsLastDelivery() {
        store.heard(Platform.X, ACCOUNT, clock.instant());
        poll().run(); // reconciliation
        clock.advance(Duration.ofMinutes(20)); // nothing delivered since: silent past the 15-minute threshold

        poll().run();

        assertThat(mentions.readsNotBefore).last().isEqualTo(Instant.parse("2026-11-26T11:55:00Z"));
    }

    @Test
    void aReconciliationThatFindsAMissedMentionReadsTheSourceOnEveryRunForADay() {
        store.heard(Platform.X, ACCOUNT, clock.instant());
        mentions.next.add(post("1900"));

        PollService.Result result = poll().run();
        clock.advance(Duration.ofMinutes(5));
        store.heard(Platform.X, ACCOUNT, clock.instant());
        poll().run();
        clock.advance(Duration.ofHours(25));
        store.heard(Platform.X, ACCOUNT, clock.instant());
        poll().run();
        clock.advance(Duration.ofMinutes(5));
        store.heard(Platform.X, ACCOUNT, clock.instant());
        poll().run();

        assertThat(result.missedByWebhooks()).containsEntry("x-mentions", 1);
        assertThat(queue.sent()).extracting(Mention::id).containsExactly("1900");
        // Reconciled (missed one) -> read on every run (degraded) -> a day later reconciled -> then left alone.
        assertThat(mentions.readsNotBefore).hasSize(3);
        assertThat(mentions.readsNotBefore.get(1)).isNull();
        assertThat(mentions.readsNotBefore.get(2)).isEqualTo(Instant.parse("2026-11-27T12:35:00Z"));
    }

    @Test
    void anotherAccountsHealthyWebhookDoesNotStopThisAccountsTimelineBeingRead() {
        store.heard(Platform.X, "1000000002", clock.instant());

        poll().run();
        poll().run();

        assertThat(mentions.readsNotBefore).as("this account's subscription was never heard").hasSize(2).containsOnlyNulls();
    }

    @Test
    void alwaysModeReadsEverySourceOnEveryRun() {
        store.heard(Platform.X, ACCOUNT, clock.instant());
        PollService always = new PollService(List.of(mentions), store, store, queue, metrics, store,
                PollingPolicy.from(new Settings(Map.of("CARELOOP_POLL_MODE", "always"))), clock);

        always.run();
        always.run();

        assertThat(mentions.readsNotBefore).hasSize(2).containsOnlyNulls();
    }

    @Test
    void anUnknownModeIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> PollingPolicy.from(new Settings(Map.of("CARELOOP_POLL_MODE", "sometimes"))))
                .hasMessageContaining("webhook-first or always");
    }
}
