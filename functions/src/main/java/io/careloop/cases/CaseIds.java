package io.careloop.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Case ids are derived from the key of the mention that opened the case, so every redelivery of that
 * mention names the same case and can never open a second one.
 */
public final class CaseIds {
    private CaseIds() {
    }

    public static String forOpeningMention(String mentionKey) {
        return "c_" + sha256Hex(mentionKey).substring(0, 16);
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
