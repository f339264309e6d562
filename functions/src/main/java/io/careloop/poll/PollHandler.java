package io.careloop.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.config.Secrets;
import io.careloop.config.Services;
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
        var mastodon = services.brand().account(io.careloop.core.Platform.MASTODON);
        var token = services.secrets().get(Secrets.MASTODON_ACCESS_TOKEN);
        if (mastodon.isPresent() && token.isPresent()) {
            sources.add(new MastodonNotifications(http,
                    services.settings().get("CARELOOP_MASTODON_API_URL", "https://mastodon.social"), token.get()));
        }
        return sources;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduleInput, Context context) {
        return Map.of("found", service.run());
    }
}
