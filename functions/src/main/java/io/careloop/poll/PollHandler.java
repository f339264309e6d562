package io.careloop.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
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

    /** A source is polled when the brand has an account on its platform and its token is configured. */
    static List<MentionSource> sources(Services services) {
        List<MentionSource> sources = new ArrayList<>();
        PlatformHttp http = new PlatformHttp(services.clock());
        var brand = services.brand();
        var mastodon = brand.account(Platform.MASTODON);
        var mastodonToken = services.credential(Platform.MASTODON, "access_token", Secrets.MASTODON_ACCESS_TOKEN);
        if (mastodon.isPresent() && mastodonToken.isPresent()) {
            sources.add(new MastodonNotifications(http, services.apiUrl(Platform.MASTODON), mastodonToken.get()));
        }
        var x = brand.account(Platform.X);
        var xToken = services.credential(Platform.X, "access_token", Secrets.X_ACCESS_TOKEN);
        if (x.isPresent() && xToken.isPresent()) {
            sources.add(XPosts.mentions(http, services.apiUrl(Platform.X), xToken.get(), x.get().id(), x.get().handle()));
            if (!brand.keywords().isEmpty()) {
                sources.add(XPosts.search(http, services.apiUrl(Platform.X), xToken.get(), brand.keywords(), x.get().handle()));
            }
        }
        services.bluesky().ifPresent(session -> sources.add(new BlueskyNotifications(session)));
        return sources;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduleInput, Context context) {
        PollService.Result result = service.run();
        return Map.of("found", result.found(), "missedByWebhooks", result.missedByWebhooks());
    }
}
