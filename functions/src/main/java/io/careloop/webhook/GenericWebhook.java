package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.TimestampedSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /webhooks/generic}: careloop's own mention format, for any listener careloop has no
 * connector for. The body is one mention object or an array of them (README, "Generic webhook").
 * Signed with {@code X-Careloop-Timestamp} and
 * {@code X-Careloop-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>};
 * requests older or newer than five minutes are refused as replays.
 */
public final class GenericWebhook implements WebhookSource {
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
    public static final int MAX_MENTIONS_PER_REQUEST = 100;
    private static final int MAX_TEXT_LENGTH = 10_000;

    private final Secrets secrets;
    private final BrandConfig brand;
    private final Clock clock;

    public GenericWebhook(Secrets secrets, BrandConfig brand, Clock clock) {
        this.secrets = secrets;
        this.brand = brand;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public Optional<String> rejectReason(HttpRequest request) {
        return TimestampedSignature.check(request, secrets.require(Secrets.GENERIC_WEBHOOK), clock, REPLAY_WINDOW);
    }

    @Override
    public Parsed parse(JsonNode payload) {
        List<JsonNode> entries = new ArrayList<>();
        if (payload.isArray()) {
            payload.forEach(entries::add);
        } else if (payload.isObject()) {
            entries.add(payload);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("body must be a mention object or a non-empty array of them");
        }
        if (entries.size() > MAX_MENTIONS_PER_REQUEST) {
            throw new IllegalArgumentException("at most " + MAX_MENTIONS_PER_REQUEST + " mentions per request");
        }
        List<Mention> mentions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < entries.size(); i++) {
            try {
                Mention mention = toMention(entries.get(i));
                if (brand.isOwnAccount(mention.platform(), mention.author().id(), mention.author().handle())) {
                    skipped++; // the brand's own post: an echo, never a customer
                } else {
                    mentions.add(mention);
                }
            } catch (IllegalArgumentException e) {
                rejected.add((payload.isArray() ? "[" + i + "] " : "") + e.getMessage());
            }
        }
        return new Parsed(mentions, rejected, skipped);
    }

    private Mention toMention(JsonNode m) {
        if (!m.isObject()) {
            throw new IllegalArgumentException("each mention must be a JSON object");
        }
        String platformName = requiredText(m, "platform");
        Platform platform = Platform.fromId(platformName).orElseThrow(() -> new IllegalArgumentException(
                "platform must be one of x, facebook, instagram, mastodon, bluesky"));
        String id = Ids.required(m, "id");
        JsonNode a = m.path("author");
        if (!a.isObject()) {
            throw new IllegalArgumentException("author must be an object with at least an id");
        }
        Author author = new Author(Ids.required(a, "id"), optionalText(a, "handle"), optionalText(a, "name"),
                Ids.count(a, "followers"), a.path("verified").asBoolean(false));
        String text = requiredText(m, "text");
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("text is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        boolean isPrivate = bool(m, "private", false);
        boolean direct = m.has("direct") ? bool(m, "direct", true) : isPrivate || addressesBrand(platform, text);
        return new Mention(platform, id, author, text, Ids.time(m, "createdAt", clock.instant()),
                Ids.optional(m, "threadId"), Ids.optional(m, "inReplyTo"), direct, isPrivate, "webhook:generic")
                .toAccount(Ids.optional(m, "brandAccount")); // which of the brand's accounts it reached, if the listener knows
    }

    /** Without an explicit {@code direct}, a mention is direct when it @-mentions one of the brand's handles. */
    private boolean addressesBrand(Platform platform, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return brand.account(platform).map(a -> a.handle() != null
                && lower.contains("@" + a.handle().toLowerCase(Locale.ROOT))).orElse(false);
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required and must be a non-empty string");
        }
        if (!io.careloop.core.Texts.isClean(v.asText())) {
            throw new IllegalArgumentException(field + " contains control characters or broken unicode");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return io.careloop.core.Texts.clean(v.asText());
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return v.asBoolean();
    }
}
