package io.careloop.wiring;

import io.careloop.observe.EmfMetrics;
import io.careloop.observe.Metrics;
import io.careloop.config.aws.SecretsManagerSecrets;
import io.careloop.config.aws.AccountSecrets;
import io.careloop.config.aws.GetSecretValue;
import io.careloop.config.BrandConfig;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Secrets;
import io.careloop.config.Settings;

import io.careloop.core.Platform;
import io.careloop.platform.AccountConnector;
import io.careloop.platform.Connectors;
import io.careloop.platform.MastodonConnector;
import io.careloop.platform.MetaConnector;
import io.careloop.platform.PlatformConnector;
import io.careloop.platform.PlatformHttp;
import io.careloop.platform.XConnector;
import io.careloop.queue.ActionQueue;
import io.careloop.queue.MentionQueue;
import io.careloop.queue.sqs.SqsActionQueue;
import io.careloop.queue.sqs.SqsMentionQueue;
import io.careloop.store.dynamo.DynamoStore;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds each dependency once per execution environment, and only when a function first asks for it.
 * Lambda's runtime uses {@link #fromEnvironment()}; the local runtime and tests pass their own settings.
 *
 * <p>Environment variables (template.yaml sets them in AWS): {@code TABLE_NAME}, {@code MENTION_QUEUE_URL},
 * {@code ACTION_QUEUE_URL}, {@code SECRETS_ARN}. Local-only overrides: {@code CARELOOP_DYNAMODB_ENDPOINT},
 * {@code CARELOOP_SQS_ENDPOINT}, {@code CARELOOP_<PLATFORM>_API_URL}. {@code AWS_ENDPOINT_URL} (LocalStack)
 * is read by the SDK itself.
 */
public final class Services {
    private final Settings settings;
    private final Metrics metrics;
    private final Clock clock;
    private final List<ExecutionInterceptor> interceptors;
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<SqsClient> sqs;
    private final Lazy<Secrets> secrets;
    private final Lazy<GetSecretValue> secretsManager;
    private final Lazy<BrandConfig> brand;
    private final Lazy<DynamoStore> store;
    private final Lazy<MentionQueue> mentionQueue;
    private final Lazy<ActionQueue> actionQueue;
    private final Lazy<Connectors> connectors;
    private final Lazy<Map<String, io.careloop.platform.BlueskySession>> blueskySessions;
    private final Lazy<java.util.Optional<AccountSecrets>> accountSecrets;
    private final Lazy<io.careloop.platform.BlueskyIdentity> blueskyIdentity;
    private final Lazy<io.careloop.events.CareEvents> careEvents;

    public Services(Settings settings, Clock clock) {
        this(settings, clock, List.of(), new EmfMetrics(System.out, clock));
    }

    /**
     * @param interceptors SDK interceptors added to every client (benchmarks count requests with one)
     * @param metrics      where business metrics go (Lambda: EMF lines on standard output)
     */
    public Services(Settings settings, Clock clock, List<ExecutionInterceptor> interceptors, Metrics metrics) {
        // Actions are written and read by hand from the first message on (see Json.addRecordCodec).
        io.careloop.cases.ActionJson.register();
        this.interceptors = List.copyOf(interceptors);
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.dynamo = new Lazy<>(() -> configure(DynamoDbClient.builder(), "CARELOOP_DYNAMODB_ENDPOINT").build());
        this.sqs = new Lazy<>(() -> configure(SqsClient.builder(), "CARELOOP_SQS_ENDPOINT").build());
        this.secrets = new Lazy<>(this::buildSecrets);
        this.secretsManager = new Lazy<>(this::buildSecretsManager);
        this.brand = new Lazy<>(() -> BrandConfig.load(settings));
        this.store = new Lazy<>(() -> new DynamoStore(dynamo.get(), settings.require("TABLE_NAME"), clock));
        this.mentionQueue = new Lazy<>(() -> new SqsMentionQueue(sqs.get(), settings.require("MENTION_QUEUE_URL")));
        this.actionQueue = new Lazy<>(() -> new SqsActionQueue(sqs.get(), settings.require("ACTION_QUEUE_URL")));
        this.connectors = new Lazy<>(this::buildConnectors);
        this.blueskySessions = new Lazy<>(this::buildBlueskySessions);
        this.accountSecrets = new Lazy<>(this::buildAccountSecrets);
        this.blueskyIdentity = new Lazy<>(() -> new io.careloop.platform.BlueskyIdentity(new PlatformHttp(clock),
                settings.get("CARELOOP_BLUESKY_PLC_URL", "https://plc.directory"),
                settings.get("CARELOOP_BLUESKY_HANDLE_RESOLVER_URL", "https://public.api.bsky.app"), clock));
        this.careEvents = new Lazy<>(() -> CareEventBus.build(settings, credentials()));
    }

