package io.careloop.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.core.Platform;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A refused token is told to the care team at once, then at most once an hour per platform account, fleet-wide. */
class CredentialAlertsTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T12:10:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final List<CareEvent> events = new ArrayList<>();

    @Test
    void theFirstRefusalIsPublishedWithPlatformAccountAndWhatCareloopWasDoing() {
        CredentialAlerts alerts = new CredentialAlerts(events::add, store, clock);

        assertThat(alerts.refused(Platform.X, "1000000001", "post", "POST /2/tweets answered 401")).isTrue();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(CareEvent.Type.CREDENTIALS_FAILING);
            assertThat(e.type().detailType()).isEqualTo("Platform Credentials Failing");
            assertThat(e.subject()).isNull();
            assertThat(e.at()).isEqualTo(clock.instant());
            assertThat(e.detail()).containsEntry("platform", "x").containsEntry("account", "1000000001")
                    .containsEntry("doing", "post").containsEntry("reason", "POST /2/tweets answered 401");
        });
    }

    @Test
    void refusalsWithinTheHourAreQuietOnEveryInstanceAndTheNextHourIsToldAgain() {
        CredentialAlerts one = new CredentialAlerts(events::add, store, clock);
        CredentialAlerts other = new CredentialAlerts(events::add, store, clock); // another Lambda instance

        one.refused(Platform.X, "1000000001", "poll", "GET /2/users/1000000001/mentions answered 401");
        clock.advance(Duration.ofMinutes(1));
        one.refused(Platform.X, "1000000001", "poll", "GET /2/users/1000000001/mentions answered 401");
        other.refused(Platform.X, "1000000001", "post", "POST /2/tweets answered 401");
        clock.advance(Duration.ofMinutes(45)); // 12:56
        other.refused(Platform.X, "1000000001", "post", "POST /2/tweets answered 401");
        assertThat(events).hasSize(1);

        clock.advance(Duration.ofMinutes(5)); // 13:01: the next window
        other.refused(Platform.X, "1000000001", "post", "POST /2/tweets answered 401");
        one.refused(Platform.X, "1000000001", "poll", "GET /2/users/1000000001/mentions answered 401");

        assertThat(events).hasSize(2);
    }

    @Test
    void eachAccountAndPlatformHasItsOwnWindow() {
        CredentialAlerts alerts = new CredentialAlerts(events::add, store, clock);

        alerts.refused(Platform.X, "1000000001", "post", "401");
        alerts.refused(Platform.X, "1000000002", "post", "401");
        alerts.refused(Platform.MASTODON, "1000000001", "poll", "401");
        alerts.refused(Platform.X, "1000000002", "post", "401");

        assertThat(events).extracting(e -> e.detail().get("platform") + "/" + e.detail().get("account"))
                .containsExactly("x/1000000001", "x/1000000002", "mastodon/1000000001");
    }

    @Test
    void withoutTheStoreOneInstanceStillKeepsToOnePerHour() {
        CredentialAlerts alerts = new CredentialAlerts(events::add, null, clock);

        alerts.refused(Platform.BLUESKY, "did:plc:acme", "poll", "401");
        clock.advance(Duration.ofMinutes(30));
        alerts.refused(Platform.BLUESKY, "did:plc:acme", "poll", "401");
        clock.advance(Duration.ofMinutes(30));
        alerts.refused(Platform.BLUESKY, "did:plc:acme", "poll", "401");

        assertThat(events).hasSize(2);
    }

    @Test
    void aStoreThatFailsDoesNotSilenceTheAlert() {
        CredentialAlerts alerts = new CredentialAlerts(events::add, (bucket, limit, now) -> {
            throw new IllegalStateException("table unavailable");
        }, clock);

        assertThat(alerts.refused(Platform.THREADS, "17841400000000001", "poll", "401")).isTrue();
        assertThat(alerts.refused(Platform.THREADS, "17841400000000001", "poll", "401")).isFalse();
        assertThat(events).hasSize(1);
    }

    @Test
    void aLongPlatformAnswerIsCutShort() {
        CredentialAlerts alerts = new CredentialAlerts(events::add, store, clock);

        alerts.refused(Platform.FACEBOOK, "1234", "read", "x".repeat(1000));

        assertThat((String) events.get(0).detail().get("reason")).hasSize(200);
    }
}
