package io.careloop.api;

import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.aCase;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.careloop.reply.HandoffDeliveries;
import io.careloop.reply.ReplyService;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.core.Json;
import io.careloop.http.HttpRequest;
import io.careloop.http.TimestampedSignature;
import io.careloop.platform.Connectors;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hand-off reaches the team's own endpoint as the case summary, signed as careloop's inbound webhooks are checked;
 * retried on the endpoint's failures, settled with a note on its refusal. Against a real HTTP server on this machine.
 */
class HandoffDeliveryTest {
    private static final String SECRET = "billing-signing-secret-4b1d";

    private final MutableClock clock = new MutableClock(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue queued = new RecordingActionQueue();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger status = new AtomicInteger(202);
    private final Map<String, String> secrets = new HashMap<>(Map.of("handoff_billing_secret", SECRET));
    private HttpServer server;
    private BrandConfig brand;

    private record Received(Map<String, String> headers, byte[] body) {
        HttpRequest asRequest() {
            return new HttpRequest("POST", "/careloop", headers, Map.of(), Map.of(), body, Map.of());
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/careloop", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            received.add(new Received(headers, exchange.getRequestBody().readAllBytes()));
            byte[] answer = status.get() == 400 ? "{\"error\": \"unknown project\n key\"}".getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            if (status.get() == 429) {
                exchange.getResponseHeaders().add("Retry-After", "120");
            }
            exchange.sendResponseHeaders(status.get(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        brand = Brands.merged("{\"teams\": {\"billing\": {\"handoff\": {\"url\": \"http://127.0.0.1:"
                + server.getAddress().getPort() + "/careloop\", \"secret\": \"handoff_billing_secret\"}}}}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ReplyService reply() {
        return new ReplyService(store, store, store, store, new Connectors(List.of()), brand, clock, null,
                new RecordingMetrics(), io.careloop.config.XTier.PAY_PER_USE, io.careloop.events.CredentialAlerts.none(),
                new HandoffDeliveries(store, store, brand, name -> Optional.ofNullable(secrets.get(name)), clock));
    }

    /** An agent hands c_1 to billing through the API; the delivery it queued. */
    private Action handedOff() {
        store.givenOpenCase(aCase("c_1", CaseStatus.ACKNOWLEDGED).toBuilder().assignee(ANA).team("support").build());
        CaseApi api = new CaseApi(store, store, store, queued, brand, clock, new Console(Console.SignIn.LOCAL_TOKEN),
                new RecordingMetrics());
        var response = api.handle(post("/cases/c_1/handoff",
                "{\"team\":\"billing\",\"note\":\"Refund the double charge\",\"updateEvery\":\"4h\"}", agent(ANA)));
        assertThat(response.status()).isEqualTo(200);
        return queued.sent(ActionType.HANDOFF_DELIVERY).get(0);
    }

    private List<TimelineEntry> entries(TimelineKind kind) {
        return store.getCaseWithTimeline("c_1").orElseThrow().timeline().stream().filter(t -> t.kind() == kind).toList();
    }

    @Test
    void theSummaryIsPostedOnceSignedAsCareloopsWebhooksAreChecked() {
        Action delivery = handedOff();

        assertThat(reply().handle(delivery)).isEqualTo(ReplyService.Result.POSTED);
        assertThat(reply().handle(delivery)).as("redelivered by the queue").isEqualTo(ReplyService.Result.ALREADY_POSTED);

        assertThat(received).singleElement().satisfies(r -> {
            assertThat(TimestampedSignature.check(r.asRequest(), SECRET, clock, Duration.ofMinutes(5))).isEmpty();
            assertThat(TimestampedSignature.check(r.asRequest(), "another-secret", clock, Duration.ofMinutes(5)))
                    .contains("X-Careloop-Signature does not match the body");
            assertThat(r.asRequest().header("X-Careloop-Delivery")).contains(delivery.key());
            assertThat(r.asRequest().header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode summary = Json.read(new String(r.body(), StandardCharsets.UTF_8), JsonNode.class);
            assertThat(summary.path("caseId").asText()).isEqualTo("c_1");
            assertThat(summary.path("team").asText()).isEqualTo("billing");
            assertThat(summary.path("note").asText()).isEqualTo("Refund the double charge");
            assertThat(summary.path("handedOffBy").asText()).isEqualTo(ANA);
            assertThat(summary.has("priority") && summary.has("platform") && summary.has("customerWrote")).isTrue();
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
        });
        assertThat(entries(TimelineKind.HANDOFF)).anySatisfy(e ->
                assertThat(e.note()).isEqualTo("hand-off delivered to the billing team's endpoint (HTTP 202)"));
    }

    @Test
    void aFailingEndpointIsRetriedThroughTheQueueUntilItTakesTheHandOff() {
        Action delivery = handedOff();
        status.set(503);

        assertThatThrownBy(() -> reply().handle(delivery)).isInstanceOf(ReplyService.RetryLater.class)
                .hasMessageContaining("503");
        status.set(429);
        // Retried plainly, never deferred to the endpoint's Retry-After: a deferred action is re-sent on its last
        // receive and never reaches the dead-letter queue, so an endpoint down for good would be retried forever.
        assertThatThrownBy(() -> reply().handle(delivery)).isInstanceOfSatisfying(ReplyService.RetryLater.class,
                e -> assertThat(e.retryAt()).isNull());
        status.set(200);
        assertThat(reply().handle(delivery)).isEqualTo(ReplyService.Result.POSTED);

        assertThat(received).hasSize(3).extracting(r -> r.asRequest().header("X-Careloop-Delivery").orElseThrow())
                .containsOnly(delivery.key());
        assertThat(entries(TimelineKind.ALERT)).isEmpty();
    }

    @Test
    void anEndpointThatDoesNotAnswerIsRetried() {
        Action delivery = handedOff();
        server.stop(0); // nobody listens on the port any more

        assertThatThrownBy(() -> reply().handle(delivery)).isInstanceOf(ReplyService.RetryLater.class)
                .hasMessageContaining("did not answer");
        assertThat(store.beginOutbound(delivery.key(), clock.instant(), Duration.ofMinutes(1)).name())
                .as("the key is free for the retry").isEqualTo("ACQUIRED");
    }

    @Test
    void aRefusalIsSettledWithANoteOnTheCaseAndNeverRetried() {
        Action delivery = handedOff();
        status.set(400);

        assertThat(reply().handle(delivery)).isEqualTo(ReplyService.Result.REFUSED);
        assertThat(reply().handle(delivery)).isEqualTo(ReplyService.Result.ALREADY_POSTED);

        assertThat(received).hasSize(1);
        assertThat(entries(TimelineKind.ALERT)).singleElement().satisfies(e -> assertThat(e.note())
                .isEqualTo("hand-off not delivered: the billing team's hand-off endpoint refused it: HTTP 400 "
                        + "{\"error\": \"unknown project key\"}; tell the team another way"));
    }

    @Test
    void inAwsAPlainHttpEndpointOnTheFunctionsOwnMachineGetsNothing() {
        Action delivery = handedOff();
        ReplyService inLambda = new ReplyService(store, store, store, store, new Connectors(List.of()), brand, clock, null,
                new RecordingMetrics(), io.careloop.config.XTier.PAY_PER_USE, io.careloop.events.CredentialAlerts.none(),
                new HandoffDeliveries(store, store, brand, name -> Optional.ofNullable(secrets.get(name)), clock, false));

        assertThat(inLambda.handle(delivery)).isEqualTo(ReplyService.Result.REFUSED);

        assertThat(received).as("nothing POSTed to the loopback address").isEmpty();
        assertThat(entries(TimelineKind.ALERT)).singleElement().satisfies(e -> assertThat(e.note())
                .contains("plain http").contains("teams.billing.handoff.url"));
    }

    @Test
    void withoutItsSecretNothingIsSentUnsignedAndTheCaseSaysWhichSecretIsMissing() {
        Action delivery = handedOff();
        secrets.clear();

        assertThat(reply().handle(delivery)).isEqualTo(ReplyService.Result.REFUSED);

        assertThat(received).isEmpty();
        assertThat(entries(TimelineKind.ALERT)).singleElement().satisfies(e -> assertThat(e.note())
                .contains("the secret 'handoff_billing_secret' that signs the billing team's hand-offs is not configured"));
    }

    /**
     * SQS takes a batch's messages one by one: here the queue takes what comes before the hand-off's delivery and then
     * fails, once. The agent is told to send the hand-off again (503); the customer must still read the notice once.
     */
    @Test
    void aHandOffTheQueuePartlyRefusedAndTheAgentSendsAgainTellsTheCustomerOnce() {
        store.givenOpenCase(aCase("c_1", CaseStatus.ACKNOWLEDGED).toBuilder().assignee(ANA).team("support").build());
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        io.careloop.queue.ActionQueue partlyFailing = actions -> {
            for (Action a : actions) {
                if (a.type() == ActionType.HANDOFF_DELIVERY && failed.compareAndSet(false, true)) {
                    throw new io.careloop.queue.QueueSendException("1 message(s) could not be enqueued: [InternalError]");
                }
                queued.send(List.of(a));
            }
        };
        CaseApi api = new CaseApi(store, store, store, partlyFailing, brand, clock,
                new Console(Console.SignIn.LOCAL_TOKEN), new RecordingMetrics());
        String body = "{\"team\":\"billing\",\"note\":\"Refund the double charge\",\"updateEvery\":\"4h\"}";

        assertThat(api.handle(post("/cases/c_1/handoff", body, agent(ANA))).status()).isEqualTo(503);
        clock.advance(Duration.ofSeconds(5));
        assertThat(api.handle(post("/cases/c_1/handoff", body, agent(ANA))).status()).isEqualTo(200);

        assertThat(queued.sent(ActionType.HANDOFF_NOTICE)).as("public notices queued").hasSize(1);
        assertThat(queued.sent(ActionType.HANDOFF_DELIVERY)).hasSize(1);
    }

    @Test
    void aTeamWithoutAnEndpointGetsNoDeliveryQueued() {
        store.givenOpenCase(aCase("c_2", CaseStatus.ACKNOWLEDGED).toBuilder().assignee(ANA).build());
        CaseApi api = new CaseApi(store, store, store, queued, brand, clock, new Console(Console.SignIn.LOCAL_TOKEN),
                new RecordingMetrics());

        api.handle(post("/cases/c_2/handoff", "{\"team\":\"repairs\",\"updateEvery\":\"4h\"}", agent(ANA)));

        assertThat(queued.sent(ActionType.HANDOFF_DELIVERY)).isEmpty();
        assertThat(queued.sent(ActionType.HANDOFF_NOTICE)).hasSize(1);
    }
}
