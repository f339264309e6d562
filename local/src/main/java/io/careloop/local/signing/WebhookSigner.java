package io.careloop.local.signing;

import io.careloop.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Signs a webhook delivery the way its platform does, so the local tools (demo, bench, load) and the tests send
 * what the platforms send: HMAC-SHA256 of the raw body with the shared secret. Each method answers the headers to
 * add, named in lower case as the local HttpApi hands them to the functions.
 */
public final class WebhookSigner {
    private WebhookSigner() {
    }

    /** X (Account Activity API): {@code x-twitter-webhooks-signature: sha256=base64(HMAC(consumer secret, body))}. */
    public static Map<String, String> x(String consumerSecret, String body) {
        return Map.of("x-twitter-webhooks-signature", "sha256=" + Signatures.base64(hmac(consumerSecret, body)));
    }

    /** Facebook and Instagram (Graph webhooks): {@code x-hub-signature-256: sha256=hex(HMAC(app secret, body))}. */
    public static Map<String, String> meta(String appSecret, String body) {
        return Map.of("x-hub-signature-256", "sha256=" + Signatures.hex(hmac(appSecret, body)));
    }

    /** Threads: Meta's signature with the Threads app's secret: {@code x-hub-signature-256: sha256=hex(HMAC(secret, body))}. */
    public static Map<String, String> threads(String threadsAppSecret, String body) {
        return Map.of("x-hub-signature-256", "sha256=" + Signatures.hex(hmac(threadsAppSecret, body)));
    }

    /** Mastodon (admin webhooks): {@code x-hub-signature: sha256=hex(HMAC(secret, body))}. */
    public static Map<String, String> mastodon(String secret, String body) {
        return Map.of("x-hub-signature", "sha256=" + Signatures.hex(hmac(secret, body)));
    }

    /**
     * careloop's generic webhook: {@code x-careloop-timestamp} (epoch seconds of {@code at}) and
     * {@code x-careloop-signature: sha256=hex(HMAC(secret, timestamp + "." + body))}.
     */
    public static Map<String, String> generic(String secret, String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return Map.of("x-careloop-timestamp", timestamp,
                "x-careloop-signature", "sha256=" + Signatures.hex(hmac(secret, timestamp + "." + body)));
    }

    private static byte[] hmac(String secret, String signed) {
        return Signatures.hmacSha256(secret, signed.getBytes(StandardCharsets.UTF_8));
    }
}
