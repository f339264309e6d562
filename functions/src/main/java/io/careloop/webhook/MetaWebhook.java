package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Meta webhooks for Facebook Pages, Instagram and Messenger on one route, as Meta delivers them. The
 * subscription handshake answers {@code hub.challenge} when {@code hub.verify_token} matches (else 403);
 * deliveries are signed with {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>}
 * over the raw bytes (Meta signs the escaped unicode as sent). Reads Page feed comments and posts, Page
 * {@code mention}s (whose author, when the delivery does not name it, triage reads from the Graph API), Messenger
 * messages and Instagram comments; edits, removals, hides and echoes are acknowledged and skipped.
 */
public final class MetaWebhook implements WebhookSource {
    private final Secrets secrets;
    private final BrandConfig brand;
    private final Clock clock;

    public MetaWebhook(Secrets secrets, BrandConfig brand, Clock clock) {
        this.secrets = secrets;
        this.brand = brand;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public HttpResponse handshake(HttpRequest request) {
        return Signatures.hubChallenge(request, secrets.require(Secrets.META_VERIFY_TOKEN));
    }

    @Override
    public Optional<String> rejectReason(HttpRequest request) {
        return Signatures.checkHeader(request, "X-Hub-Signature-256", "sha256=" + Signatures.hex(
                Signatures.hmacSha256(secrets.require(Secrets.META_APP_SECRET), request.body())));
    }

    @Override
    public Parsed parse(JsonNode payload) {
        String object = payload.path("object").asText("");
        if (!payload.path("entry").isArray()) {
            throw new IllegalArgumentException("a Meta delivery has an entry array");
        }
        if (!object.equals("page") && !object.equals("instagram")) {
            // Signed by Meta and well formed, about something careloop does not answer (user, permissions...):
            // acknowledged, or Meta disables a subscription whose deliveries keep failing.
            return new Parsed(List.of(), List.of(), payload.path("entry").size());
        }
        List<Mention> mentions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int skipped = 0;
        for (JsonNode entry : payload.path("entry")) {
            String ownId = entry.path("id").asText("");
            for (JsonNode change : entry.path("changes")) {
                try {
                    // The entry is the Page or Instagram account that was addressed: it answers.
                    Optional<Mention> m = (object.equals("page") ? pageChange(change, ownId) : instagramChange(change, ownId))
                            .map(x -> x.toAccount(ownId));
                    if (m.isPresent()) {
                        mentions.add(m.get());
                    } else {
                        skipped++;
                    }
                } catch (IllegalArgumentException e) {
                    rejected.add(change.path("field").asText("change") + ": " + e.getMessage());
                }
            }
            for (JsonNode messaging : entry.path("messaging")) {
                try {
                    Optional<Mention> m = message(messaging, ownId, object.equals("page") ? Platform.FACEBOOK : Platform.INSTAGRAM)
                            .map(x -> x.toAccount(ownId));
                    if (m.isPresent()) {
                        mentions.add(m.get());
                    } else {
                        skipped++;
                    }
                } catch (IllegalArgumentException e) {
                    rejected.add("messaging: " + e.getMessage());
                }
            }
        }
        return new Parsed(mentions, rejected, skipped);
    }

    /** Page feed: a comment or post by someone else on the brand's Page is addressed to the brand. */
    private Optional<Mention> pageChange(JsonNode change, String pageId) {
        String field = change.path("field").asText();
        JsonNode v = change.path("value");
        if (!field.equals("feed") && !field.equals("mention")) {
            return Optional.empty();
        }
        String item = v.path("item").asText();
        if (!(item.equals("comment") || item.equals("post") || item.equals("status"))) {
            return Optional.empty(); // reactions, shares, likes: not conversation
        }
        String verb = v.path("verb").asText("add");
        if (verb.equals("unhide")) {
            return Optional.empty(); // the comment is back as it was: nothing to answer or record
        }
        Mention.Change edit = switch (verb) {
            case "add" -> null;
            case "edited" -> Mention.Change.EDITED;
            case "remove" -> Mention.Change.DELETED;
            default -> Mention.Change.HIDDEN; // "hide", and any other verb: recorded on the case, never treated as new
        };
        JsonNode from = v.path("from");
        Author author;
        if (from.hasNonNull("id")) {
            author = new Author(Ids.required(from, "id"), from.path("name").asText(null), from.path("name").asText(null),
                    0, false);
        } else if (field.equals("mention") && v.hasNonNull("sender_id")) {
            // Some mention deliveries name the author beside the value instead of in `from`.
            String name = v.path("sender_name").asText(null);
            author = new Author(Ids.required(v, "sender_id"), name, name, 0, false);
        } else if (field.equals("mention")) {
            // A Page @mention names no author: queued as such, and triage reads it from the Graph API. The webhook
            // never calls a platform.
            author = Author.unknownYet();
        } else {
            return Optional.empty(); // a feed change without an author is the Page's own activity
        }
        if (author.id().equals(pageId)) {
            return Optional.empty(); // the Page's own activity
        }
        String id = item.equals("comment") ? Ids.required(v, "comment_id") : Ids.required(v, "post_id");
        String postId = Ids.optional(v, "post_id");
        String parent = Ids.optional(v, "parent_id");
        Mention mention = new Mention(Platform.FACEBOOK, id, author, v.path("message").asText(""),
                Ids.time(v, "created_time", clock.instant()), postId, parent != null ? parent : postId, true, false,
                "webhook:meta");
        return Optional.of(edit == null ? mention : mention.asChange(edit));
    }

    private Optional<Mention> instagramChange(JsonNode change, String accountId) {
        if (!change.path("field").asText().equals("comments")) {
            return Optional.empty(); // mentions carry no text: fetching it is a Graph API call, not a webhook's job
        }
        JsonNode v = change.path("value");
        JsonNode from = v.path("from");
        if (!from.hasNonNull("id")) {
            return Optional.empty(); // Meta's test deliveries name no author: nobody to answer
        }
        String authorId = Ids.required(from, "id");
        if (authorId.equals(accountId)) {
            return Optional.empty();
        }
        String media = v.path("media").path("id").asText(null);
        String parent = Ids.optional(v, "parent_id");
        Author author = new Author(authorId, from.path("username").asText(null), from.path("username").asText(null), 0, false);
        return Optional.of(new Mention(Platform.INSTAGRAM, Ids.required(v, "id"), author, v.path("text").asText(""),
                clock.instant(), media, parent != null ? parent : media, true, false, "webhook:meta"));
    }

    /** Messenger (and Instagram messaging): private, addressed to the brand; echoes of our own sends are skipped. */
    private Optional<Mention> message(JsonNode m, String ownId, Platform platform) {
        JsonNode message = m.path("message");
        if (message.isMissingNode() || message.path("is_echo").asBoolean(false)) {
            return Optional.empty();
        }
        String sender = Ids.required(m.path("sender"), "id");
        if (sender.equals(ownId)) {
            return Optional.empty();
        }
        Author author = new Author(sender, null, null, 0, false);
        return Optional.of(new Mention(platform, Ids.required(message, "mid"), author, message.path("text").asText(""),
                Ids.time(m, "timestamp", clock.instant()), "dm-" + sender, null, true, true, "webhook:meta"));
    }
}
