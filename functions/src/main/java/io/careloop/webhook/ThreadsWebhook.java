package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.platform.ThreadsMedia;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Threads webhooks ({@code /webhooks/threads}), as Meta delivers them for a Threads app. The subscription handshake
 * answers {@code hub.challenge} when {@code hub.verify_token} matches; deliveries carry {@code X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256(Threads app secret, raw body)>}. A delivery is {@code {"app_id", "topic", "target_id",
 * "time", "subscription_id", "values": {"field", "value"}}}: field {@code replies} (topic {@code moderate}) is a reply
 * on one of the brand's threads, {@code mentions} (topic {@code interaction}) a post that tags the brand; both carry a
 * Threads media object. The brand's own {@code publish} and {@code delete} notifications, the brand's own replies and
 * fields careloop does not use are acknowledged and skipped, each with its reason logged.
 */
public final class ThreadsWebhook implements WebhookSource {
    private static final Log LOG = Log.of(ThreadsWebhook.class);

    private final Secrets secrets;
    private final BrandConfig brand;
    private final Clock clock;

    public ThreadsWebhook(Secrets secrets, BrandConfig brand, Clock clock) {
        this.secrets = secrets;
        this.brand = brand;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public HttpResponse handshake(HttpRequest request) {
        return Signatures.hubChallenge(request, secrets.require(Secrets.THREADS_VERIFY_TOKEN));
    }

    @Override
    public Optional<String> rejectReason(HttpRequest request) {
        return Signatures.checkHeader(request, "X-Hub-Signature-256", "sha256=" + Signatures.hex(
                Signatures.hmacSha256(secrets.require(Secrets.THREADS_APP_SECRET), request.body())));
    }

    @Override
    public Parsed parse(JsonNode payload) {
        JsonNode values = payload.path("values");
        if (!values.isObject() && !values.isArray()) {
            throw new IllegalArgumentException("a Threads delivery has a values object with a field and a value");
        }
        List<Mention> mentions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int skipped = 0;
        for (JsonNode change : values.isArray() ? values : List.of(values)) {
            String field = change.path("field").asText("");
            try {
                Optional<Mention> m = switch (field) {
                    case "replies" -> reply(change.path("value"));
                    case "mentions" -> mention(change.path("value"));
                    default -> skip(field, "the brand's own publish and delete notifications, and other fields, need no answer");
                };
                if (m.isPresent()) {
                    mentions.add(m.get());
                } else {
                    skipped++;
                }
            } catch (IllegalArgumentException e) {
                rejected.add((field.isEmpty() ? "value" : field) + ": " + e.getMessage());
            }
        }
        return new Parsed(mentions, rejected, skipped);
    }

    /** A reply on a thread the brand owns: addressed to the brand, answered from the profile that owns the thread. */
    private Optional<Mention> reply(JsonNode value) {
        Optional<Mention> m = ThreadsMedia.toMention(value, "webhook:threads", clock.instant());
        if (m.isEmpty()) {
            return skip("replies", "the reply names no author (a test delivery): nobody to answer");
        }
        if (brand.isOwnAccount(Platform.THREADS, m.get().author().id(), m.get().author().handle())) {
            return skip("replies", "the brand's own reply");
        }
        String owner = ThreadsMedia.rootOwner(value).orElse(null);
        String ownerName = value.path("root_post").path("username").asText(null);
        return Optional.of(m.get().toAccount(accountFor(owner, ownerName, m.get().text())));
    }

    /** A post that tags the brand: answered from the profile it tags. */
    private Optional<Mention> mention(JsonNode value) {
        Optional<Mention> m = ThreadsMedia.toMention(value, "webhook:threads", clock.instant());
        if (m.isEmpty()) {
            return skip("mentions", "the mention names no author (a test delivery): nobody to answer");
        }
        if (brand.isOwnAccount(Platform.THREADS, m.get().author().id(), m.get().author().handle())) {
            return skip("mentions", "the brand mentioning itself");
        }
        return Optional.of(m.get().toAccount(accountFor(null, null, m.get().text())));
    }

    /** The brand's Threads profile concerned: the thread's owner when named, else the one tagged, else the first. */
    private String accountFor(String ownerId, String ownerName, String text) {
        List<BrandConfig.Account> accounts = brand.accounts().stream().filter(a -> a.platform() == Platform.THREADS).toList();
        String lower = text.toLowerCase(Locale.ROOT);
        for (BrandConfig.Account a : accounts) {
            if (a.id() != null && a.id().equals(ownerId) || a.handle() != null && a.handle().equalsIgnoreCase(ownerName)) {
                return a.id();
            }
        }
        for (BrandConfig.Account a : accounts) {
            if (a.handle() != null && lower.contains("@" + a.handle().toLowerCase(Locale.ROOT))) {
                return a.id();
            }
        }
        return accounts.isEmpty() ? null : accounts.get(0).id();
    }

    private static Optional<Mention> skip(String field, String reason) {
        LOG.info("threads delivery skipped", "field", field.isEmpty() ? "(none)" : field, "reason", reason);
        return Optional.empty();
    }
}
