package io.careloop.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.http.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handlers read their events and write their answers themselves (the runtime's event serialiser is a cold start
 * of its own): every sample in events/ must read exactly as the runtime's serialiser reads it, and every answer must
 * be what the runtime would have written for the same object.
 */
class LambdaJsonTest {

    static Stream<String> httpSamples() {
        return Stream.of("api-console.json", "api-list-cases.json", "api-list-drafts.json", "api-resolve-case.json",
                "webhook-generic.json", "webhook-mastodon-updated.json", "webhook-mastodon.json", "webhook-meta-edit.json",
                "webhook-meta-handshake.json", "webhook-meta-instagram.json", "webhook-meta-mention.json",
                "webhook-meta-messenger.json", "webhook-meta.json", "webhook-threads-handshake.json",
                "webhook-threads-reply.json", "webhook-threads.json", "webhook-x-activity-mention.json", "webhook-x-crc.json",
                "webhook-x-delete.json", "webhook-x-dm.json", "webhook-x.json");
    }

    @ParameterizedTest
    @MethodSource("httpSamples")
    void anHttpApiSampleReadsAsTheRuntimeReadsIt(String sample) throws Exception {
        APIGatewayV2HTTPEvent runtime = EventLoader.loadApiGatewayHttpEvent("events/" + sample);
        APIGatewayV2HTTPEvent own;
        try (InputStream in = resource(sample)) {
            own = LambdaJson.httpEvent(in);
        }

        HttpRequest expected = ApiGatewayAdapter.toRequest(runtime);
        HttpRequest actual = ApiGatewayAdapter.toRequest(own);
        assertThat(actual.method()).isEqualTo(expected.method());
        assertThat(actual.path()).isEqualTo(expected.path());
        assertThat(actual.headers()).isEqualTo(expected.headers());
        assertThat(actual.query()).isEqualTo(expected.query());
        assertThat(actual.pathParameters()).isEqualTo(expected.pathParameters());
        assertThat(actual.claims()).isEqualTo(expected.claims());
        assertThat(actual.body()).as("the raw body bytes a signature is checked over").isEqualTo(expected.body());
        assertThat(own.getRawQueryString()).isEqualTo(runtime.getRawQueryString());
        assertThat(own.getRouteKey()).isEqualTo(runtime.getRouteKey());
        assertThat(own.getCookies()).isEqualTo(runtime.getCookies());
        assertThat(own.getRequestContext().getRequestId()).isEqualTo(runtime.getRequestContext().getRequestId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs-mention-queue.json", "sqs-action-queue.json"})
    void anSqsSampleReadsAsTheRuntimeReadsIt(String sample) throws Exception {
        SQSEvent runtime = EventLoader.loadSQSEvent("events/" + sample);
        SQSEvent own;
        try (InputStream in = resource(sample)) {
            own = LambdaJson.sqsEvent(in);
        }

        assertThat(own.getRecords()).hasSameSizeAs(runtime.getRecords()).isNotEmpty();
        for (int i = 0; i < own.getRecords().size(); i++) {
            SQSEvent.SQSMessage a = own.getRecords().get(i);
            SQSEvent.SQSMessage b = runtime.getRecords().get(i);
            assertThat(a.getMessageId()).isEqualTo(b.getMessageId());
            assertThat(a.getReceiptHandle()).isEqualTo(b.getReceiptHandle());
            assertThat(a.getBody()).isEqualTo(b.getBody());
            assertThat(a.getAttributes()).isEqualTo(b.getAttributes()).containsKey("MessageGroupId");
            assertThat(a.getEventSourceArn()).isEqualTo(b.getEventSourceArn());
            assertThat(a.getMd5OfBody()).isEqualTo(b.getMd5OfBody());
        }
    }

    @Test
    void aPartialBatchResponseIsWrittenAsTheRuntimeWritesIt() throws Exception {
        SQSBatchResponse response = new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m-1"),
                new SQSBatchResponse.BatchItemFailure("m-2")));

        assertThat(own(response)).isEqualTo(runtime(response, SQSBatchResponse.class));
        assertThat(own(response).toString())
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-2\"}]}");
        assertThat(own(new SQSBatchResponse(List.of())).toString()).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void anHttpApiResponseIsWrittenAsTheRuntimeWritesIt() throws Exception {
        APIGatewayV2HTTPResponse response = ApiGatewayAdapter.toResponse(new io.careloop.http.HttpResponse(401,
                Map.of("content-type", "application/json"), "{\"error\":\"signature mismatch \\u00e9\"}"));

        JsonNode own = own(response);
        JsonNode runtime = runtime(response, APIGatewayV2HTTPResponse.class);
        assertThat(own.path("statusCode").asInt()).isEqualTo(401).isEqualTo(runtime.path("statusCode").asInt());
        assertThat(own.path("headers")).isEqualTo(runtime.path("headers"));
        assertThat(own.path("body")).isEqualTo(runtime.path("body"));
        assertThat(own.path("isBase64Encoded")).isEqualTo(runtime.path("isBase64Encoded"));
    }

