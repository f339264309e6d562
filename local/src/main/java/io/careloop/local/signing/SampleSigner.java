package io.careloop.local.signing;

import io.careloop.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Signs a generic webhook body the way a listener must: HMAC-SHA256 over {@code timestamp + "." + body}. */
public final class SampleSigner {
    private SampleSigner() {
    }

    public static Map<String, String> genericHeaders(String secret, String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        String signature = "sha256=" + Signatures.hex(Signatures.hmacSha256(secret,
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
        return Map.of("x-careloop-timestamp", timestamp, "x-careloop-signature", signature);
    }
}