    public static Services fromEnvironment() {
        return new Services(Settings.fromEnvironment(), Clock.systemUTC());
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Secrets secrets() {
        return secrets.get();
    }

    public BrandConfig brand() {
        return brand.get();
    }

    /** careloop's table, as the ports the use cases need. */
    public DynamoStore store() {
        return store.get();
    }

    /** Care events: logged, and put on the stack's event bus when {@code CARE_EVENT_BUS} names one. */
    public io.careloop.events.CareEvents careEvents() {
        return careEvents.get();
    }

    /**
     * The MentionQueue. Its URL is required now (a missing one fails at start); the SQS client is built at the first
     * send, so an invocation that finds nothing to enqueue never loads it.
     */
    public MentionQueue mentionQueue() {
        settings.require("MENTION_QUEUE_URL");
        return mentions -> {
            if (!mentions.isEmpty()) { // nothing to send is no request, and no client to build for it
                mentionQueue.get().send(mentions);
            }
        };
    }

    /** The ActionQueue, as {@link #mentionQueue()}: the SQS client is built at the first send. */
    public ActionQueue actionQueue() {
        settings.require("ACTION_QUEUE_URL");
        return actions -> {
            if (!actions.isEmpty()) {
                actionQueue.get().send(actions);
            }
        };
    }

    /** The session of the brand's first Bluesky account, when it has one with an app password. */
    public java.util.Optional<io.careloop.platform.BlueskySession> bluesky() {
        return blueskySessions().values().stream().findFirst();
    }

    /** The platform API base URL ({@code CARELOOP_<PLATFORM>_API_URL}, else the platform's own). */
    public String apiUrl(Platform platform) {
        return apiUrl(platform, switch (platform) {
            case X -> "https://api.x.com";
            case MASTODON -> "https://mastodon.social";
            case BLUESKY -> "https://bsky.social";
            // The host only: the Graph API version follows it (see graphApiVersion).
            case FACEBOOK, INSTAGRAM -> "https://graph.facebook.com";
            // The Threads API is served at graph.threads.net (or graph.threads.com), version v1.0.
            case THREADS -> "https://graph.threads.net/v1.0";
        }) + (platform == Platform.FACEBOOK || platform == Platform.INSTAGRAM ? "/" + graphApiVersion() : "");
    }

    /**
     * The Graph API version careloop calls ({@code CARELOOP_META_GRAPH_VERSION}; template parameter
     * {@code MetaGraphVersion} in AWS), {@link io.careloop.platform.GraphApiVersions#DEFAULT} when unset.
     */
    public String graphApiVersion() {
        return io.careloop.platform.GraphApiVersions.parse(settings.get("CARELOOP_META_GRAPH_VERSION", ""));
    }

    /** A Bluesky session per brand Bluesky account with an app password, by account id (its DID). */
    public Map<String, io.careloop.platform.BlueskySession> blueskySessions() {
        return blueskySessions.get();
    }

    private Map<String, io.careloop.platform.BlueskySession> buildBlueskySessions() {
        Map<String, io.careloop.platform.BlueskySession> sessions = new java.util.LinkedHashMap<>();
        // Every instance shares one session per account through the table, so a scale-out never signs in once per
        // instance (createSession: 30 per 5 minutes, 300 per day per account).
        io.careloop.store.SessionVault vault = settings.get("TABLE_NAME").isPresent() ? store().sessionVault() : null;
        var pinnedPds = settings.get("CARELOOP_BLUESKY_API_URL");
        for (BrandConfig.Account account : brand().accounts()) {
            if (account.platform() == Platform.BLUESKY) {
                String identity = account.id().startsWith("did:") ? account.id() : account.handle();
                // The account's PDS, resolved from its DID (or handle) unless one is set (the sandbox, a pinned PDS).
                Supplier<String> pds = pinnedPds.isPresent() ? pinnedPds::get : () -> blueskyIdentity.get().pds(identity);
                credential(Platform.BLUESKY, account, "app_password", Secrets.BLUESKY_APP_PASSWORD).ifPresent(password ->
                        sessions.put(account.id(), new io.careloop.platform.BlueskySession(new PlatformHttp(clock), pds,
                                account.handle(), password, vault, clock)));
            }
        }
        return sessions;
    }

    public Connectors connectors() {
        return connectors.get();
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpointSetting) {
        builder.region(Region.of(settings.get("AWS_REGION", "us-east-1")))
                .credentialsProvider(credentials());
        if (!interceptors.isEmpty()) {
            builder.overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor));
        }
        settings.get(endpointSetting).ifPresent(url -> builder.endpointOverride(URI.create(url)));
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        // Embedded DynamoDB Local and ElasticMQ accept any credentials; AWS and LocalStack use the default chain.
        if (settings.get("CARELOOP_LOCAL_CREDENTIALS").isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("careloop", "careloop"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Secrets Manager's GetSecretValue in {@code AWS_REGION}, or at {@code CARELOOP_SECRETSMANAGER_ENDPOINT},
     * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code AWS_ENDPOINT_URL} (an emulator), as the SDK's client would.
     */
    private GetSecretValue buildSecretsManager() {
        String region = settings.get("AWS_REGION", "us-east-1");
        URI endpoint = settings.get("CARELOOP_SECRETSMANAGER_ENDPOINT")
                .or(() -> settings.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"))
                .or(() -> settings.get("AWS_ENDPOINT_URL"))
                .map(URI::create)
                .orElse(GetSecretValue.endpointFor(region));
        return new GetSecretValue(UrlConnectionHttpClient.builder().build(), credentials(), endpoint, region);
    }

    /** Per-account secrets ({@code ACCOUNT_SECRETS_PREFIX}), when the stack reads its secrets from Secrets Manager. */
    private java.util.Optional<AccountSecrets> buildAccountSecrets() {
        var prefix = settings.get("ACCOUNT_SECRETS_PREFIX").filter(p -> !p.isBlank());
        if (prefix.isEmpty() || settings.get("SECRETS_ARN").isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new AccountSecrets(secretsManager.get(), prefix.get()));
    }

    /**
     * A platform credential of the brand's account on that platform: the account's own secret's {@code field} if
     * it has one, else the stack secret's {@code stackSecretName}.
     */
    public java.util.Optional<String> credential(Platform platform, String field, String stackSecretName) {
        var account = brand().account(platform);
        return account.isEmpty() ? secrets().get(stackSecretName) : credential(platform, account.get(), field, stackSecretName);
    }

    /**
     * One brand account's credential: its own secret's {@code field}; for the platform's first account, else the
     * stack secret's {@code stackSecretName}. Locally, another account reads {@code CARELOOP_<PLATFORM>_<ID>_<FIELD>}
     * or gets a development value, so a second handle works against the sandbox out of the box.
     */
    public java.util.Optional<String> credential(Platform platform, BrandConfig.Account account, String field,
                                                 String stackSecretName) {
        if (accountSecrets.get().isPresent()) {
            var own = accountSecrets.get().get().get(platform, account.id(), field);
            if (own.isPresent()) {
                return own;
            }
        }
        boolean first = brand().account(platform).map(a -> a.id().equals(account.id())).orElse(false);
        if (first) {
            return secrets().get(stackSecretName);
        }
        if (secrets() instanceof EnvironmentSecrets) {
            String variable = ("CARELOOP_" + platform.name() + "_" + account.id() + "_" + field).toUpperCase(java.util.Locale.ROOT)
                    .replaceAll("[^A-Z0-9_]", "_");
            return java.util.Optional.of(settings.get(variable).orElse("dev-" + platform.id() + "-" + account.id() + "-" + field));
        }
        return java.util.Optional.empty();
    }

    private Secrets buildSecrets() {
        var arn = settings.get("SECRETS_ARN");
        if (arn.isPresent()) {
            return new SecretsManagerSecrets(secretsManager.get(), arn.get());
        }
        if (settings.get("AWS_LAMBDA_FUNCTION_NAME").isPresent()) {
            // In AWS the development defaults must never apply: a missing secret is a deployment error.
            throw new IllegalStateException("Missing configuration: set the environment variable SECRETS_ARN");
        }
        return new EnvironmentSecrets(settings);
    }

    private Connectors buildConnectors() {
        return new Connectors(this::connectorList, () -> {
            secrets().refresh();
            accountSecrets.get().ifPresent(AccountSecrets::refresh);
            blueskySessions.reset();
        });
    }

    /** A connector for every brand account that has credentials, each posting as its own account. */
    private List<PlatformConnector> connectorList() {
        PlatformHttp http = new PlatformHttp(clock);
        BrandConfig b = brand();
        List<PlatformConnector> list = new ArrayList<>();
        String firstPage = b.account(Platform.FACEBOOK).map(BrandConfig.Account::id).orElse("me");
        if (b.accounts().stream().anyMatch(a -> a.platform() == Platform.FACEBOOK || a.platform() == Platform.INSTAGRAM)) {
            // Each time the connectors are built (a cold start, new credentials): a version near its date is seen.
            io.careloop.platform.GraphApiVersions.report(graphApiVersion(), java.time.LocalDate.ofInstant(clock.instant(),
                    java.time.ZoneOffset.UTC), metrics);
        }
        for (BrandConfig.Account account : b.accounts()) {
            Platform p = account.platform();
            switch (p) {
                case X -> credential(p, account, "access_token", Secrets.X_ACCESS_TOKEN).ifPresent(token ->
                        list.add(new AccountConnector(new XConnector(http, apiUrl(p), token, account.id()), account.id())));
                case MASTODON -> credential(p, account, "access_token", Secrets.MASTODON_ACCESS_TOKEN).ifPresent(token ->
                        list.add(new AccountConnector(new MastodonConnector(http, apiUrl(p), token, account.id()), account.id())));
                case FACEBOOK -> credential(p, account, "page_token", Secrets.META_PAGE_TOKEN).ifPresent(token ->
                        list.add(new AccountConnector(new MetaConnector(p, http, apiUrl(p), account.id(), token), account.id())));
                // Instagram messaging and replies go through the Facebook Page the account is linked to.
                case INSTAGRAM -> credential(p, account, "page_token", Secrets.META_PAGE_TOKEN).ifPresent(token ->
                        list.add(new AccountConnector(new MetaConnector(p, http, apiUrl(p), firstPage, token), account.id())));
                case BLUESKY -> {
                    var session = blueskySessions().get(account.id());
                    if (session != null) {
                        list.add(new AccountConnector(new io.careloop.platform.BlueskyConnector(session, clock,
                                !settings.get("CARELOOP_BLUESKY_DMS", "true").equalsIgnoreCase("false")), account.id()));
                    }
                }
                case THREADS -> credential(p, account, "access_token", Secrets.THREADS_ACCESS_TOKEN).ifPresent(token ->
                        list.add(new AccountConnector(new io.careloop.platform.ThreadsConnector(http, apiUrl(p), account.id(),
                                account.handle(), token, clock), account.id())));
            }
        }
        return list;
    }

    private String apiUrl(Platform platform, String fallback) {
        String name = platform == Platform.INSTAGRAM ? "FACEBOOK" : platform.name();
        return settings.get("CARELOOP_" + name + "_API_URL", fallback);
    }

    /** Built on first use, then kept: SDK clients are expensive and thread-safe. */
    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        /** Forgets the value: the next get builds it again. */
        void reset() {
            value = null;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
