package io.careloop.config;


import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets for the local runtime: {@code CARELOOP_<NAME>} environment variables (for example
 * {@code CARELOOP_GENERIC_SECRET}), falling back to development defaults so the stack runs out of the box.
 * With {@code CARELOOP_SECRETS_FILE} (a JSON object of name → value, the shape of the stack's secret in AWS)
 * the file wins over both and is read again on {@link #refresh()}, so local credentials can be rotated without
 * a restart. Never used in AWS, where {@link SecretsManagerSecrets} applies.
 */
public final class EnvironmentSecrets implements Secrets {
    /** Development defaults; documented in the README and useless outside one machine. */
    public static final Map<String, String> DEVELOPMENT_DEFAULTS = Map.ofEntries(
            Map.entry(GENERIC_WEBHOOK, "dev-generic-secret"),
            Map.entry(X_CONSUMER_SECRET, "dev-x-consumer-secret"),
            Map.entry(X_ACCESS_TOKEN, "dev-x-access-token"),
            Map.entry(META_APP_SECRET, "dev-meta-app-secret"),
            Map.entry(META_VERIFY_TOKEN, "dev-meta-verify-token"),
            Map.entry(META_PAGE_TOKEN, "dev-meta-page-token"),
            Map.entry(MASTODON_WEBHOOK_SECRET, "dev-mastodon-webhook-secret"),
            Map.entry(MASTODON_ACCESS_TOKEN, "dev-mastodon-access-token"),
            Map.entry(BLUESKY_APP_PASSWORD, "dev-bluesky-app-password"),
            Map.entry(THREADS_APP_SECRET, "dev-threads-app-secret"),
            Map.entry(THREADS_VERIFY_TOKEN, "dev-threads-verify-token"),
            Map.entry(THREADS_ACCESS_TOKEN, "dev-threads-access-token"));

    /** The environment variable each secret is read from. */
    public static String variableFor(String secretName) {
        if (GENERIC_WEBHOOK.equals(secretName)) {
            return "CARELOOP_GENERIC_SECRET";
        }
        return "CARELOOP_" + secretName.toUpperCase(Locale.ROOT);
    }

    private final Settings settings;
    private volatile Map<String, String> file = Map.of();

    public EnvironmentSecrets(Settings settings) {
        this.settings = settings;
        refresh();
    }

    @Override
    public Optional<String> get(String name) {
        String fromFile = file.get(name);
        if (fromFile != null && !fromFile.isBlank()) {
            return Optional.of(fromFile);
        }
        return settings.get(variableFor(name)).or(() -> Optional.ofNullable(DEVELOPMENT_DEFAULTS.get(name)));
    }

    @Override
    public void refresh() {
        var path = settings.get("CARELOOP_SECRETS_FILE");
        if (path.isEmpty()) {
            return;
        }
        try {
            file = Secrets.parseJson(java.nio.file.Files.readString(java.nio.file.Path.of(path.get())));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("CARELOOP_SECRETS_FILE " + path.get() + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
