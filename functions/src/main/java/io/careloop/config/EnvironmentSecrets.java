package io.careloop.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets for the local runtime: {@code CARELOOP_<NAME>} environment variables (for example
 * {@code CARELOOP_GENERIC_SECRET}), falling back to development defaults so the stack runs out of the box.
 * Never used in AWS, where {@link SecretsManagerSecrets} applies.
 */
public final class EnvironmentSecrets implements Secrets {
    /** Development defaults; documented in the README and useless outside one machine. */
    public static final Map<String, String> DEVELOPMENT_DEFAULTS = Map.of(
            GENERIC_WEBHOOK, "dev-generic-secret",
            X_CONSUMER_SECRET, "dev-x-consumer-secret",
            X_ACCESS_TOKEN, "dev-x-access-token",
            META_APP_SECRET, "dev-meta-app-secret",
            META_VERIFY_TOKEN, "dev-meta-verify-token",
            META_PAGE_TOKEN, "dev-meta-page-token",
            MASTODON_WEBHOOK_SECRET, "dev-mastodon-webhook-secret",
            MASTODON_ACCESS_TOKEN, "dev-mastodon-access-token",
            BLUESKY_APP_PASSWORD, "dev-bluesky-app-password");

    /** The environment variable each secret is read from. */
    public static String variableFor(String secretName) {
        if (GENERIC_WEBHOOK.equals(secretName)) {
            return "CARELOOP_GENERIC_SECRET";
        }
        return "CARELOOP_" + secretName.toUpperCase(Locale.ROOT);
    }

    private final Settings settings;

    public EnvironmentSecrets(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<String> get(String name) {
        return settings.get(variableFor(name)).or(() -> Optional.ofNullable(DEVELOPMENT_DEFAULTS.get(name)));
    }
}
