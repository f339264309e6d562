package io.careloop.api;

import io.careloop.cases.TimelineKind;
import io.careloop.testing.RecordingMetrics;
import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.aCase;
import static io.careloop.api.ApiCalls.caller;
import static io.careloop.api.ApiCalls.error;
import static io.careloop.api.ApiCalls.get;
import static io.careloop.api.ApiCalls.json;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Platform;
import io.careloop.http.HttpResponse;
import io.careloop.incidents.IncidentStatus;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.events.CareEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lead resolves an incident: one community post, and every linked open case answered and resolved. */
class CaseApiIncidentTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private static final String OUTCOME = "{\"outcome\":\"The charging fault is fixed.\",\"advice\":\"Restart the widget once.\"}";

    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final CaseApi api = api();
    private String incidentId;

    private CaseApi api() {
        return new CaseApi(store, store, store, actions, Brands.acme(), clock, new Console(Console.SignIn.LOCAL_TOKEN), metrics);
    }

    /**
     * Incident on X about widgets with four linked cases: two public and open, one private (no public post to
     * answer), one resolved before the incident was; and one open case that is not part of it.
     */
    @BeforeEach
    void anIncidentWithLinkedCases() {
        incidentId = store.openIncident("x#widget", Platform.X, "widget", clock.instant().minus(Duration.ofHours(2)))
                .incidentId();
        linked(aCase("c_1", CaseStatus.ACKNOWLEDGED));
        linked(aCase("c_2", CaseStatus.HANDED_OFF).toBuilder().assignee("Bo Lee").build());
        linked(aCase("c_3", CaseStatus.PRIVATE).toBuilder().replyTo(null).build());
        linked(aCase("c_4", CaseStatus.RESOLVED));
        store.givenOpenCase(aCase("c_5", CaseStatus.ACKNOWLEDGED));
        store.givenDue(new DueItem("c_2", DueKind.HANDOFF_UPDATE, clock.instant().plus(Duration.ofHours(4)),
                Duration.ofHours(24)));
    }

    private void linked(Case c) {
        Case stored = store.givenOpenCase(c);
        store.linkToIncident(stored, incidentId, new TimelineEntry(clock.instant(), TimelineKind.INCIDENT, "careloop", null, false,
                incidentId, "linked"));
    }

    private HttpResponse resolve(Role role, String body) {
        return api.handle(post("/incidents/" + incidentId + "/resolve", body, caller(ANA, role)));
    }

    private Case stored(String id) {
        return store.getCase(id).orElseThrow();
    }

    private IncidentStatus incidentStatus() {
        return store.getIncident(incidentId).orElseThrow().status();
    }

    @Test
    void anInstagramIncidentIsResolvedWithEachCustomerNeverWithACommunityPost() {
        String instagram = store.openIncident("instagram#widget", Platform.INSTAGRAM, "widget", clock.instant()).incidentId();
        Case c = store.givenOpenCase(aCase("c_9", CaseStatus.ACKNOWLEDGED).toBuilder().platform(Platform.INSTAGRAM).build());
        store.linkToIncident(c, instagram, new TimelineEntry(clock.instant(), TimelineKind.INCIDENT, "careloop", null, false,
                instagram, "linked"));

        HttpResponse r = api.handle(post("/incidents/" + instagram + "/resolve", OUTCOME, caller(ANA, Role.LEAD)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(actions.sent(ActionType.INCIDENT_RESOLVED)).as("Instagram has no text feed").isEmpty();
        assertThat(actions.sent(ActionType.RESOLUTION)).extracting(Action::caseId).containsExactly("c_9");
    }

    @Test
    void aLeadsResolutionPostsOnceToTheCommunityAndAnswersEachLinkedOpenCase() {
        HttpResponse r = resolve(Role.LEAD, OUTCOME);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(body.path("casesAnswered").asInt()).isEqualTo(3);
        assertThat(incidentStatus()).isEqualTo(IncidentStatus.RESOLVED);

        assertThat(actions.sent(ActionType.INCIDENT_RESOLVED)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(incidentId + "#INCIDENT_RESOLVED");
            assertThat(a.incidentId()).isEqualTo(incidentId);
            assertThat(a.actor()).isEqualTo(ANA);
            assertThat(a.text()).contains("the problem with the widget is fixed")
                    .contains("The charging fault is fixed. Restart the widget once.");
        });
        // One resolution per linked open case with a public post to answer; the private one is resolved quietly.
        assertThat(actions.sent(ActionType.RESOLUTION)).extracting(Action::key)
                .containsExactlyInAnyOrder("c_1#RESOLUTION", "c_2#RESOLUTION");
        assertThat(actions.sent(ActionType.RESOLUTION)).allSatisfy(a ->
                assertThat(a.text()).startsWith("@dana_k The charging fault is fixed."));
        assertThat(actions.sent()).hasSize(3);

        for (String id : new String[] {"c_1", "c_2", "c_3"}) {
            assertThat(stored(id).status()).isEqualTo(CaseStatus.RESOLVED);
            assertThat(stored(id).resolvedAt()).isEqualTo(clock.instant());
            assertThat(store.timeline(id)).last().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.STATUS);
                assertThat(e.ref()).isEqualTo(incidentId);
                assertThat(e.note()).isEqualTo("resolved with incident " + incidentId);
            });
        }
        assertThat(store.allDue()).containsExactlyInAnyOrder(
                new DueItem("c_1", DueKind.CLOSE_LOOP, clock.instant().plus(Brands.acme().closeLoopAfter())),
                new DueItem("c_2", DueKind.CLOSE_LOOP, clock.instant().plus(Brands.acme().closeLoopAfter())),
                new DueItem("c_3", DueKind.CLOSE_LOOP, clock.instant().plus(Brands.acme().closeLoopAfter())));
        assertThat(stored("c_4").resolvedAt()).isNull();
        assertThat(stored("c_5").status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    }

    @Test
    void oneResolutionIsOneIncidentResolvedEventForReports() {
        List<CareEvent> events = new ArrayList<>();
        CaseApi reporting = new CaseApi(store, store, store, actions, Brands.acme(), clock,
                new Console(Console.SignIn.LOCAL_TOKEN), metrics, null, null, events::add, null, null, null);

        HttpResponse r = reporting.handle(post("/incidents/" + incidentId + "/resolve", OUTCOME, caller(ANA, Role.LEAD)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(events).filteredOn(e -> e.type() == CareEvent.Type.INCIDENT_RESOLVED).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("cases", 3).containsEntry("by", ANA));
        // Each linked case resolved with it still counts once, as a resolution of its own.
        assertThat(events).filteredOn(e -> e.type() != CareEvent.Type.INCIDENT_RESOLVED).hasSize(3);
    }

    @Test
    void aSecondResolutionIsRefusedAndPostsNothingMore() {
        resolve(Role.LEAD, OUTCOME);
        int queued = actions.sent().size();

        HttpResponse again = resolve(Role.LEAD, OUTCOME);

        assertThat(again.status()).isEqualTo(409);
        assertThat(error(again)).isEqualTo("incident " + incidentId + " is already resolved");
        assertThat(actions.sent()).hasSize(queued);
    }

    @Test
    void anAgentMayNotResolveAnIncident() {
        HttpResponse r = resolve(Role.AGENT, OUTCOME);

        assertThat(r.status()).isEqualTo(403);
        assertThat(error(r)).isEqualTo("this needs the lead role; the token carries only agent");
        assertThat(incidentStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aBlockedOutcomeLeavesTheIncidentOpen() {
        HttpResponse r = resolve(Role.LEAD, "{\"outcome\":\"It was user error.\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).path("rule").asText()).isEqualTo("no-arguing");
        assertThat(incidentStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(stored("c_1").status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void anOutcomeIsRequired() {
        HttpResponse r = resolve(Role.LEAD, "{\"advice\":\"Restart the widget once.\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("outcome is required and must be a non-empty string");
        assertThat(incidentStatus()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void anUnknownIncidentIsNotFound() {
        HttpResponse r = api.handle(post("/incidents/i_404/resolve", OUTCOME, caller(ANA, Role.LEAD)));

        assertThat(r.status()).isEqualTo(404);
        assertThat(error(r)).isEqualTo("no incident i_404");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aViewerSeesTheOpenIncidentAndItsCases() {
        JsonNode list = json(api.handle(get("/incidents", Map.of(), caller(ANA, Role.VIEWER))));
        JsonNode one = json(api.handle(get("/incidents/" + incidentId, Map.of(), caller(ANA, Role.VIEWER))));

        assertThat(list.path("incidents")).singleElement().satisfies(i -> {
            assertThat(i.path("id").asText()).isEqualTo(incidentId);
            assertThat(i.path("cases")).as("the list gives each incident's cases, as the incident itself does")
                    .extracting(JsonNode::asText).containsExactly("c_1", "c_2", "c_3", "c_4");
        });
        assertThat(one.path("status").asText()).isEqualTo("OPEN");
        assertThat(one.path("cases")).extracting(JsonNode::asText).containsExactly("c_1", "c_2", "c_3", "c_4");
    }
}
