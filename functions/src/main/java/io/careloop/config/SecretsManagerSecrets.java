package io.careloop.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the stack's secret (a JSON object of name → value) from Secrets Manager once, at start, and keeps
 * it for the life of the execution environment.
 */
public final class SecretsManagerSecrets implements Secrets {
    private final Map<String, String> values;

    public SecretsManagerSecrets(SecretsManagerClient client, String secretId) {
        String json = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        this.values = parse(json);
    }

    static Map<String, String> parse(String json) {
        try {
            JsonNode node = Json.parse(json);
            Map<String, String> result = new HashMap<>();
            node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
            return result;
        } catch (Exception e) {
            // Never echo the secret's content: only that it is not the expected shape.
            throw new IllegalStateException("The careloop secret must be a JSON object of name to value");
        }
    }

    @Override
    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
