package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Agent;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.events.CareEvent;
import io.careloop.routing.Routing;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Triage with routing: each new case goes to an agent of its team before its acknowledgement is queued. */
class TriageRoutingTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final BrandConfig brand = Brands.acme();
    private final List<CareEvent> events = new ArrayList<>();
    private final TriageService triage = new TriageService(Classifier.forBrand(brand), store, store, store, store, actions,
            brand, clock, new RecordingMetrics(), new Routing(store, store, events::add, brand, clock), events::add);

    private Mention direct(String id, String handle, String text) {
        return new Mention(Platform.X, id, new Author("id-" + handle, handle, handle, 120, false), text, clock.instant(),
                null, null, true, false, "test");
    }

    @Test
    void aNewCaseIsOwnedBeforeItsAcknowledgementIsQueued() {
        store.saveProfile(new Agent("Ana Kim", true, List.of("Care"), Set.of("en"), Set.of(), 5, 0, null));

        triage.triage(direct("1", "dana", "@AcmeHelp my widget stopped working yesterday"));

        Case opened = store.allCases().get(0);
        assertThat(opened.assignee()).isEqualTo("Ana Kim");
        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).hasSize(1);
        assertThat(events).extracting(CareEvent::type)
                .containsExactly(CareEvent.Type.CASE_OPENED, CareEvent.Type.CASE_ASSIGNED);
    }

    @Test
    void anUrgentCaseNobodyCanTakeIsRaisedAndStillAcknowledged() {
        triage.triage(direct("2", "eli", "@AcmeHelp my charger caught fire last night"));

        Case opened = store.allCases().get(0);
        assertThat(opened.assignee()).isNull();
        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).hasSize(1);
        assertThat(events).extracting(CareEvent::type)
                .containsExactly(CareEvent.Type.CASE_OPENED, CareEvent.Type.CASE_UNROUTABLE);
    }

    @Test
    void anIncidentOpenedByTriageIsACareEvent() {
        for (String who : List.of("fay", "gus", "hal")) {
            triage.triage(direct("i-" + who, who, "@AcmeHelp my widget stopped working yesterday, this is terrible"));
        }

        assertThat(events).filteredOn(e -> e.type() == CareEvent.Type.INCIDENT_OPENED).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("topic", "widget").containsEntry("platform", "x"));
    }
}
