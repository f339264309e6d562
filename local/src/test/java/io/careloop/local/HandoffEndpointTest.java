package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.http.HttpRequest;
import io.careloop.http.TimestampedSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A team whose hand-offs go straight to its own HTTPS endpoint (here a real HTTP server on this machine): the reply
 * function POSTs the case summary signed as careloop's inbound webhooks are checked, retries through the action queue
 * while the endpoint fails, never holds the customer's messages back meanwhile, and notes a refusal on the case.
 */
class HandoffEndpointTest {
    private static final String SECRET = "engineering-endpoint-secret-9f2c";

    private HttpServer server;
    /** The statuses the endpoint answers, in turn; 200 once they run out. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<HttpRequest> received = Collections.synchronizedList(new ArrayList<>());
    private TestStack stack;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/careloop-handoffs", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            received.add(new HttpRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    Map.of(), Map.of(), exchange.getRequestBody().readAllBytes(), Map.of()));
            Integer status = answers.poll();
            int code = status == null ? 200 : status;
            byte[] body = code == 422 ? "{\"error\":\"project ENG is archived\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        Map<String, String> env = new HashMap<>(brandWithEndpoint("http://127.0.0.1:" + server.getAddress().getPort()
                + "/careloop-handoffs"));
        env.put("CARELOOP_HANDOFF_ENGINEERING_SECRET", SECRET);
        stack = new TestStack(env);
        stack.visibilityTimeout("ActionQueue", 1);
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        server.stop(0);
    }

    /** Acme's brand, sending without review, with team Engineering's hand-off endpoint. */
    private static Map<String, String> brandWithEndpoint(String url) {
        try (var in = HandoffEndpointTest.class.getResourceAsStream("/io/careloop/config/default-brand.json")) {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(in);
            ((ObjectNode) root.get("policy")).setAll((ObjectNode) Json.mapper().readTree(
                    "{\"review\": {\"default\": \"auto\"}, \"reviewMargin\": 0, \"firstResponse\": \"any\"}"));
            root.set("teams", Json.mapper().readTree("{\"Engineering\": {\"handoff\": {\"url\": \"" + url
                    + "\", \"secret\": \"handoff_engineering_secret\"}}}"));
            Path file = Files.createTempFile("careloop-brand", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, root.toString());
            return Map.of("CARELOOP_CONFIG", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String handOff(String mentionId, String handle) {
        stack.postWebhook(TestStack.mention("x", mentionId, "9" + mentionId, handle, "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#" + mentionId);
        HttpResponse<String> handoff = stack.api("POST", "/cases/" + caseId + "/handoff",
                "{\"team\": \"Engineering\", \"note\": \"firmware 2.1 suspected\", \"updateEvery\": \"1h\"}");
        assertThat(handoff.statusCode()).as(handoff.body()).isEqualTo(200);
        stack.runtime.drain();
        return caseId;
    }

    private String notes(String caseId) {
        return stack.apiJson("GET", "/cases/" + caseId, null).path("timeline").findValuesAsText("note").toString();
    }

    @Test
    void theEndpointGetsTheSignedSummaryOnceAfterItsFailuresAndTheCustomerIsNotKeptWaiting() throws Exception {
        answers.add(503);
        answers.add(500);
        String caseId = handOff("996", "lee_h");

        assertThat(received).as("the first attempt").hasSize(1);
        assertThat(stack.postsMentioning("@lee_h")).as("the customer hears who has it while the endpoint fails")
                .anySatisfy(p -> assertThat(p.path("body").path("text").asText()).contains("Engineering"));
        for (int i = 0; i < 4 && received.size() < 3; i++) {
            Thread.sleep(1_200); // the queue brings the delivery back after its visibility timeout
            stack.runtime.drain();
        }
        Thread.sleep(1_200);
        stack.runtime.drain();

        assertThat(received).as("503, 500, then taken; never again").hasSize(3);
        HttpRequest last = received.get(2);
        assertThat(TimestampedSignature.check(last, SECRET, stack.clock, Duration.ofMinutes(5))).isEmpty();
        assertThat(last.header("X-Careloop-Delivery")).hasValueSatisfying(id -> assertThat(id).startsWith(caseId + "#HANDOFF_DELIVERY#"));
        assertThat(received).extracting(r -> r.header("X-Careloop-Delivery").orElseThrow()).containsOnly(
                last.header("X-Careloop-Delivery").orElseThrow());
        JsonNode summary = Json.read(new String(last.body(), StandardCharsets.UTF_8), JsonNode.class);
        assertThat(summary.path("caseId").asText()).isEqualTo(caseId);
        assertThat(summary.path("team").asText()).isEqualTo("Engineering");
        assertThat(summary.path("note").asText()).isEqualTo("firmware 2.1 suspected");
        assertThat(summary.path("customerWrote").asText()).contains("my widget stopped working");
        assertThat(notes(caseId)).contains("hand-off delivered to the Engineering team's endpoint (HTTP 200)");
        assertThat(stack.messagesWaiting("ActionQueue")).isZero();
    }

    @Test
    void aRefusalIsNotedOnTheCaseAndNotRetried() throws Exception {
        answers.add(422);
        String caseId = handOff("997", "mo_p");
        Thread.sleep(1_200);
        stack.runtime.drain();

        assertThat(received).hasSize(1);
        assertThat(notes(caseId)).contains("hand-off not delivered: the Engineering team's hand-off endpoint refused it: "
                + "HTTP 422 {\"error\":\"project ENG is archived\"}").doesNotContain(SECRET);
        assertThat(stack.messagesWaiting("ActionQueue")).isZero();
    }
}
