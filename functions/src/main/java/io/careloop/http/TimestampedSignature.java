package io.careloop.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * careloop's own request signature, for the generic webhook and the hand-off webhook:
 * {@code X-Careloop-Timestamp: <Unix seconds>} and {@code X-Careloop-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + raw body)>}, refused outside a window around now so a captured delivery cannot be replayed.
 */
public final class TimestampedSignature {
    private TimestampedSignature() {
    }

    /** Empty when the request is signed with {@code secret} within {@code window} of now; else why it is refused. */
    public static Optional<String> check(HttpRequest request, String secret, Clock clock, Duration window) {
        Optional<String> timestamp = request.header("X-Careloop-Timestamp");
        Optional<String> signature = request.header("X-Careloop-Signature");
        if (timestamp.isEmpty() || signature.isEmpty()) {
            return Optional.of("X-Careloop-Timestamp and X-Careloop-Signature headers are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.get().trim());
        } catch (NumberFormatException e) {
            return Optional.of("X-Careloop-Timestamp must be Unix time in seconds");
        }
        // Clamped: a timestamp past Instant's range is refused as outside the window, not thrown.
        Instant sent = Instant.ofEpochSecond(Math.max(Math.min(seconds, 1L << 40), -(1L << 40)));
        if (Duration.between(sent, clock.instant()).abs().compareTo(window) > 0) {
            return Optional.of("X-Careloop-Timestamp is outside the " + window.toMinutes()
                    + "-minute window (replayed or clock skew)");
        }
        String expected = "sha256=" + HexFormat.of().formatHex(hmac(secret, timestamp.get().trim() + ".",
                request.body() == null ? new byte[0] : request.body()));
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.get().trim().getBytes(StandardCharsets.UTF_8));
        return matches ? Optional.empty() : Optional.of("X-Careloop-Signature does not match the body");
    }

    /**
     * The headers that sign {@code body} with {@code secret} at {@code at}, as {@link #check} verifies them:
     * {@code X-Careloop-Timestamp} and {@code X-Careloop-Signature}.
     */
    public static java.util.Map<String, String> sign(String secret, Instant at, byte[] body) {
        String timestamp = Long.toString(at.getEpochSecond());
        return java.util.Map.of("X-Careloop-Timestamp", timestamp,
                "X-Careloop-Signature", "sha256=" + HexFormat.of().formatHex(hmac(secret, timestamp + ".", body)));
    }

    private static byte[] hmac(String key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
