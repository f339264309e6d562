package io.careloop.config;

import java.util.Optional;

/**
 * Webhook secrets and platform credentials. Values never reach logs, errors or replies.
 * In AWS they come from Secrets Manager; on one machine from {@code CARELOOP_*} environment variables.
 */
public interface Secrets {
    /** Shared secret for {@code POST /webhooks/generic}. */
    String GENERIC_WEBHOOK = "generic_webhook_secret";
    /** X app consumer secret: CRC responses and webhook signatures. */
    String X_CONSUMER_SECRET = "x_consumer_secret";
    /** X user-context access token used to post as the brand. */
    String X_ACCESS_TOKEN = "x_access_token";
    String META_APP_SECRET = "meta_app_secret";
    String META_VERIFY_TOKEN = "meta_verify_token";
    String META_PAGE_TOKEN = "meta_page_token";
    String MASTODON_WEBHOOK_SECRET = "mastodon_webhook_secret";
    String MASTODON_ACCESS_TOKEN = "mastodon_access_token";
    String BLUESKY_APP_PASSWORD = "bluesky_app_password";
    /** The Threads app secret (App settings, Basic: "Threads app secret"): signs Threads webhook deliveries. */
    String THREADS_APP_SECRET = "threads_app_secret";
    /** The token the Threads webhook subscription's handshake must present. */
    String THREADS_VERIFY_TOKEN = "threads_verify_token";
    /** A Threads user access token of the brand's profile (threads_basic, threads_content_publish, threads_manage_replies, threads_read_replies, threads_manage_mentions). */
    String THREADS_ACCESS_TOKEN = "threads_access_token";

    Optional<String> get(String name);

    /** Reads the secrets again (a platform refused a credential: it may have been rotated). */
    default void refresh() {
    }

    default String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("Secret '" + name + "' is not configured"));
    }

    /** A secret's JSON object of name to value. The error never echoes the content, only that it is not that shape. */
    static java.util.Map<String, String> parseJson(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = io.careloop.core.Json.parse(json);
            java.util.Map<String, String> result = new java.util.HashMap<>();
            node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("The careloop secret must be a JSON object of name to value");
        }
    }
}
