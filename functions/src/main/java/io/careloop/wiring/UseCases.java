package io.careloop.wiring;

import io.careloop.api.CaseApi;
import io.careloop.api.Console;
import io.careloop.config.BrandConfig;
import io.careloop.config.Secrets;
import io.careloop.core.Platform;
import io.careloop.followup.FollowUpService;
import io.careloop.platform.PlatformHttp;
import io.careloop.poll.BlueskyNotifications;
import io.careloop.poll.MastodonNotifications;
import io.careloop.poll.MentionSource;
import io.careloop.poll.PollService;
import io.careloop.poll.PollingPolicy;
import io.careloop.poll.ThreadsMentions;
import io.careloop.poll.XPosts;
import io.careloop.queue.Deferral;
import io.careloop.queue.sqs.SqsDeferral;
import io.careloop.reply.PostingLimits;
import io.careloop.reply.ReplyService;
import io.careloop.routing.Routing;
import io.careloop.events.CareEvents;
import io.careloop.reports.RollupCareEvents;
import io.careloop.store.dynamo.DynamoStore;
import io.careloop.triage.Classifier;
import io.careloop.triage.TriageService;
import io.careloop.webhook.GenericWebhook;
import io.careloop.webhook.MastodonWebhook;
import io.careloop.webhook.MetaWebhook;
import io.careloop.webhook.ThreadsWebhook;
import io.careloop.webhook.WebhookService;
import io.careloop.webhook.XWebhook;
import java.util.ArrayList;
import java.util.List;

/**
 * The use cases, each built from the ports it needs: the one place where careloop is put together. Handlers
 * ask for their use case here and only adapt events; tests build use cases from in-memory ports instead.
 */
public final class UseCases {
    private final Services services;

    public UseCases(Services services) {
        this.services = services;
    }

    private DynamoStore store() {
        return services.store();
    }

    public WebhookService webhooks() {
        return new WebhookService(List.of(
                new GenericWebhook(services.secrets(), services.brand(), services.clock()),
                new XWebhook(services.secrets(), services.brand(), services.clock()),
                new MetaWebhook(services.secrets(), services.brand(), services.clock()),
                new MastodonWebhook(services.secrets(), services.brand()),
                new ThreadsWebhook(services.secrets(), services.brand(), services.clock())),
                services.mentionQueue(), services.metrics());
    }

    public PollService poll() {
        return new PollService(pollSources(), store().pollCursors(), store().seenMentions(), services.mentionQueue(),
                services.metrics(), store().webhookHeartbeats(), PollingPolicy.from(services.settings()), services.clock(),
                credentialAlerts());
    }

    public TriageService triage() {
        return new TriageService(Classifier.forBrand(services.brand()), store().mentionClaims(), store().cases(),
                store().sightings(), store().incidents(), services.actionQueue(), services.brand(), services.clock(),
                services.metrics(), (platform, account) -> services.connectors().forAccount(platform, account)
                        .flatMap(io.careloop.platform.PlatformConnector::reader), store().webhookHeartbeats(),
                routing(), careEvents(), credentialAlerts());
    }

    /** Automatic assignment of cases to agents, shared by triage and the agents' API. */
    public Routing routing() {
        return new Routing(store().agents(), store().cases(), careEvents(), services.brand(), services.clock());
    }

    /** Care events: the log and the bus, and the reports' daily rollups (kept whether or not the bus is there). */
    public CareEvents careEvents() {
        return CareEvents.all(services.careEvents(), new RollupCareEvents(store().reportRollups()));
    }

    public ReplyService reply() {
        return new ReplyService(store().outboundLedger(), store().cases(), store().incidents(), store().drafts(),
                services.connectors(),
                services.brand(), services.clock(),
                new PostingLimits(store().postingBudget(), services.brand(), services.settings()), services.metrics(),
                io.careloop.config.XTier.of(services.settings(), services.brand()), credentialAlerts(),
                new io.careloop.reply.HandoffDeliveries(store().outboundLedger(), store().cases(), services.brand(),
                        name -> services.secrets().get(name), services.clock(),
                        services.settings().get("AWS_LAMBDA_FUNCTION_NAME").isEmpty()));
    }

    /** "Platform Credentials Failing", at most once an hour per platform account across all instances. */
    public io.careloop.events.CredentialAlerts credentialAlerts() {
        return new io.careloop.events.CredentialAlerts(careEvents(), store().postingBudget(), services.clock());
    }

    /** Puts rate-limited actions to sleep on the ActionQueue until the platform's reset. */
    public Deferral actionDeferral() {
        String queueUrl = services.settings().require("ACTION_QUEUE_URL");
        // The SQS client is built when a rate limit first asks for a deferral, not for every reply function's start.
        return (message, retryAt) -> new SqsDeferral(services.sqs(), queueUrl, services.clock()).defer(message, retryAt);
    }

    public FollowUpService followUp() {
        return new FollowUpService(store().dueItems(), store().cases(), store().drafts(), services.actionQueue(), services.clock(),
                services.metrics(), careEvents(), services.brand());
    }

    public CaseApi caseApi() {
        return new CaseApi(store().cases(), store().incidents(), store().drafts(), services.actionQueue(), services.brand(), services.clock(),
                new Console(Console.SignIn.from(services.settings())), services.metrics(), store().agents(), routing(), careEvents(), store().reportRollups(),
                store().savedReplies(), () -> services.secrets().get("handoff_webhook_secret"));
    }

    /**
     * A source per brand account that has credentials: each X account's mentions (and one keyword search, as the
     * first account), each Mastodon account's notifications, each Bluesky account's notifications, each Threads
     * profile's mentions.
     */
    private List<MentionSource> pollSources() {
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
                                token, account.id(), first, !services.settings()
                                        .get("CARELOOP_MASTODON_INCLUDE_FILTERED", "true").equalsIgnoreCase("false"))));
                case BLUESKY -> {
                    var session = services.blueskySessions().get(account.id());
                    if (session != null) {
                        sources.add(new BlueskyNotifications(session, account.id(), first));
                        if (!services.settings().get("CARELOOP_BLUESKY_DMS", "true").equalsIgnoreCase("false")) {
                            sources.add(new io.careloop.poll.BlueskyMessages(session, account.id(), first));
                        }
                    }
                }
                // The gap filler behind the Threads mentions webhook.
                case THREADS -> services.credential(Platform.THREADS, account, "access_token", Secrets.THREADS_ACCESS_TOKEN)
                        .ifPresent(token -> sources.add(new ThreadsMentions(http, services.apiUrl(Platform.THREADS), token,
                                account.id(), first, services.clock())));
                default -> {
                    // Meta delivers everything by webhook; there is nothing to poll.
                }
            }
        }
        return sources;
    }

}
