package io.careloop.api;

import io.careloop.cases.TimelineKind;
import io.careloop.testing.RecordingMetrics;
import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.aCase;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.caller;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.queue.ActionQueue;
import io.careloop.queue.QueueSendException;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When SQS refuses a message the request fails (the handler answers 500) and the agent retries it: the retry must
 * still get the message out, exactly once by its key.
 */
class CaseApiQueueFailureTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue recorded = new RecordingActionQueue();
    private final RefusingQueue actions = new RefusingQueue();
    private final CaseApi api = api();

    private CaseApi api() {
        return new CaseApi(store, store, store, actions, Brands.acme(), clock, new Console(Console.SignIn.LOCAL_TOKEN), metrics);
    }

    /** The action queue, which can be told to refuse its next send as SQS sometimes does. */
    private final class RefusingQueue implements ActionQueue {
        private int refuse;

        @Override
        public void send(List<Action> batch) {
            if (refuse > 0) {
                refuse--;
                throw new QueueSendException("queue refused the batch");
            }
            recorded.send(batch);
        }
    }

    /** The first attempt fails on the queue; the agent's retry is what the test looks at. */
    private HttpResponse failOnceThenRetry(HttpRequest request) {
        actions.refuse = 1;
        HttpResponse refused = api.handle(request);
        assertThat(refused.status()).as("a refused enqueue is a 503 the agent can repeat").isEqualTo(503);
        assertThat(recorded.sent()).isEmpty();
        return api.handle(request);
    }

    @Test
    void aReplyTheQueueRefusedGoesOutOnTheRetry() {
        store.givenOpenCase(aCase("c_1", CaseStatus.NEW));

        HttpResponse retry = failOnceThenRetry(post("/cases/c_1/reply",
                "{\"text\":\"On it now.\",\"idempotencyKey\":\"r-1\"}", agent(ANA)));

        assertThat(retry.status()).isEqualTo(202);
        assertThat(recorded.sent()).extracting(Action::key).containsExactly("c_1#AGENT_REPLY#r-1");
    }

    @Test
    void aPromiseTheQueueRefusedGoesOutOnTheRetry() {
        store.givenOpenCase(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse retry = failOnceThenRetry(post("/cases/c_1/promise",
                "{\"due\":\"2h\",\"idempotencyKey\":\"p-1\"}", agent(ANA)));

        assertThat(retry.status()).isEqualTo(202);
        assertThat(recorded.sent()).extracting(Action::key).containsExactly("c_1#PROMISE#p-1");
    }

    @Test
    void aModerationTheQueueRefusedGoesOutOnTheRetry() {
        store.givenOpenCase(aCase("c_1", CaseStatus.NEW));

        HttpResponse retry = failOnceThenRetry(post("/cases/c_1/moderate",
                "{\"action\":\"hide\",\"category\":\"spam\",\"reason\":\"a link farm\"}", caller(ANA, Role.LEAD)));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(recorded.sent(ActionType.MODERATE)).extracting(Action::key).containsExactly("c_1#MODERATE#m-c_1");
    }

    @Test
    void aResolutionNoteTheQueueRefusedGoesOutOnTheRetry() {
        store.givenOpenCase(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse retry = failOnceThenRetry(post("/cases/c_1/resolve",
                "{\"summary\":\"replaced the charger\",\"publicNote\":\"The new charger is on its way.\"}", agent(ANA)));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(recorded.sent()).extracting(Action::key).containsExactly("c_1#RESOLUTION");
    }

    @Test
    void anIncidentResolutionTheQueueRefusedGoesOutOnTheRetry() {
        String incidentId = store.openIncident("x#widget", Platform.X, "widget", clock.instant()).incidentId();
        store.linkToIncident(store.givenOpenCase(aCase("c_1", CaseStatus.ACKNOWLEDGED)), incidentId,
                new TimelineEntry(clock.instant(), TimelineKind.INCIDENT, "careloop", null, false, incidentId, "linked"));

        HttpResponse retry = failOnceThenRetry(post("/incidents/" + incidentId + "/resolve",
                "{\"outcome\":\"The charging fault is fixed.\"}", caller(ANA, Role.LEAD)));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(recorded.sent()).extracting(Action::key)
                .containsExactly(incidentId + "#INCIDENT_RESOLVED", "c_1#RESOLUTION");
    }
}
