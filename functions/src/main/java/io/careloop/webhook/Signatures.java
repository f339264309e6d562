package io.careloop.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures over raw request bytes, compared in constant time. */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] hmacSha256(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    /**
     * Checks a signature header against the value the request should carry.
     *
     * @return empty if it matches, else why the request is refused
     */
    public static java.util.Optional<String> checkHeader(io.careloop.http.HttpRequest request, String header,
                                                         String expected) {
        java.util.Optional<String> received = request.header(header);
        if (received.isEmpty()) {
            return java.util.Optional.of(header + " header is required");
        }
        return matches(expected, received.get())
                ? java.util.Optional.empty() : java.util.Optional.of(header + " does not match the body");
    }

    /** Compares a received signature header with the expected one without leaking where they differ. */
    public static boolean matches(String expected, String received) {
        if (received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                received.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Meta's subscription handshake (Facebook, Instagram, Threads): answers {@code hub.challenge} when
     * {@code hub.mode=subscribe} and {@code hub.verify_token} matches the configured token, else 403.
     */
    static io.careloop.http.HttpResponse hubChallenge(io.careloop.http.HttpRequest request, String verifyToken) {
        String mode = request.queryParam("hub.mode").orElse("");
        String token = request.queryParam("hub.verify_token").orElse("");
        String challenge = request.queryParam("hub.challenge").orElse("");
        boolean tokenMatches = MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                verifyToken.getBytes(StandardCharsets.UTF_8));
        if (!mode.equals("subscribe") || !tokenMatches || challenge.isEmpty()) {
            return io.careloop.http.HttpResponse.error(403,
                    "hub.mode=subscribe with the configured hub.verify_token and a hub.challenge is required");
        }
        return io.careloop.http.HttpResponse.text(200, challenge);
    }
}
