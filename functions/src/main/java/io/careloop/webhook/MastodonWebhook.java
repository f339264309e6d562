package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.platform.MastodonStatuses;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Mastodon admin webhooks: {@code status.created} and {@code status.updated} (an edit), signed with
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. A status that mentions the brand's
 * account is direct; one that only names the brand (a configured keyword or hashtag) is indirect; anything
 * else on the instance is acknowledged and skipped.
 */
public final class MastodonWebhook implements WebhookSource {
    private final Secrets secrets;
    private final BrandConfig brand;

    public MastodonWebhook(Secrets secrets, BrandConfig brand) {
        this.secrets = secrets;
        this.brand = brand;
    }

    @Override
    public String name() {
        return "mastodon";
    }

    @Override
    public Optional<String> rejectReason(HttpRequest request) {
        return Signatures.checkHeader(request, "X-Hub-Signature", "sha256=" + Signatures.hex(
                Signatures.hmacSha256(secrets.require(Secrets.MASTODON_WEBHOOK_SECRET), request.body())));
    }

    @Override
    public Parsed parse(JsonNode payload) {
        if (!payload.isObject() || !payload.has("event")) {
            throw new IllegalArgumentException("a Mastodon webhook delivery has an event and an object");
        }
        String event = payload.path("event").asText();
        if (!event.equals("status.created") && !event.equals("status.updated")) {
            return new Parsed(List.of(), List.of(), 1);
        }
        JsonNode status = payload.path("object");
        if (!status.isObject() || !status.hasNonNull("id") || !status.path("account").hasNonNull("id")) {
            throw new IllegalArgumentException("object must be a status with an id and an account");
        }
        // Any of the brand's Mastodon accounts (a main and a help handle); the one addressed answers.
        List<BrandConfig.Account> accounts = brand.accounts().stream().filter(a -> a.platform() == Platform.MASTODON).toList();
        String author = status.path("account").path("id").asText();
        if (accounts.stream().anyMatch(a -> a.id().equals(author))) {
            return new Parsed(List.of(), List.of(), 1); // our own status
        }
        String addressed = null;
        for (BrandConfig.Account a : accounts) {
            String handle = a.handle().toLowerCase(Locale.ROOT);
            boolean toThis = a.id().equals(status.path("in_reply_to_account_id").asText(""));
            for (JsonNode m : status.path("mentions")) {
                String acct = m.path("acct").asText("").toLowerCase(Locale.ROOT);
                toThis |= a.id().equals(m.path("id").asText("")) || acct.equals(handle) || acct.startsWith(handle + "@");
            }
            if (toThis && addressed == null) {
                addressed = a.id();
            }
        }
        boolean direct = addressed != null;
        Mention parsed = MastodonStatuses.toMention(status);
        String text = parsed.text().toLowerCase(Locale.ROOT);
        boolean named = brand.keywords().stream().anyMatch(text::contains);
        if (!direct && !named) {
            return new Parsed(List.of(), List.of(), 1);
        }
        Mention mention = new Mention(parsed.platform(), parsed.id(), parsed.author(), parsed.text(),
                parsed.createdAt(), parsed.threadId(), parsed.inReplyTo(), direct, parsed.isPrivate(), "webhook:mastodon");
        mention = mention.toAccount(addressed);
        return new Parsed(List.of(event.equals("status.updated") ? mention.asChange(Mention.Change.EDITED) : mention),
                List.of(), 0);
    }
}
