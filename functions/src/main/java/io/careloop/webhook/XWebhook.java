package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * X webhooks: the X Activity API's deliveries ({@link XActivityEvents}) and the older Account Activity API's, on
 * one route with one handshake and one signature. {@code GET /webhooks/x?crc_token=T} answers the challenge-response check with
 * {@code {"response_token": "sha256=" + base64(HMAC-SHA256(consumer secret, T))}}; deliveries are signed with
 * {@code x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>}. Reads
 * {@code tweet_create_events} (v1.1 tweets, full text of long tweets), {@code direct_message_events} and
 * {@code tweet_delete_events} (recorded on the case that holds the tweet);
 * other event types are acknowledged and skipped. A delivery shaped {@code {"data": {"event_type", "payload"}}}
 * is an X Activity API event.
 */
public final class XWebhook implements WebhookSource {
    private static final DateTimeFormatter V1_TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    private final Secrets secrets;
    private final BrandConfig brand;
    private final Clock clock;
    private final XActivityEvents activity;

    public XWebhook(Secrets secrets, BrandConfig brand, Clock clock) {
        this.secrets = secrets;
        this.brand = brand;
        this.clock = clock;
        this.activity = new XActivityEvents(clock);
    }

    @Override
    public String name() {
        return "x";
    }

    @Override
    public HttpResponse handshake(HttpRequest request) {
        Optional<String> token = request.queryParam("crc_token");
        if (token.isEmpty() || token.get().isBlank()) {
            return HttpResponse.error(400, "crc_token is required");
        }
        String response = "sha256=" + Signatures.base64(Signatures.hmacSha256(secrets.require(Secrets.X_CONSUMER_SECRET),
                token.get().getBytes(StandardCharsets.UTF_8)));
        return HttpResponse.json(200, Map.of("response_token", response));
    }

    @Override
    public Optional<String> rejectReason(HttpRequest request) {
        return Signatures.checkHeader(request, "x-twitter-webhooks-signature", "sha256=" + Signatures.base64(
                Signatures.hmacSha256(secrets.require(Secrets.X_CONSUMER_SECRET), request.body())));
    }

    @Override
    public Parsed parse(JsonNode payload) {
        if (!payload.isObject()) {
            throw new IllegalArgumentException("an X webhook delivery is a JSON object");
        }
        String ownId = brand.account(Platform.X).map(BrandConfig.Account::id).orElse("");
        if (XActivityEvents.isActivityDelivery(payload)) {
            return activity.parse(payload, ownId, this);
        }
        String brandId = payload.path("for_user_id").asText(ownId);
        List<Mention> mentions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int skipped = 0;
        for (JsonNode tweet : payload.path("tweet_create_events")) {
            try {
                Optional<Mention> m = tweet(tweet, brandId).map(t -> t.toAccount(brandId));
                if (m.isPresent()) {
                    mentions.add(m.get());
                } else {
                    skipped++;
                }
            } catch (IllegalArgumentException e) {
                rejected.add("tweet: " + e.getMessage());
            }
        }
        JsonNode users = payload.path("users");
        for (JsonNode dm : payload.path("direct_message_events")) {
            try {
                Optional<Mention> m = directMessage(dm, users, brandId).map(t -> t.toAccount(brandId));
                if (m.isPresent()) {
                    mentions.add(m.get());
                } else {
                    skipped++;
                }
            } catch (IllegalArgumentException e) {
                rejected.add("direct message: " + e.getMessage());
            }
        }
        for (JsonNode deletion : payload.path("tweet_delete_events")) {
            // {"status": {"id": "...", "user_id": "..."}, "timestamp_ms": "..."}: recorded on the case that holds it.
            try {
                JsonNode status = deletion.path("status");
                String authorId = Ids.required(status, "user_id");
                if (authorId.equals(brandId)) {
                    skipped++;
                    continue;
                }
                mentions.add(new Mention(Platform.X, Ids.required(status, "id"), new Author(authorId, null, null, 0, false), "",
                        Ids.time(deletion, "timestamp_ms", clock.instant()), null, null, true, false, "webhook:x")
                        .asChange(Mention.Change.DELETED).toAccount(brandId));
            } catch (IllegalArgumentException e) {
                rejected.add("tweet deletion: " + e.getMessage());
            }
        }
        var fields = payload.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (f.endsWith("_events") && !f.equals("tweet_create_events") && !f.equals("direct_message_events")
                    && !f.equals("tweet_delete_events")) {
                skipped += Math.max(1, payload.path(f).size()); // favourites, follows, typing...: not conversation
            }
        }
        return new Parsed(mentions, rejected, skipped);
    }

    private Optional<Mention> tweet(JsonNode t, String brandId) {
        JsonNode user = t.path("user");
        String authorId = Ids.required(user, "id_str");
        if (authorId.equals(brandId) || t.has("retweeted_status")) {
            return Optional.empty(); // the brand's own tweet (an echo), or a retweet: nothing new was said
        }
        String id = t.hasNonNull("id_str") ? Ids.required(t, "id_str") : Ids.required(t, "id");
        String text = t.path("extended_tweet").path("full_text").asText(t.path("full_text").asText(t.path("text").asText("")));
        String inReplyTo = t.path("in_reply_to_status_id_str").isTextual() ? t.path("in_reply_to_status_id_str").asText() : null;
        boolean direct = brandId.equals(t.path("in_reply_to_user_id_str").asText(""));
        for (JsonNode m : t.path("entities").path("user_mentions")) {
            direct |= brandId.equals(m.path("id_str").asText(""));
        }
        for (JsonNode m : t.path("extended_tweet").path("entities").path("user_mentions")) {
            direct |= brandId.equals(m.path("id_str").asText(""));
        }
        // A quote of the brand's own tweet addresses the brand too (and lets X's pay-per-use apps answer it).
        direct |= brandId.equals(t.path("quoted_status").path("user").path("id_str").asText(""));
        Author author = new Author(authorId, user.path("screen_name").asText(null), user.path("name").asText(null),
                user.path("followers_count").asLong(0), user.path("verified").asBoolean(false));
        return Optional.of(new Mention(Platform.X, id, author, text, v1Time(t.path("created_at").asText(null)),
                inReplyTo, inReplyTo, direct, false, "webhook:x"));
    }

    /** A direct message; {@code users} maps ids to v1.1 users, or to v2 users wrapped in {@code {"data": ...}} (XAA). */
    Optional<Mention> directMessage(JsonNode dm, JsonNode users, String brandId) {
        if (!"message_create".equals(dm.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode create = dm.path("message_create");
        String sender = Ids.required(create, "sender_id");
        if (sender.equals(brandId)) {
            return Optional.empty(); // our own message, echoed back
        }
        JsonNode user = users.path(sender).has("data") ? users.path(sender).path("data") : users.path(sender);
        Author author = new Author(sender, user.path("screen_name").asText(user.path("username").asText(null)),
                user.path("name").asText(null), user.path("followers_count").asLong(
                        user.path("public_metrics").path("followers_count").asLong(0)), user.path("verified").asBoolean(false));
        return Optional.of(new Mention(Platform.X, Ids.required(dm, "id"), author,
                create.path("message_data").path("text").asText(""),
                Ids.time(dm, "created_timestamp", clock.instant()), "dm-" + sender, null, true, true, "webhook:x"));
    }

    private Instant v1Time(String text) {
        if (text == null) {
            return clock.instant();
        }
        try {
            return ZonedDateTime.parse(text, V1_TIME).toInstant();
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }
}
