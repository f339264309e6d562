package io.careloop.events.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Care events on an EventBridge bus: one {@code PutEvents} call (JSON 1.1 protocol, target
 * {@code AWSEvents.PutEvents}, SigV4 for service {@code events}) per event, with source {@link #SOURCE}, the
 * event type as detail-type, the case or incident id among the resources' place in the detail, and the time.
 * Rules on the bus match on them (README "Care events").
 *
 * <p>Spoken over the SDK's own signer and HTTP client rather than the EventBridge client module, which this
 * build's registry does not carry at the SDK version the rest of the jar uses; the request and answer are the
 * documented ones (API reference, PutEvents).
 */
public final class EventBridgeCareEvents implements CareEvents {
    /** The source of every care event; rules match {@code "source": ["careloop"]}. */
    public static final String SOURCE = "careloop";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final SdkHttpClient http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final URI endpoint;
    private final String region;
    private final String busName;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint the EventBridge endpoint ({@code https://events.<region>.amazonaws.com}, or an emulator's)
     * @param busName  the bus's name or ARN
     */
    public EventBridgeCareEvents(SdkHttpClient http, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                 URI endpoint, String region, String busName) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.region = region;
        this.busName = busName;
    }

    /** EventBridge's public endpoint in a region. */
    public static URI endpointFor(String region) {
        return URI.create("https://events." + region + ".amazonaws.com");
    }

    @Override
    public void publish(CareEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (event.subject() != null) {
            detail.put(event.subject().startsWith("i_") ? "incidentId" : "caseId", event.subject());
        }
        detail.putAll(event.detail());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("EventBusName", busName);
        entry.put("Source", SOURCE);
        entry.put("DetailType", event.type().detailType());
        entry.put("Detail", Json.write(detail));
        entry.put("Time", event.at().getEpochSecond());
        byte[] body = Json.write(Map.of("Entries", List.of(entry))).getBytes(StandardCharsets.UTF_8);

        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", "AWSEvents.PutEvents")
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(ContentStreamProvider.fromByteArray(body)))
                    .build()).call();
            String answer = read(response.responseBody().orElse(null));
            int status = response.httpResponse().statusCode();
            if (status != 200) {
                throw new IllegalStateException("EventBridge PutEvents answered " + status + ": " + errorType(answer));
            }
            JsonNode result = Json.parse(answer);
            if (result.path("FailedEntryCount").asInt(0) > 0) {
                JsonNode failed = result.path("Entries").path(0);
                throw new IllegalStateException("EventBridge refused the event: " + failed.path("ErrorCode").asText("?")
                        + " " + failed.path("ErrorMessage").asText(""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("EventBridge PutEvents failed", e);
        }
    }

    /** The error's type only: an error body may echo the request. */
    private static String errorType(String answer) {
        try {
            JsonNode error = Json.parse(answer);
            return error.path("__type").asText(error.path("code").asText("unknown error"));
        } catch (IOException | RuntimeException e) {
            return "unreadable error";
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
