package io.careloop.api;

import static io.careloop.api.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueKind;
import io.careloop.events.CareEvent;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The team's "done" resolves a handed-off case where the team's policy says so; stale or replayed deliveries are refused. */
class HandoffWebhookTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final List<CareEvent> events = new ArrayList<>();
    private final CaseApi api = new CaseApi(store, store, store, new RecordingActionQueue(),
            Brands.merged("{\"teams\": {\"support\": {\"handoff\": {\"done\": \"resolve\"}}}}"), clock,
            new Console(Console.SignIn.LOCAL_TOKEN), new RecordingMetrics(), store, null, events::add, store, store,
            () -> Optional.of("s3cret"));

    private HttpRequest signed(String team, String body, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return new HttpRequest("POST", "/webhooks/handoff/" + team, Map.of("x-careloop-timestamp", Long.toString(timestamp),
                "x-careloop-signature", signature), Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void doneResolvesTheCaseWhereTheTeamsPolicySaysSo() throws Exception {
        store.givenOpenCase(ApiCalls.aCase("c1", CaseStatus.HANDED_OFF).toBuilder().assignee("Ana Kim").build());

        HttpResponse done = api.handle(signed("support", "{\"caseId\": \"c1\", \"note\": \"Replaced under warranty\", "
                + "\"status\": \"done\"}", clock.instant().getEpochSecond()));

        assertThat(done.status()).isEqualTo(202);
        assertThat(json(done).path("resolved").asBoolean()).isTrue();
        assertThat(store.getCase("c1").orElseThrow().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(store.allDue()).extracting(d -> d.kind()).containsExactly(DueKind.CLOSE_LOOP);
        assertThat(events).extracting(CareEvent::type).containsExactly(CareEvent.Type.CASE_RESOLVED);
        // the same "done" again changes nothing
        HttpResponse again = api.handle(signed("support", "{\"caseId\": \"c1\", \"note\": \"Replaced under warranty\", "
                + "\"status\": \"done\"}", clock.instant().getEpochSecond()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(events).hasSize(1);
    }

    @Test
    void aDeliveryOutsideTheFiveMinuteWindowIsRefused() throws Exception {
        store.givenOpenCase(ApiCalls.aCase("c2", CaseStatus.HANDED_OFF));
        HttpResponse stale = api.handle(signed("support", "{\"caseId\": \"c2\", \"note\": \"update\"}",
                clock.instant().getEpochSecond() - 600));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(json(stale).path("error").asText()).contains("5-minute window");
        assertThat(store.timeline("c2")).isEmpty();
    }

    @Test
    void aTimestampBeyondTheCalendarIsRefusedWithItsReasonNotAnError() throws Exception {
        store.givenOpenCase(ApiCalls.aCase("c3", CaseStatus.HANDED_OFF));

        HttpResponse far = api.handle(signed("support", "{\"caseId\": \"c3\", \"note\": \"update\"}", Long.MAX_VALUE));

        assertThat(far.status()).isEqualTo(401);
        assertThat(json(far).path("error").asText()).contains("5-minute window");
        assertThat(store.timeline("c3")).isEmpty();
    }
}
