package io.careloop.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.config.Services;
import io.careloop.core.Platform;
import io.careloop.platform.PlatformHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PollFunction: every minute, each configured source since its cursor → MentionQueue. */
public final class PollHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final PollService service;

    public PollHandler() {
        this(io.careloop.lambda.Priming.registered(Services.fromEnvironment()));
    }

    public PollHandler(Services services) {
        this(new PollService(sources(services), services.caseStore(), services.mentionQueue()));
    }

    public PollHandler(PollService service) {
        this.service = service;
    }

    /**
     * A source per brand account that has credentials: each X account's mentions (and one keyword search, as the
     * first account), each Mastodon account's notifications, each Bluesky account's notifications.
     */
    static List<MentionSource> sources(Services services) {
        List<MentionSource> sources = new ArrayList<>();
        PlatformHttp http = new PlatformHttp(services.clock());
        var brand = services.brand();
        for (BrandConfig.Account account : brand.accounts()) {
            boolean first = brand.account(account.platform()).map(a -> a.id().equals(account.id())).orElse(false);
            switch (account.platform()) {
                case X -> services.credential(Platform.X, account, "access_token", Secrets.X_ACCESS_TOKEN).ifPresent(token -> {
                    sources.add(XPosts.mentions(http, services.apiUrl(Platform.X), token, account.id(), account.handle()));
                    if (first && !brand.keywords().isEmpty()) {
                        sources.add(XPosts.search(http, services.apiUrl(Platform.X), token, brand.keywords(), account.handle(),
                                account.id()));
                    }
                });
                case MASTODON -> services.credential(Platform.MASTODON, account, "access_token", Secrets.MASTODON_ACCESS_TOKEN)
                        .ifPresent(token -> sources.add(new MastodonNotifications(http, services.apiUrl(Platform.MASTODON),
                                token, account.id(), first)));
                case BLUESKY -> {
                    var session = services.blueskySessions().get(account.id());
                    if (session != null) {
                        sources.add(new BlueskyNotifications(session, account.id(), first));
                    }
                }
                default -> {
                    // Meta delivers everything by webhook; there is nothing to poll.
                }
            }
        }
        return sources;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduleInput, Context context) {
        PollService.Result result = service.run();
        return Map.of("found", result.found(), "missedByWebhooks", result.missedByWebhooks());
    }
}
