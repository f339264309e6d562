package io.careloop.config.aws;

import io.careloop.config.Secrets;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the stack's secret (a JSON object of name → value) from Secrets Manager once, at start, and keeps
 * it for the life of the execution environment; read again when a platform refuses a credential (at most once
 * a minute, so a revoked token cannot turn every post into a Secrets Manager call).
 */
public final class SecretsManagerSecrets implements Secrets {
    private static final long MIN_REFRESH_NANOS = 60_000_000_000L;
    private final GetSecretValue client;
    private final String secretId;
    private volatile Map<String, String> values;
    private volatile long readAt = System.nanoTime() - MIN_REFRESH_NANOS; // the first re-read is never held back

    public SecretsManagerSecrets(GetSecretValue client, String secretId) {
        this.client = client;
        this.secretId = secretId;
        read();
    }

    private void read() {
        String json = client.secretString(secretId).orElseThrow(() -> new IllegalStateException(
                "Secret " + secretId + " (SECRETS_ARN) does not exist"));
        this.values = parse(json);
    }

    @Override
    public synchronized void refresh() {
        if (System.nanoTime() - readAt >= MIN_REFRESH_NANOS) {
            readAt = System.nanoTime();
            read();
        }
    }

    static Map<String, String> parse(String json) {
        return Secrets.parseJson(json);
    }

    @Override
    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
