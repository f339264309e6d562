package io.careloop.reply;

import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.core.Platform;
import io.careloop.store.PostingBudget;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How fast careloop may post as the brand on each platform, shared across every Lambda instance through
 * {@link PostingBudget}. Defaults are the platforms' published limits for the calls careloop makes: X
 * {@code POST /2/tweets} 100 per 15 minutes per user, Mastodon 300 calls per 5 minutes per account, Bluesky
 * 1,500 record writes per hour (under its 1,666 creates an hour), Threads 1,000 replies per profile per 24 hours. Meta publishes no fixed numbers; it answers
 * with throttling codes, which careloop honours as it honours a 429. Override with
 * {@code CARELOOP_RATE_LIMIT_<PLATFORM>} ("50/15m", or "none").
 */
public final class PostingLimits {
    private static final Map<Platform, String> DEFAULTS = Map.of(
            Platform.X, "100/15m",
            Platform.MASTODON, "300/5m",
            Platform.BLUESKY, "1500/1h",
            // developers.facebook.com/documentation/threads/retrieve-and-manage-replies: 1,000 API-published replies
            // per profile in a moving 24 hours. The budget's windows are fixed, and any 24 hours touch five 6-hour
            // windows: 5 x 200 keeps every moving day within 1,000.
            Platform.THREADS, "200/6h");

    private final PostingBudget budget;
    private final BrandConfig brand;
    private final Map<Platform, PostingBudget.Limit> limits = new EnumMap<>(Platform.class);

    public PostingLimits(PostingBudget budget, BrandConfig brand, Settings settings) {
        this.budget = budget;
        this.brand = brand;
        for (Platform p : Platform.values()) {
            String text = settings.get("CARELOOP_RATE_LIMIT_" + p.name()).orElse(DEFAULTS.get(p));
            if (text != null && !text.equalsIgnoreCase("none")) {
                limits.put(p, PostingBudget.Limit.parse(text));
            }
        }
    }

    /**
     * @param accountId the brand account posting (each has its own budget); null for the platform's first
     * @return empty when the post may go now; otherwise when the platform's window resets
     */
    public Optional<Instant> take(Platform platform, String accountId, Instant now) {
        PostingBudget.Limit limit = limits.get(platform);
        if (limit == null) {
            return Optional.empty();
        }
        String account = accountId != null ? accountId : brand.account(platform).map(BrandConfig.Account::id).orElse("default");
        return budget.take(platform.id() + ":" + account + ":" + platform.name().toLowerCase(Locale.ROOT) + "-posts", limit, now);
    }
}
