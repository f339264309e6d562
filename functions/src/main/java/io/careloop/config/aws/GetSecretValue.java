package io.careloop.config.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Backoff;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
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
 * Secrets Manager's {@code GetSecretValue}, the one call careloop makes to it: a POST of
 * {@code {"SecretId": ...}} with {@code X-Amz-Target: secretsmanager.GetSecretValue} (AWS JSON 1.1 protocol),
 * signed with SigV4 for service {@code secretsmanager}; the answer's {@code SecretString}.
 *
 * <p>Spoken over the SDK's own signer and HTTP client instead of the Secrets Manager client module: every function
 * reads its secrets once per execution environment, and that module's 0.6 MB of generated model code was the largest
 * thing in the jar no function otherwise needs. Request and answer as in AWS's API reference
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 */
public final class GetSecretValue {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String SIGNING_NAME = "secretsmanager";

    /** Calls per read, as the SDK's standard retry mode makes. */
    static final int ATTEMPTS = 3;

    private final SdkHttpClient http;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final URI endpoint;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint Secrets Manager's endpoint ({@link #endpointFor}, or an emulator's)
     */
    public GetSecretValue(SdkHttpClient http, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                          URI endpoint, String region) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.region = region;
    }

    /** Secrets Manager's public endpoint in a region (the China regions are under {@code amazonaws.com.cn}). */
    public static URI endpointFor(String region) {
        return URI.create("https://secretsmanager." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
    }

    /**
     * The secret's current string value; empty when no secret has that name ({@code ResourceNotFoundException}).
     * Any other refusal throws with the error's type and status only: an error body may echo the request.
     */
    public Optional<String> secretString(String secretId) {
        byte[] body = Json.write(Map.of("SecretId", secretId)).getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Optional<String> found = null;
        for (int attempt = 1; found == null; attempt++) {
            found = attempt(secretId, signed, body, attempt);
            if (found == null) {
                Backoff.sleep(attempt);
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String answer = found.get();
        JsonNode value;
        try {
            value = Json.parse(answer).path("SecretString");
        } catch (IOException e) {
            throw new IllegalStateException("Secrets Manager GetSecretValue of " + secretId + " answered unreadable JSON");
        }
        if (!value.isTextual()) {
            // A binary secret (SecretBinary) holds no JSON of names and values careloop could read.
            throw new IllegalStateException("Secret " + secretId + " has no SecretString: store it as a JSON string");
        }
        return Optional.of(value.asText());
    }

    /**
     * One call: the answer's body, empty for no such secret, or null when the call may succeed if made again (an
     * unanswered request, a 5xx, or throttling) and attempts remain. The SDK client this replaces retried the same
     * failures; a secret read at start that fails for good fails the function's initialisation.
     */
    @SuppressWarnings("OptionalAssignedToNull") // null: call again
    private Optional<String> attempt(String secretId, SignedRequest signed, byte[] body, int attempt) {
        boolean last = attempt >= ATTEMPTS;
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(ContentStreamProvider.fromByteArray(body)))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            String answer = read(response.responseBody().orElse(null));
            if (status == 200) {
                return Optional.of(answer);
            }
            String type = errorType(answer, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null));
            if (type.equals("ResourceNotFoundException")) {
                return Optional.empty();
            }
            if (!last && (status >= 500 || type.equals("ThrottlingException"))) {
                return null;
            }
            throw new IllegalStateException("Secrets Manager GetSecretValue of " + secretId + " answered " + status
                    + ": " + type);
        } catch (IOException e) {
            if (!last) {
                return null;
            }
            throw new UncheckedIOException("Secrets Manager GetSecretValue of " + secretId + " failed", e);
        }
    }

    /**
     * The error's type without its namespace: JSON 1.1 errors name it in {@code __type} (sometimes as
     * {@code namespace#Type}) and in the {@code x-amzn-ErrorType} header (sometimes followed by {@code :url}).
     */
    static String errorType(String answer, String header) {
        String type = null;
        try {
            JsonNode error = Json.parse(answer);
            type = error.path("__type").asText(null);
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the header
        }
        if ((type == null || type.isBlank()) && header != null) {
            type = header.split(":", 2)[0];
        }
        if (type == null || type.isBlank()) {
            return "unknown error";
        }
        return type.substring(type.lastIndexOf('#') + 1);
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
