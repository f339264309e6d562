package io.careloop.wiring;

import io.careloop.config.Settings;
import io.careloop.events.CareEvents;
import io.careloop.events.LoggedCareEvents;
import io.careloop.events.eventbridge.EventBridgeCareEvents;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Where care events go: always the log; and the stack's EventBridge bus when {@code CARE_EVENT_BUS} names one
 * (template.yaml sets it). The endpoint is EventBridge's in {@code AWS_REGION}, or
 * {@code CARELOOP_EVENTBRIDGE_ENDPOINT} (the local sandbox's bus), {@code AWS_ENDPOINT_URL_EVENTBRIDGE} or
 * {@code AWS_ENDPOINT_URL} (an emulator).
 */
final class CareEventBus {
    /** A care event is worth a short wait, never a function's timeout. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private CareEventBus() {
    }

    static CareEvents build(Settings settings, AwsCredentialsProvider credentials) {
        var bus = settings.get("CARE_EVENT_BUS").filter(b -> !b.isBlank());
        if (bus.isEmpty()) {
            return new LoggedCareEvents(null);
        }
        String region = settings.get("AWS_REGION", "us-east-1");
        URI endpoint = settings.get("CARELOOP_EVENTBRIDGE_ENDPOINT")
                .or(() -> settings.get("AWS_ENDPOINT_URL_EVENTBRIDGE"))
                .or(() -> settings.get("AWS_ENDPOINT_URL"))
                .map(URI::create)
                .orElse(EventBridgeCareEvents.endpointFor(region));
        return new LoggedCareEvents(new EventBridgeCareEvents(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT).build(),
                credentials, endpoint, region, bus.get()));
    }
}
