package io.careloop.followup;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.events.CareEvent;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The care team hears of a breached first-response deadline and of a broken promise as care events. */
class FollowUpEventsTest {
    private static final Instant OPENED = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final List<CareEvent> events = new ArrayList<>();
    private final FollowUpService followUp = new FollowUpService(store, store, store, new RecordingActionQueue(), clock,
            new RecordingMetrics(), events::add, io.careloop.testing.Brands.acme());

    private Case aCase(String id) {
        return store.givenOpenCase(new Case(id, CaseStatus.ACKNOWLEDGED, Priority.P1, Platform.X,
                new Author("42", "dana_k", "Dana Kim", 10, false), "t-" + id, "m-" + id, "My widget caught fire", "Ana Kim",
                "Care", "widget", OPENED, OPENED.plus(Duration.ofMinutes(15)), null, null, false, null, false, 0, 0));
    }

    @Test
    void aBreachedDeadlineIsPublishedOnceWithItsCaseAndOwner() {
        Case c = aCase("c_sla");
        store.givenDue(new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));

        followUp.run();
        followUp.run();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(CareEvent.Type.SLA_BREACHED);
            assertThat(e.subject()).isEqualTo("c_sla");
            assertThat(e.detail()).containsEntry("priority", "P1").containsEntry("assignee", "Ana Kim")
                    .containsEntry("team", "Care").containsEntry("firstResponseDue", "2026-11-23T09:15:00Z");
        });
    }

    @Test
    void aBrokenPromiseIsPublishedAsAnEscalation() {
        Case c = aCase("c_promise");
        store.givenDue(new DueItem(c.id(), DueKind.PROMISE, clock.instant().minus(Duration.ofMinutes(1))));

        followUp.run();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(CareEvent.Type.CASE_ESCALATED);
            assertThat(e.detail()).containsEntry("reason", "promise broken");
        });
    }
}
