package io.careloop.config.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Secrets Manager's GetSecretValue as careloop sends it (AWS JSON 1.1, SigV4 for {@code secretsmanager}) against a
 * local HTTP server that answers as the API reference documents; and the caching of the two secret readers on it.
 */
class GetSecretValueTest {
    private static final String STACK_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:careloop/prod-AbCdEf";

    private HttpServer server;
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    /** The answers by secret id: status and body; an unknown id gets ResourceNotFoundException. */
    private final Map<String, Object[]> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private GetSecretValue client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = Json.parse(body);
            requests.add(Map.of("method", exchange.getRequestMethod(), "path", exchange.getRequestURI().getPath(),
                    "target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                    "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "amzDate", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Date")),
                    "body", json));
            Object[] answer = answers.getOrDefault(json.path("SecretId").asText(), new Object[] {400,
                    "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"});
            byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders((int) answer[0], bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        client = new GetSecretValue(UrlConnectionHttpClient.builder().build(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void secret(String id, String secretString) {
        answers.put(id, new Object[] {200, Json.write(Map.of("ARN", STACK_SECRET, "Name", "careloop/prod",
                "SecretString", secretString, "VersionId", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
                "VersionStages", List.of("AWSCURRENT"), "CreatedDate", 1.523477145713E9))});
    }

    @Test
    void sendsOneSignedJsonPostAndReadsTheSecretString() {
        secret(STACK_SECRET, "{\"x_access_token\":\"token-1\"}");

        assertThat(client.secretString(STACK_SECRET)).contains("{\"x_access_token\":\"token-1\"}");

        assertThat(requests).hasSize(1);
        Map<String, Object> request = requests.get(0);
        assertThat(request.get("method")).isEqualTo("POST");
        assertThat(request.get("path")).isEqualTo("/");
        assertThat(request.get("target")).isEqualTo("secretsmanager.GetSecretValue");
        assertThat(request.get("contentType")).isEqualTo("application/x-amz-json-1.1");
        assertThat((String) request.get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/secretsmanager/aws4_request")
                .contains("SignedHeaders=")
                .contains("x-amz-target")
                .contains("Signature=");
        assertThat((String) request.get("amzDate")).matches("\\d{8}T\\d{6}Z");
        assertThat(((JsonNode) request.get("body")).toString()).isEqualTo("{\"SecretId\":\"" + STACK_SECRET + "\"}");
    }

    @Test
    void aSecretThatDoesNotExistIsEmptyWhateverTheErrorTypesNamespace() {
        answers.put("careloop/prod/accounts/x/2", new Object[] {400,
                "{\"__type\":\"com.amazonaws.secretsmanager#ResourceNotFoundException\",\"message\":\"not found\"}"});

        assertThat(client.secretString("careloop/prod/accounts/x/1")).isEmpty();
        assertThat(client.secretString("careloop/prod/accounts/x/2")).isEmpty();
    }

    @Test
    void anyOtherRefusalFailsWithItsTypeButNotTheAnswersText() {
        answers.put(STACK_SECRET, new Object[] {400,
                "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::123456789012:assumed-role/x is not authorized\"}"});

        assertThatThrownBy(() -> client.secretString(STACK_SECRET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageNotContaining("assumed-role");
    }

    @Test
    void aThrottledOrFailedCallIsMadeAgainUpToThreeTimes() {
        answers.put(STACK_SECRET, new Object[] {400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"});

        assertThatThrownBy(() -> client.secretString(STACK_SECRET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ThrottlingException");
        assertThat(requests).hasSize(GetSecretValue.ATTEMPTS);

        requests.clear();
        answers.put("careloop/prod/accounts/x/1", new Object[] {503, "{\"__type\":\"ServiceUnavailable\"}"});
        assertThatThrownBy(() -> client.secretString("careloop/prod/accounts/x/1")).hasMessageContaining("503");
        assertThat(requests).hasSize(GetSecretValue.ATTEMPTS);

        // A refusal that will not change is not asked again.
        requests.clear();
        answers.put("careloop/prod/accounts/x/2", new Object[] {400, "{\"__type\":\"AccessDeniedException\"}"});
        assertThatThrownBy(() -> client.secretString("careloop/prod/accounts/x/2")).hasMessageContaining("AccessDeniedException");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aCallThatSucceedsOnItsSecondAttemptReadsTheSecret() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.removeContext("/");
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean first = calls.incrementAndGet() == 1;
            byte[] bytes = (first ? "{\"__type\":\"InternalServiceError\"}"
                    : "{\"ARN\":\"" + STACK_SECRET + "\",\"SecretString\":\"{\\\"k\\\":\\\"v\\\"}\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(first ? 500 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });

        assertThat(client.secretString(STACK_SECRET)).contains("{\"k\":\"v\"}");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aBinarySecretIsRefusedWithoutShowingIt() {
        answers.put(STACK_SECRET, new Object[] {200, "{\"ARN\":\"" + STACK_SECRET + "\",\"SecretBinary\":\"c2VjcmV0\"}"});

        assertThatThrownBy(() -> client.secretString(STACK_SECRET))
                .hasMessageContaining("no SecretString")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void theErrorTypeComesFromTheBodyElseTheHeader() {
        assertThat(GetSecretValue.errorType("{\"__type\":\"InvalidRequestException\"}", null)).isEqualTo("InvalidRequestException");
        assertThat(GetSecretValue.errorType("<html>bad gateway</html>",
                "ThrottlingException:http://internal.amazon.com/coral/")).isEqualTo("ThrottlingException");
        assertThat(GetSecretValue.errorType("", null)).isEqualTo("unknown error");
    }

    @Test
    void theStackSecretIsReadOnceAtStartAndNotAgainWithinAMinute() {
        secret(STACK_SECRET, "{\"x_access_token\":\"token-1\",\"mastodon_access_token\":\"\"}");

        SecretsManagerSecrets secrets = new SecretsManagerSecrets(client, STACK_SECRET);
        assertThat(secrets.get("x_access_token")).contains("token-1");
        assertThat(secrets.get("mastodon_access_token")).as("blank is unset").isEmpty();
        secrets.refresh(); // the first refresh reads again: a refused credential may have been rotated
        secret(STACK_SECRET, "{\"x_access_token\":\"token-2\"}");
        secrets.refresh(); // within a minute of the last read: not again
        assertThat(secrets.get("x_access_token")).contains("token-1");

        assertThat(requests).hasSize(2);
    }

    @Test
    void aMissingStackSecretFailsAtStartNamingIt() {
        assertThatThrownBy(() -> new SecretsManagerSecrets(client, "careloop/missing"))
                .hasMessageContaining("careloop/missing")
                .hasMessageContaining("does not exist");
    }

    @Test
    void anAccountsOwnSecretIsReadOnceAndAnAbsentOneIsRememberedAsAbsent() {
        AccountSecrets accounts = new AccountSecrets(client, "careloop/prod/accounts/");
        secret("careloop/prod/accounts/x/1000000001", "{\"access_token\":\"account-token\"}");

        assertThat(accounts.get(Platform.X, "1000000001", "access_token")).contains("account-token");
        assertThat(accounts.get(Platform.X, "1000000001", "access_token")).contains("account-token");
        assertThat(accounts.get(Platform.MASTODON, "109", "access_token")).isEmpty();
        assertThat(accounts.get(Platform.MASTODON, "109", "access_token")).isEmpty();

        assertThat(requests).extracting(r -> ((JsonNode) r.get("body")).path("SecretId").asText())
                .containsExactly("careloop/prod/accounts/x/1000000001", "careloop/prod/accounts/mastodon/109");
    }
}
