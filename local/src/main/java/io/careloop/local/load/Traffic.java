package io.careloop.local.load;

import io.careloop.core.Json;
import io.careloop.local.signing.WebhookSigner;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries of a load run as the platforms send them: each in its platform's own webhook shape (X account
 * activity, Graph page and Instagram changes, Messenger messaging, Mastodon status.created) and signed with the
 * secrets the run's stack is given; and the copies that must be refused (a wrong signature, a broken body).
 */
final class Traffic {
    static final String GENERIC_SECRET = "load-generic-secret";
    static final String X_SECRET = "load-x-consumer-secret";
    static final String META_SECRET = "load-meta-app-secret";
    static final String MASTODON_SECRET = "load-mastodon-webhook-secret";

    private Traffic() {
    }

    /** The stack's environment for these secrets. */
    static Map<String, String> secrets() {
        return Map.of("CARELOOP_GENERIC_SECRET", GENERIC_SECRET, "CARELOOP_X_CONSUMER_SECRET", X_SECRET,
                "CARELOOP_META_APP_SECRET", META_SECRET, "CARELOOP_MASTODON_WEBHOOK_SECRET", MASTODON_SECRET);
    }

    /** A delivery in the platform's own webhook shape, signed as the platform signs it. */
    static Delivery delivery(String platform, String kind, String id, String customer, String text) {
        boolean indirect = kind.equals("indirect");
        boolean dm = kind.equals("dm");
        // Platform ids from the stream position ("load42"): unique, so no two mentions can share a key.
        String numericId = Long.toString(1_870_000_000_000_000_000L + Long.parseLong(id.substring("load".length())));
        switch (platform) {
            case "x" -> {
                String body;
                if (dm) {
                    body = Json.write(Map.of("for_user_id", "1000000001", "direct_message_events", List.of(Map.of(
                            "type", "message_create", "id", numericId, "created_timestamp", Long.toString(Instant.now().toEpochMilli()),
                            "message_create", Map.of("sender_id", "9" + customer.substring(1), "target", Map.of("recipient_id", "1000000001"),
                                    "message_data", Map.of("text", text))))));
                } else {
                    Map<String, Object> tweet = new LinkedHashMap<>();
                    tweet.put("created_at", "Mon Nov 23 09:00:00 +0000 2026");
                    tweet.put("id_str", numericId);
                    tweet.put("text", (indirect ? "Ugh, acme: " : "@AcmeHelp ") + text);
                    tweet.put("user", Map.of("id_str", "9" + customer.substring(1), "screen_name", "x_" + customer,
                            "name", "X " + customer, "followers_count", 120, "verified", false));
                    tweet.put("entities", Map.of("user_mentions", indirect ? List.of()
                            : List.of(Map.of("id_str", "1000000001", "screen_name", "AcmeHelp"))));
                    body = Json.write(Map.of("for_user_id", "1000000001", "tweet_create_events", List.of(tweet)));
                }
                return new Delivery("x", body, WebhookSigner.x(X_SECRET, body), "x#" + numericId, kind);
            }
            case "facebook", "instagram" -> {
                String body;
                String key;
                if (dm) {
                    body = Json.write(Map.of("object", "page", "entry", List.of(Map.of("id", "200000000000001", "time", 1795424400,
                            "messaging", List.of(Map.of("sender", Map.of("id", "7" + customer.substring(1)),
                                    "recipient", Map.of("id", "200000000000001"), "timestamp", Instant.now().toEpochMilli(),
                                    "message", Map.of("mid", "m_" + id, "text", text)))))));
                    key = "facebook#m_" + id;
                } else if (platform.equals("instagram")) {
                    body = Json.write(Map.of("object", "instagram", "entry", List.of(Map.of("id", "17841400000000001",
                            "time", 1795424400, "changes", List.of(Map.of("field", "comments", "value", Map.of(
                                    "id", numericId, "text", text, "from", Map.of("id", "6" + customer.substring(1),
                                            "username", "ig_" + customer), "media", Map.of("id", "17900000000000001"))))))));
                    key = "instagram#" + numericId;
                } else {
                    body = Json.write(Map.of("object", "page", "entry", List.of(Map.of("id", "200000000000001", "time", 1795424400,
                            "changes", List.of(Map.of("field", "feed", "value", Map.of("item", "comment", "verb", "add",
                                    "comment_id", "123_" + numericId, "post_id", "200000000000001_123",
                                    "parent_id", "200000000000001_123", "message", text,
                                    "from", Map.of("id", "7" + customer.substring(1), "name", "FB " + customer),
                                    "created_time", 1795424400)))))));
                    key = "facebook#123_" + numericId;
                }
                return new Delivery("meta", body, WebhookSigner.meta(META_SECRET, body), key, kind);
            }
            case "mastodon" -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("id", numericId);
                status.put("created_at", "2026-11-23T09:00:00.000Z");
                status.put("visibility", dm ? "direct" : "public");
                status.put("content", "<p>" + (indirect ? "hey #acme " : "<span class=\"h-card\">@<span>acme</span></span> ")
                        + text + "</p>");
                status.put("mentions", indirect ? List.of() : List.of(Map.of("id", "109000000000000001", "username", "acme",
                        "acct", "acme")));
                status.put("account", Map.of("id", "5" + customer.substring(1), "username", "m_" + customer,
                        "acct", "m_" + customer + "@social.example", "display_name", "M " + customer, "followers_count", 40));
                String body = Json.write(Map.of("event", "status.created", "created_at", "2026-11-23T09:00:00.000Z", "object", status));
                return new Delivery("mastodon", body, WebhookSigner.mastodon(MASTODON_SECRET, body), "mastodon#" + numericId, kind);
            }
            default -> throw new IllegalArgumentException("no load shape for " + platform);
        }
    }

    /** The same delivery sent again, as a platform retries (the generic webhook signs afresh, with a new timestamp). */
    static Delivery redelivered(Delivery d) {
        Map<String, String> headers = d.platform().equals("generic")
                ? WebhookSigner.generic(GENERIC_SECRET, d.body(), Instant.now()) : d.headers();
        return new Delivery(d.platform(), d.body(), headers, d.mentionKey(), "duplicate");
    }

    /** The delivery with its signature's last characters changed: careloop must refuse it. */
    static Delivery wronglySigned(Delivery d) {
        Map<String, String> h = new HashMap<>();
        d.headers().forEach((k, v) -> h.put(k, k.contains("signature") ? v.substring(0, v.length() - 4) + "AAAA" : v));
        return new Delivery(d.platform(), d.body(), h, null, "bad-signature");
    }

    /** A correctly signed body that is not a delivery careloop can read: it must refuse it. */
    static Delivery malformed(String platform, String body, String kind) {
        Map<String, String> headers = switch (platform) {
            case "x" -> WebhookSigner.x(X_SECRET, body);
            case "meta" -> WebhookSigner.meta(META_SECRET, body);
            case "mastodon" -> WebhookSigner.mastodon(MASTODON_SECRET, body);
            default -> WebhookSigner.generic(GENERIC_SECRET, body, Instant.now());
        };
        return new Delivery(platform, body, headers, null, kind);
    }
}
