package io.careloop.webhook;

import io.careloop.observe.Metrics;

import io.careloop.handler.WebhookHandler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.careloop.config.BrandConfig;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Settings;
import io.careloop.core.Mention;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/** The sample in events/ (also used by `sam local invoke`) goes through the real handler. */
class WebhookHandlerEventTest {

    @ParameterizedTest
    @Event(value = "events/webhook-generic.json", type = APIGatewayV2HTTPEvent.class)
    void theGenericWebhookSampleIsAcceptedAtTheTimeItWasSigned(APIGatewayV2HTTPEvent event) {
        List<Mention> enqueued = new ArrayList<>();
        Clock signedAt = Clock.fixed(Instant.ofEpochSecond(1795424400), ZoneOffset.UTC);
        WebhookHandler handler = new WebhookHandler(new WebhookService(List.of(new GenericWebhook(
                new EnvironmentSecrets(new Settings(Map.of())), BrandConfig.load(new Settings(Map.of())), signedAt)),
                enqueued::addAll, Metrics.none()));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(enqueued).extracting(Mention::key).containsExactly("x#1860000000000000001");
    }

    @org.junit.jupiter.api.Test
    void lambdasStreamSignatureAnswersTheSameSampleWithThe202() throws Exception {
        List<Mention> enqueued = new ArrayList<>();
        Clock signedAt = Clock.fixed(Instant.ofEpochSecond(1795424400), ZoneOffset.UTC);
        WebhookHandler handler = new WebhookHandler(new WebhookService(List.of(new GenericWebhook(
                new EnvironmentSecrets(new Settings(Map.of())), BrandConfig.load(new Settings(Map.of())), signedAt)),
                enqueued::addAll, Metrics.none()));
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();

        try (java.io.InputStream event = getClass().getClassLoader().getResourceAsStream("events/webhook-generic.json")) {
            handler.handleRequest(event, answer, null);
        }

        assertThat(io.careloop.core.Json.parse(answer.toByteArray()).path("statusCode").asInt()).isEqualTo(202);
        assertThat(enqueued).extracting(Mention::key).containsExactly("x#1860000000000000001");
    }
}
