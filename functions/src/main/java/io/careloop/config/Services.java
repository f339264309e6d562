package io.careloop.config;

import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.platform.MastodonConnector;
import io.careloop.platform.MetaConnector;
import io.careloop.platform.PlatformConnector;
import io.careloop.platform.PlatformHttp;
import io.careloop.platform.XConnector;
import io.careloop.queue.ActionQueue;
import io.careloop.queue.MentionQueue;
import io.careloop.queue.SqsActionQueue;
import io.careloop.queue.SqsMentionQueue;
import io.careloop.store.CaseStore;
import io.careloop.store.DynamoCaseStore;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
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
    private final Clock clock;
    private final List<ExecutionInterceptor> interceptors;
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<SqsClient> sqs;
    private final Lazy<Secrets> secrets;
    private final Lazy<BrandConfig> brand;
    private final Lazy<CaseStore> caseStore;
    private final Lazy<MentionQueue> mentionQueue;
    private final Lazy<ActionQueue> actionQueue;
    private final Lazy<Connectors> connectors;
    private final Lazy<java.util.Optional<io.careloop.platform.BlueskySession>> bluesky;
    private final Lazy<java.util.Optional<AccountSecrets>> accountSecrets;

    public Services(Settings settings, Clock clock) {
        this(settings, clock, List.of());
    }

    /** @param interceptors SDK interceptors added to every client (benchmarks count requests with one) */
    public Services(Settings settings, Clock clock, List<ExecutionInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
        this.settings = settings;
        this.clock = clock;
        this.dynamo = new Lazy<>(() -> configure(DynamoDbClient.builder(), "CARELOOP_DYNAMODB_ENDPOINT").build());
        this.sqs = new Lazy<>(() -> configure(SqsClient.builder(), "CARELOOP_SQS_ENDPOINT").build());
        this.secrets = new Lazy<>(this::buildSecrets);
        this.brand = new Lazy<>(() -> BrandConfig.load(settings));
        this.caseStore = new Lazy<>(() -> new DynamoCaseStore(dynamo.get(), settings.require("TABLE_NAME"), clock));
        this.mentionQueue = new Lazy<>(() -> new SqsMentionQueue(sqs.get(), settings.require("MENTION_QUEUE_URL")));
        this.actionQueue = new Lazy<>(() -> new SqsActionQueue(sqs.get(), settings.require("ACTION_QUEUE_URL")));
        this.connectors = new Lazy<>(this::buildConnectors);
        this.bluesky = new Lazy<>(this::buildBlueskySession);
        this.accountSecrets = new Lazy<>(this::buildAccountSecrets);
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

    public Secrets secrets() {
        return secrets.get();
    }

    public BrandConfig brand() {
        return brand.get();
    }

    public CaseStore caseStore() {
        return caseStore.get();
    }

    public MentionQueue mentionQueue() {
        return mentionQueue.get();
    }

    public ActionQueue actionQueue() {
        return actionQueue.get();
    }

    /** The brand's Bluesky session, when it has a Bluesky account and an app password; shared by polling and replies. */
    public java.util.Optional<io.careloop.platform.BlueskySession> bluesky() {
        return bluesky.get();
    }

    /** The platform API base URL ({@code CARELOOP_<PLATFORM>_API_URL}, else the platform's own). */
    public String apiUrl(Platform platform) {
        return apiUrl(platform, switch (platform) {
            case X -> "https://api.x.com";
            case MASTODON -> "https://mastodon.social";
            case BLUESKY -> "https://bsky.social";
            case FACEBOOK, INSTAGRAM -> "https://graph.facebook.com/v21.0";
        });
    }

    private java.util.Optional<io.careloop.platform.BlueskySession> buildBlueskySession() {
        var account = brand().account(Platform.BLUESKY);
        var password = credential(Platform.BLUESKY, "app_password", Secrets.BLUESKY_APP_PASSWORD);
        if (account.isEmpty() || password.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new io.careloop.platform.BlueskySession(new PlatformHttp(clock), apiUrl(Platform.BLUESKY),
                account.get().handle(), password.get()));
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

    private SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder(), "CARELOOP_SECRETSMANAGER_ENDPOINT").build();
    }

    /** Per-account secrets ({@code ACCOUNT_SECRETS_PREFIX}), when the stack reads its secrets from Secrets Manager. */
    private java.util.Optional<AccountSecrets> buildAccountSecrets() {
        var prefix = settings.get("ACCOUNT_SECRETS_PREFIX").filter(p -> !p.isBlank());
        if (prefix.isEmpty() || settings.get("SECRETS_ARN").isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new AccountSecrets(secretsManager(), prefix.get()));
    }

    /**
     * A platform credential of the brand's account on that platform: the account's own secret's {@code field} if
     * it has one, else the stack secret's {@code stackSecretName}.
     */
    public java.util.Optional<String> credential(Platform platform, String field, String stackSecretName) {
        var account = brand().account(platform);
        if (account.isPresent() && accountSecrets.get().isPresent()) {
            var own = accountSecrets.get().get().get(platform, account.get().id(), field);
            if (own.isPresent()) {
                return own;
            }
        }
        return secrets().get(stackSecretName);
    }

    private Secrets buildSecrets() {
        var arn = settings.get("SECRETS_ARN");
        if (arn.isPresent()) {
            return new SecretsManagerSecrets(secretsManager(), arn.get());
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
            bluesky.reset();
        });
    }

    private List<PlatformConnector> connectorList() {
        PlatformHttp http = new PlatformHttp(clock);
        BrandConfig b = brand();
        List<PlatformConnector> list = new ArrayList<>();
        credential(Platform.X, "access_token", Secrets.X_ACCESS_TOKEN).ifPresent(token ->
                list.add(new XConnector(http, apiUrl(Platform.X, "https://api.x.com"), token)));
        credential(Platform.MASTODON, "access_token", Secrets.MASTODON_ACCESS_TOKEN).ifPresent(token ->
                list.add(new MastodonConnector(http, apiUrl(Platform.MASTODON, "https://mastodon.social"), token)));
        credential(Platform.FACEBOOK, "page_token", Secrets.META_PAGE_TOKEN).ifPresent(token -> {
            String graph = apiUrl(Platform.FACEBOOK, "https://graph.facebook.com/v21.0");
            String pageId = b.account(Platform.FACEBOOK).map(BrandConfig.Account::id).orElse("me");
            list.add(new MetaConnector(Platform.FACEBOOK, http, graph, pageId, token));
            list.add(new MetaConnector(Platform.INSTAGRAM, http, graph, pageId, token));
        });
        bluesky().ifPresent(session -> list.add(new io.careloop.platform.BlueskyConnector(session, clock)));
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