    /**
     * Lambda picks, among the public methods named in {@code Handler: Class::handleRequest}, the longest signature
     * (a trailing Context counting one more): the stream one must be that method on every function that has one.
     */
    @ParameterizedTest
    @ValueSource(classes = {WebhookHandler.class, CaseApiHandler.class, TriageHandler.class, ReplyHandler.class,
            FollowUpHandler.class, PollHandler.class})
    void lambdaCallsTheStreamSignature(Class<?> handler) {
        assertThat(RequestStreamHandler.class).isAssignableFrom(handler);
        Method chosen = Arrays.stream(handler.getMethods()).filter(m -> m.getName().equals("handleRequest"))
                .filter(m -> !m.isBridge())
                .max(Comparator.comparingInt(m -> m.getParameterCount()
                        + (m.getParameterCount() > 0 && m.getParameterTypes()[m.getParameterCount() - 1]
                                == com.amazonaws.services.lambda.runtime.Context.class ? 1 : 0)))
                .orElseThrow();
        assertThat(chosen.getParameterTypes()).containsExactly(InputStream.class, java.io.OutputStream.class,
                com.amazonaws.services.lambda.runtime.Context.class);
    }

    @Test
    void aScheduledFunctionsStreamSignatureIgnoresTheEventAndWritesItsSummary() throws Exception {
        var clock = io.careloop.testing.MutableClock.at("2026-11-23T12:00:00Z");
        var store = new io.careloop.testing.InMemoryStore(clock);
        FollowUpHandler handler = new FollowUpHandler(new io.careloop.followup.FollowUpService(store, store, store,
                new io.careloop.testing.RecordingActionQueue(), clock, new io.careloop.testing.RecordingMetrics()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (InputStream event = resource("schedule-followup.json")) {
            handler.handleRequest(event, out, null);
        }

        assertThat(Json.parse(out.toByteArray()))
                .isEqualTo(Json.mapper().valueToTree(handler.handleRequest(Map.of(), null)));
        assertThat(Json.parse(out.toByteArray()).has("handled")).isTrue();
    }

    private static InputStream resource(String sample) {
        return LambdaJsonTest.class.getClassLoader().getResourceAsStream("events/" + sample);
    }

    private static JsonNode own(SQSBatchResponse response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaJson.write(response, out);
        return Json.parse(out.toByteArray());
    }

    private static JsonNode own(APIGatewayV2HTTPResponse response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaJson.write(response, out);
        return Json.parse(out.toByteArray());
    }

    private static <T> JsonNode runtime(T response, Class<T> type) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(type, LambdaJsonTest.class.getClassLoader()).toJson(response, out);
        return Json.parse(new String(out.toByteArray(), StandardCharsets.UTF_8));
    }
}
