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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How fast careloop may call each platform as the brand, shared across every Lambda instance through
 * {@link PostingBudget}. Defaults are the platforms' published limits for the calls careloop makes:
 * <ul>
 *   <li>X (docs.x.com/x-api/fundamentals/rate-limits): {@code POST /2/tweets} 100 per 15 minutes per user and 10,000
 *       per 24 hours per app; direct messages ({@code POST /2/dm_conversations/with/:id/messages}) 15 per 15 minutes
 *       and 1,440 per 24 hours per user, 1,440 per 24 hours per app; hiding replies ({@code PUT /2/tweets/:id/hidden})
 *       50 per 15 minutes per user</li>
 *   <li>Mastodon 300 requests per 5 minutes and 300 statuses per 3 hours per account (its {@code RateLimiter}'s
 *       {@code statuses} family); Bluesky 1,500 record writes per hour and 11,000 per day (its write points: 5,000 an
 *       hour and 35,000 a day, a create costing 3, so 1,666 and 11,666 creates); Threads 1,000 replies per profile per
 *       24 hours (200 per fixed 6 hours, so no moving day exceeds it)</li>
 * </ul>
 * Meta publishes no fixed numbers; it answers with throttling codes, which careloop honours as it honours a 429.
 * Windows are fixed and aligned to the epoch (a 24-hour one to midnight UTC) while X's may roll, so X can still
 * answer 429 near a window's edge; careloop then waits for its {@code x-rate-limit-reset}.
 *
 * <p>Override with {@code CARELOOP_RATE_LIMIT_<PLATFORM>} (public posts per account, "50/15m" or "none") and, for X,
 * {@code CARELOOP_RATE_LIMIT_X_APP} (public posts per app), {@code CARELOOP_RATE_LIMIT_X_DM} (direct messages per
 * account), {@code CARELOOP_RATE_LIMIT_X_DM_APP} (direct messages per app) and {@code CARELOOP_RATE_LIMIT_X_HIDE}
 * (hides per account); several limits are separated by commas ("15/15m,1440/24h"). A call takes one from every window, the shortest first:
 * a spent hour leaves the day's calls untouched.
 */
public final class PostingLimits {
    /** What is being called: each has its own budgets. */
    public enum Call { POST, PRIVATE_MESSAGE, HIDE }

    /** A budget, per brand account or shared by the whole app. */
    private record Budget(String setting, String name, boolean perApp, List<PostingBudget.Limit> limits) {
    }

    private static final Map<Platform, String> POSTS_PER_ACCOUNT = Map.of(
            Platform.X, "100/15m",
            Platform.MASTODON, "300/5m,300/3h",
            Platform.BLUESKY, "1500/1h,11000/1d",
            // developers.facebook.com/documentation/threads/retrieve-and-manage-replies: 1,000 API-published replies
            // per profile in a moving 24 hours. The budget's windows are fixed, and any 24 hours touch five 6-hour
            // windows: 5 x 200 keeps every moving day within 1,000.
            Platform.THREADS, "200/6h");

    private final PostingBudget budget;
    private final BrandConfig brand;
    private final Map<Platform, Map<Call, List<Budget>>> budgets = new EnumMap<>(Platform.class);

    public PostingLimits(PostingBudget budget, BrandConfig brand, Settings settings) {
        this.budget = budget;
        this.brand = brand;
        for (Platform p : Platform.values()) {
            String posts = p.name().toLowerCase(Locale.ROOT) + "-posts"; // the bucket's name since before X's other budgets
            add(settings, p, Call.POST, new Budget("CARELOOP_RATE_LIMIT_" + p.name(), posts, false, List.of()),
                    POSTS_PER_ACCOUNT.get(p));
        }
        add(settings, Platform.X, Call.POST, new Budget("CARELOOP_RATE_LIMIT_X_APP", "x-posts-app", true, List.of()),
                "10000/24h");
        add(settings, Platform.X, Call.PRIVATE_MESSAGE, new Budget("CARELOOP_RATE_LIMIT_X_DM", "x-dms", false, List.of()),
                "15/15m,1440/24h");
        add(settings, Platform.X, Call.PRIVATE_MESSAGE, new Budget("CARELOOP_RATE_LIMIT_X_DM_APP", "x-dms-app", true,
                List.of()), "1440/24h");
        add(settings, Platform.X, Call.HIDE, new Budget("CARELOOP_RATE_LIMIT_X_HIDE", "x-hides", false, List.of()), "50/15m");
    }

    private void add(Settings settings, Platform platform, Call call, Budget named, String fallback) {
        String text = settings.get(named.setting()).orElse(fallback);
        if (text == null || text.equalsIgnoreCase("none")) {
            return;
        }
        List<PostingBudget.Limit> limits = new ArrayList<>();
        for (String part : text.split(",")) {
            limits.add(PostingBudget.Limit.parse(part));
        }
        limits.sort(Comparator.comparing(PostingBudget.Limit::window)); // the shortest window first
        budgets.computeIfAbsent(platform, k -> new EnumMap<>(Call.class)).computeIfAbsent(call, k -> new ArrayList<>())
                .add(new Budget(named.setting(), named.name(), named.perApp(), List.copyOf(limits)));
    }

    /** A public post (a reply or a community post). See {@link #take(Platform, String, Call, Instant)}. */
    public Optional<Instant> take(Platform platform, String accountId, Instant now) {
        return take(platform, accountId, Call.POST, now);
    }

    /**
     * Takes one call from every budget that covers it: the account's and the app's, each window in turn.
     *
     * @param accountId the brand account calling (each has its own budgets); null for the platform's first
     * @return empty when the call may go now; otherwise when the first spent window resets
     */
    public Optional<Instant> take(Platform platform, String accountId, Call call, Instant now) {
        List<Budget> covering = budgets.getOrDefault(platform, Map.of()).getOrDefault(call, List.of());
        String account = accountId != null ? accountId : brand.account(platform).map(BrandConfig.Account::id).orElse("default");
        for (Budget b : covering) {
            for (PostingBudget.Limit limit : b.limits()) {
                // One bucket per window length: 15 per 15 minutes and 1,440 per day are counted apart.
                String bucket = platform.id() + ":" + (b.perApp() ? "app" : account) + ":" + b.name()
                        + (b.limits().size() > 1 ? "-" + limit.window().toMinutes() + "m" : "");
                Optional<Instant> reset = budget.take(bucket, limit, now);
                if (reset.isPresent()) {
                    return reset;
                }
            }
        }
        return Optional.empty();
    }
}
