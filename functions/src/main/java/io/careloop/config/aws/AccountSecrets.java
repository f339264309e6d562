package io.careloop.config.aws;

import io.careloop.config.Secrets;

import io.careloop.core.Platform;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Secrets Manager secret per platform account, named {@code <prefix><platform>/<account id>} (for example
 * {@code careloop/prod/accounts/x/1000000001}) and holding JSON such as {@code {"access_token": "..."}}. Read on
 * first use and kept; read again when the platform refuses the credential (at most once a minute). An account
 * without its own secret uses the stack secret's value, so a one-account team needs only that.
 */
public final class AccountSecrets {
    private static final long MIN_REFRESH_NANOS = 60_000_000_000L;
    private final GetSecretValue client;
    private final String prefix;
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();
    private volatile long refreshedAt = System.nanoTime() - MIN_REFRESH_NANOS;

    public AccountSecrets(GetSecretValue client, String prefix) {
        this.client = client;
        this.prefix = prefix;
    }

    /** The secret's name for one account. */
    public String secretName(Platform platform, String accountId) {
        return prefix + platform.id() + "/" + accountId;
    }

    /** A field of the account's secret, if the account has a secret and the field is set. */
    public Optional<String> get(Platform platform, String accountId, String field) {
        Map<String, String> values = cache.computeIfAbsent(secretName(platform, accountId), this::read);
        String value = values.get(field);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Forgets what was read, so the next use reads each account's secret again. */
    public synchronized void refresh() {
        if (System.nanoTime() - refreshedAt >= MIN_REFRESH_NANOS) {
            cache.clear();
            refreshedAt = System.nanoTime();
        }
    }

    private Map<String, String> read(String name) {
        // No secret of its own: the stack secret applies.
        return client.secretString(name).map(SecretsManagerSecrets::parse).orElseGet(HashMap::new);
    }
}
