package io.careloop.api;

import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.error;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.http.HttpResponse;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent's reply in a Messenger conversation is refused at once when Meta could no longer take it (past 7 days). */
class CaseApiMessengerWindowTest {
    private static final Instant LAST_MESSAGE = Instant.parse("2026-11-16T10:00:00Z");

    private final MutableClock clock = new MutableClock(LAST_MESSAGE);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final CaseApi api = new CaseApi(store, store, store, actions, Brands.acme(), clock,
            new Console(Console.SignIn.LOCAL_TOKEN), new RecordingMetrics());

    @BeforeEach
    void aMessengerConversation() {
        Case c = store.givenOpenCase(new Case("c_dm", CaseStatus.NEW, Priority.P2, Platform.FACEBOOK,
                new Author("7123", "7123", "7123", 0, false), "dm-7123", null, "my order never arrived", null, "Care",
                "delivery", LAST_MESSAGE, LAST_MESSAGE.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0));
        store.apply(CaseChange.of(c, c, new TimelineEntry(LAST_MESSAGE, TimelineKind.MESSAGE, "@7123",
                "my order never arrived", true, "m_1", "opened")));
    }

    private HttpResponse reply() {
        return api.handle(post("/cases/c_dm/reply", "{\"text\":\"Your parcel ships today.\",\"private\":true}", agent(ANA)));
    }

    @Test
    void sevenDaysAfterTheCustomersMessageTheReplyIsQueued() {
        clock.set(LAST_MESSAGE.plus(Duration.ofDays(7)));

        assertThat(reply().status()).isEqualTo(202);
        assertThat(actions.sent()).hasSize(1);
    }

    @Test
    void pastSevenDaysTheAgentIsToldAtOnceAndNothingIsQueued() {
        clock.set(LAST_MESSAGE.plus(Duration.ofDays(7)).plusSeconds(1));

        HttpResponse refused = reply();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(error(refused)).contains("more than 7 days ago").contains("invite them to write or email");
        assertThat(actions.sent()).isEmpty();
    }
}
