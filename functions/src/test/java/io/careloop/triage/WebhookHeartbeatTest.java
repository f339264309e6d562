package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.core.Times;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookHeartbeatTest {
    private final MutableClock clock = MutableClock.at("2026-11-26T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private static final String MAIN = io.careloop.testing.Brands.acme().account(Platform.X).orElseThrow().id();
    private final WebhookHeartbeat heartbeat = new WebhookHeartbeat(store, io.careloop.testing.Brands.acme(), clock);

    private static Mention from(String source) {
        return new Mention(Platform.X, "1", new Author("u1", "user1", null, 1, false), "@AcmeHelp hi", Instant.EPOCH,
                null, null, true, false, source);
    }

    @Test
    void aWebhookDeliveryIsNotedAndAPolledOneIsNot() {
        heartbeat.heard(from("poll:x-mentions"));
        assertThat(store.lastHeard(Platform.X, MAIN)).isEmpty();

        heartbeat.heard(from("webhook:x"));
        assertThat(store.lastHeard(Platform.X, MAIN)).contains(clock.instant());
        assertThat(store.lastHeard(Platform.MASTODON, MAIN)).isEmpty();
    }

    @Test
    void aDmAnEditOrADeletionSaysNothingAboutTheMentionSubscription() {
        Mention dm = new Mention(Platform.X, "2", new Author("u2", "user2", null, 1, false), "hi", Instant.EPOCH,
                null, null, true, true, "webhook:x");
        heartbeat.heard(dm);
        heartbeat.heard(from("webhook:x").asChange(Mention.Change.DELETED));

        assertThat(store.lastHeard(Platform.X, MAIN)).isEmpty();
    }

    @Test
    void aDeliveryToTheHelpAccountIsNotedForThatAccountOnly() {
        heartbeat.heard(from("webhook:x").toAccount("1000000002"));

        assertThat(store.lastHeard(Platform.X, "1000000002")).contains(clock.instant());
        assertThat(store.lastHeard(Platform.X, MAIN)).isEmpty();
    }

    @Test
    void writesAtMostOnceAMinutePerPlatform() {
        heartbeat.heard(from("webhook:x"));
        Instant first = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        heartbeat.heard(from("webhook:x"));
        assertThat(store.lastHeard(Platform.X, MAIN)).contains(first);

        clock.advance(Duration.ofSeconds(31));
        heartbeat.heard(from("webhook:x"));
        assertThat(store.lastHeard(Platform.X, MAIN)).contains(clock.instant());
    }

    @Test
    void triageNotesTheDeliveryBeforeJudgingIt() {
        TriageService triage = new TriageService(new Classifier(), store, store, store, store,
                new io.careloop.testing.RecordingActionQueue(), io.careloop.testing.Brands.acme(), clock,
                new io.careloop.testing.RecordingMetrics(), PostReaders.none(), store);

        triage.triage(from("webhook:x"));

        assertThat(store.lastHeard(Platform.X, MAIN).map(Times::sortable)).contains(Times.sortable(clock.instant()));
    }
}
