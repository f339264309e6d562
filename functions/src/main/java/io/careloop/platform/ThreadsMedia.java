package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A Threads media object (a post or a reply), as the mentions endpoint and the {@code mentions} and {@code replies}
 * webhook fields deliver it: {@code id}, {@code username}, {@code text}, {@code timestamp}, and for a reply
 * {@code replied_to.id} and {@code root_post}. Threads names the author by username only (the webhooks carry no user
 * id), so the username is the customer's identity on Threads, the same whether a post arrives by webhook or poll.
 */
public final class ThreadsMedia {
    /** Threads writes offsets without a colon: 2026-11-23T09:00:01+0000. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private ThreadsMedia() {
    }

    /**
     * The media object as a mention addressed to the brand, or empty when it names no author (nobody to answer).
     *
     * @throws IllegalArgumentException when it has no id or an unreadable timestamp
     */
    public static Optional<Mention> toMention(JsonNode media, String source, Instant fallbackTime) {
        String id = media.path("id").asText("");
        if (id.isBlank() || !media.path("id").isValueNode()) {
            throw new IllegalArgumentException("a Threads media object has an id");
        }
        String username = media.path("username").asText("");
        if (username.isBlank()) {
            return Optional.empty();
        }
        Author author = new Author(username, username, username, 0, media.path("is_verified").asBoolean(false));
        String repliedTo = text(media.path("replied_to").path("id"));
        String root = text(media.path("root_post").path("id"));
        return Optional.of(new Mention(Platform.THREADS, id, author, media.path("text").asText(""),
                time(media.path("timestamp"), fallbackTime), root != null ? root : repliedTo, repliedTo, true, false, source));
    }

    /** The brand's profile that owns the thread a reply is on ({@code root_post.owner_id}), when named. */
    public static Optional<String> rootOwner(JsonNode media) {
        return Optional.ofNullable(text(media.path("root_post").path("owner_id")));
    }

    static Instant time(JsonNode value, Instant fallback) {
        if (value == null || value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
            return fallback;
        }
        String text = value.asText();
        try {
            return OffsetDateTime.parse(text, TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("timestamp must be ISO-8601 time, as Threads writes it");
            }
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.asText().isBlank() ? node.asText() : null;
    }
}
