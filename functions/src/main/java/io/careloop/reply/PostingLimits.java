package io.careloop.reply;

import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.core.Platform;
import io.careloop.store.PostingBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How fast careloop may post as the brand on each platform, shared across every Lambda instance through
 * {@link PostingBudget}. Defaults are the platforms' published limits for the calls careloop makes: X
 * {@code POST /2/tweets} 100 per 15 minutes per user; Mastodon 300 requests per 5 minutes and 300 statuses per
 * 3 hours per account (its {@code RateLimiter}'s {@code statuses} family); Bluesky 1,500 record writes per hour and
 * 11,000 per day (its write points: 5,000 an hour and 35,000 a day, a create costing 3, so 1,666 and 11,666 creates).
 * Meta publishes no fixed numbers; it answers with throttling codes, which careloop honours as it honours a 429.
 * Override with {@code CARELOOP_RATE_LIMIT_<PLATFORM>}: one window or several, comma-separated ("50/15m",
 * "1500/1h,11000/1d", or "none"). A post takes one call from every window, the shortest first: a spent hour
 * leaves the day's calls untouched, and a spent day costs at most calls of an hour in which nothing could go anyway.
 */
public final class PostingLimits {
    private static final Map<Platform, String> DEFAULTS = Map.of(
            Platform.X, "100/15m",
            Platform.MASTODON, "300/5m,300/3h",
            Platform.BLUESKY, "1500/1h,11000/1d");

    private final PostingBudget budget;
    private final BrandConfig brand;
    private final Map<Platform, List<PostingBudget.Limit>> limits = new EnumMap<>(Platform.class);

    public PostingLimits(PostingBudget budget, BrandConfig brand, Settings settings) {
        this.budget = budget;
        this.brand = brand;
        for (Platform p : Platform.values()) {
            String text = settings.get("CARELOOP_RATE_LIMIT_" + p.name()).orElse(DEFAULTS.get(p));
            if (text != null && !text.equalsIgnoreCase("none")) {
                List<PostingBudget.Limit> windows = new ArrayList<>();
                for (String one : text.split(",")) {
                    windows.add(PostingBudget.Limit.parse(one));
                }
                windows.sort(Comparator.comparing(PostingBudget.Limit::window));
                limits.put(p, List.copyOf(windows));
            }
        }
    }

    /**
     * @param accountId the brand account posting (each has its own budget); null for the platform's first
     * @return empty when the post may go now; otherwise when the platform's window resets
     */
    public Optional<Instant> take(Platform platform, String accountId, Instant now) {
        List<PostingBudget.Limit> windows = limits.get(platform);
        if (windows == null) {
            return Optional.empty();
        }
        String account = accountId != null ? accountId : brand.account(platform).map(BrandConfig.Account::id).orElse("default");
        String bucket = platform.id() + ":" + account + ":" + platform.name().toLowerCase(Locale.ROOT) + "-posts";
        for (PostingBudget.Limit limit : windows) {
            // The shortest window keeps the bucket name it always had; longer ones are named by their length.
            boolean shortest = limit == windows.get(0);
            Optional<Instant> reset = budget.take(shortest ? bucket : bucket + ":" + limit.window().toSeconds() + "s", limit, now);
            if (reset.isPresent()) {
                return reset;
            }
        }
        return Optional.empty();
    }
}
