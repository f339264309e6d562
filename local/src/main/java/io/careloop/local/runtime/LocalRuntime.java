package io.careloop.local.runtime;

import io.careloop.wiring.Services;
import io.careloop.config.Settings;
import io.careloop.core.Platform;
import io.careloop.observe.Log;
import io.careloop.local.faults.FaultProxy;
import io.careloop.local.sandbox.PlatformSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * careloop on one machine: DynamoDB Local and ElasticMQ embedded (or whatever {@code AWS_ENDPOINT_URL}
 * points at, with nothing embedded), the table and queues created from template.yaml, every function built
 * from its template entry, the HttpApi on localhost, SQS event source mappings, schedules and the platform
 * sandbox.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Log LOG = Log.of(LocalRuntime.class);


    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private final List<Schedule> schedules = new ArrayList<>();
    private final Map<String, String> queueUrls;
    private final QueueDepth queueDepth;
    private final List<StackTemplate.Queue> queues;
    private final Map<String, String> tableNames;
    private final PlatformSandbox sandbox;
    private final LocalHttpApi api;
    private final Services runtimeServices;
    private final boolean embedded;
    private ScheduledExecutorService scheduler;
    private final List<Thread> pollerThreads = new ArrayList<>();

    private LocalRuntime(LocalOptions options) throws Exception {
        StackTemplate template = StackTemplate.load(options.template, options.stackName);
        Map<String, String> base = new HashMap<>();
        options.environment.forEach((k, v) -> {
            if (k.startsWith("CARELOOP_") || k.equals("AWS_REGION")) {
                base.put(k, v);
            }
        });
        this.embedded = !options.environment.containsKey("AWS_ENDPOINT_URL");
        if (embedded) {
            EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(options.dataDir == null ? null : options.dataDir.resolve("dynamodb"));
            closeables.add(dynamo);
            EmbeddedSqs sqs = EmbeddedSqs.start();
            closeables.add(sqs);
            base.put("CARELOOP_DYNAMODB_ENDPOINT", dynamo.endpoint());
            base.put("CARELOOP_SQS_ENDPOINT", sqs.endpoint());
            base.put("CARELOOP_LOCAL_CREDENTIALS", "true");
        } else if (!options.environment.containsKey("AWS_ACCESS_KEY_ID") && !options.environment.containsKey("AWS_PROFILE")) {
            base.put("CARELOOP_LOCAL_CREDENTIALS", "true"); // emulators accept any credentials
        }
        int port = options.port == 0 ? EmbeddedDynamoDb.freePort() : options.port;
        String sandboxUrl = "http://127.0.0.1:" + port + "/sandbox";
        for (Platform p : List.of(Platform.X, Platform.MASTODON, Platform.FACEBOOK, Platform.BLUESKY, Platform.THREADS)) {
            String url = "CARELOOP_" + p.name() + "_API_URL";
            boolean realCredentials = switch (p) {
                case X -> base.containsKey("CARELOOP_X_ACCESS_TOKEN");
                case MASTODON -> base.containsKey("CARELOOP_MASTODON_ACCESS_TOKEN");
                case BLUESKY -> base.containsKey("CARELOOP_BLUESKY_APP_PASSWORD");
                case THREADS -> base.containsKey("CARELOOP_THREADS_ACCESS_TOKEN");
                default -> base.containsKey("CARELOOP_META_PAGE_TOKEN");
            };
            if (!base.containsKey(url) && !realCredentials) {
                base.put(url, sandboxUrl + "/" + p.id());
            }
        }
        // Care events go to the sandbox's bus (GET /sandbox/events) unless a real endpoint is configured.
        base.putIfAbsent("CARE_EVENT_BUS", "careloop-care-events");
        if (!base.containsKey("AWS_ENDPOINT_URL") && !base.containsKey("AWS_ENDPOINT_URL_EVENTBRIDGE")) {
            base.putIfAbsent("CARELOOP_EVENTBRIDGE_ENDPOINT", sandboxUrl + "/events");
        }
        this.runtimeServices = new Services(new Settings(base), options.clock);
        Provisioner provisioner = new Provisioner(template);
        this.tableNames = provisioner.createTables(runtimeServices.dynamo());
        this.queueUrls = provisioner.createQueues(runtimeServices.sqs());
        this.queueDepth = new QueueDepth(runtimeServices.sqs(), queueUrls);
        this.queues = template.queues();

        Map<String, String> functionEndpoints = new HashMap<>();
        if (options.faults != null) {
            if (!embedded) {
                throw new IllegalArgumentException("faults are injected in front of the embedded services only");
            }
            for (String endpoint : List.of("CARELOOP_DYNAMODB_ENDPOINT", "CARELOOP_SQS_ENDPOINT")) {
                FaultProxy proxy = new FaultProxy(base.get(endpoint), options.faults);
                closeables.add(proxy);
                functionEndpoints.put(endpoint, proxy.endpoint());
            }
        }
        // Secrets from Secrets Manager (LocalStack, or any endpoint) instead of CARELOOP_* variables, as in AWS.
        if (base.containsKey("CARELOOP_SECRETS_ARN")) {
            functionEndpoints.put("SECRETS_ARN", base.get("CARELOOP_SECRETS_ARN"));
            if (base.containsKey("CARELOOP_ACCOUNT_SECRETS_PREFIX")) {
                functionEndpoints.put("ACCOUNT_SECRETS_PREFIX", base.get("CARELOOP_ACCOUNT_SECRETS_PREFIX"));
            }
        }
        for (StackTemplate.Function definition : template.functions()) {
            Map<String, String> env = new HashMap<>(base);
            env.putAll(functionEndpoints);
            // A template parameter's default (MetaGraphVersion) applies unless the variable is set locally.
            definition.environment().forEach((k, v) -> resolve(v)
                    .or(() -> base.containsKey(k) ? Optional.empty() : template.parameterDefault(v))
                    .ifPresent(value -> env.put(k, value)));
            env.put("CARELOOP_FUNCTION_NAME", definition.logicalId());
            environments.put(definition.logicalId(), Map.copyOf(env));
            functions.put(definition.logicalId(),
                    LocalFunction.create(definition, new Services(new Settings(env), options.clock, options.interceptors,
                            options.metrics)));
        }
        this.sandbox = new PlatformSandbox(options.clock);
        this.api = new LocalHttpApi(port, List.copyOf(functions.values()), sandbox,
                base.getOrDefault("CARELOOP_API_TOKEN", "dev-api-token"),
                base.getOrDefault("CARELOOP_AGENT_NAME", "Local Agent"), base.get("CARELOOP_LOCAL_TOKENS"));
        closeables.add(api);
        api.onRedrive(this::redrive);
        for (LocalFunction f : functions.values()) {
            for (StackTemplate.Trigger t : f.definition().triggers()) {
                if (t instanceof StackTemplate.SqsTrigger sqsTrigger) {
                    String url = queueUrls.get(sqsTrigger.queue());
                    String arn = runtimeServices.sqs().getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                    eventSources.add(new SqsEventSource(f, sqsTrigger, runtimeServices.sqs(), url, arn));
                } else if (t instanceof StackTemplate.ScheduleTrigger s) {
                    schedules.add(new Schedule(f, s));
                }
            }
        }
        if (options.background) {
            startBackground(options.scheduleEvery, options.pollersPerQueue);
        }
    }

    public static LocalRuntime start(LocalOptions options) {
        try {
            return new LocalRuntime(options);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The local stack did not start: " + e.getMessage(), e);
        }
    }

    /** A template value as this machine sees it: queue URLs, table names; secrets stay in CARELOOP_* variables. */
    private Optional<String> resolve(Object value) {
        if (value instanceof String s) {
            return s.startsWith("-XX:") ? Optional.empty() : Optional.of(s); // JVM flags are Lambda's business
        }
        Object ref = StackTemplate.map(value).get("Ref");
        if (ref != null) {
            String id = ref.toString();
            if (queueUrls.containsKey(id)) {
                return Optional.of(queueUrls.get(id));
            }
            if (tableNames.containsKey(id)) {
                return Optional.of(tableNames.get(id));
            }
        }
        return Optional.empty();
    }

    private void startBackground(Duration scheduleEvery, int pollersPerQueue) {
        for (SqsEventSource source : eventSources) {
            for (int i = 0; i < pollersPerQueue; i++) {
                Thread t = Thread.ofPlatform().daemon().name("esm-" + source.functionName() + "-" + i).start(source);
                pollerThreads.add(t);
            }
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("schedules").unstarted(r));
        for (Schedule s : schedules) {
            long every = (scheduleEvery == null ? s.rate() : scheduleEvery).toMillis();
            scheduler.scheduleWithFixedDelay(s::fire, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Delivers queued messages to their functions until every queue is empty (or a round finds nothing
     * deliverable). For tests and the demo: deterministic, no background threads needed.
     *
     * @return records delivered
     */
    public int drain() {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int delivered = 0;
            for (SqsEventSource source : eventSources) {
                delivered += source.pollOnce(0);
            }
            total += delivered;
            if (delivered == 0) {
                break;
            }
        }
        return total;
    }

    /** Fires every schedule once, now. */
    public void fireSchedules() {
        schedules.forEach(Schedule::fire);
    }

    /** Fires one function's schedules once, now. */
    public void fireSchedule(String functionName) {
        schedules.stream().filter(s -> s.function().name().equals(functionName)).forEach(Schedule::fire);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    public int port() {
        return api.port();
    }

    public PlatformSandbox sandbox() {
        return sandbox;
    }

    public Map<String, LocalFunction> functions() {
        return Map.copyOf(functions);
    }

    /** The environment each function was built with: template variables resolved to local values. */
    public Map<String, String> environment(String functionName) {
        return environments.get(functionName);
    }

    public Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    /** How many messages the queues hold, by logical id. */
    public QueueDepth queueDepth() {
        return queueDepth;
    }

    public Map<String, String> tableNames() {
        return Map.copyOf(tableNames);
    }

    public List<StackTemplate.HttpRoute> routes() {
        return api.routes();
    }

    public List<String> scheduledFunctions() {
        return schedules.stream().map(s -> s.function().name()).toList();
    }

    /**
     * Moves a queue's dead-letter messages back to it.
     *
     * @param queue the logical id of the queue (MentionQueue, ActionQueue), as in template.yaml
     */
    public int redrive(String queue) {
        StackTemplate.Queue q = queues.stream().filter(x -> x.logicalId().equals(queue) && x.deadLetterQueue() != null)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no queue with a dead-letter queue named '"
                        + queue + "'; use one of " + queues.stream().filter(x -> x.deadLetterQueue() != null)
                        .map(StackTemplate.Queue::logicalId).toList()));
        return Redrive.move(runtimeServices.sqs(), queueUrls.get(q.deadLetterQueue()), queueUrls.get(queue));
    }

    /** Records the queue pollers have handed to a function so far. */
    public long recordsDelivered(String functionName) {
        return eventSources.stream().filter(e -> e.functionName().equals(functionName))
                .mapToLong(SqsEventSource::recordsDelivered).sum();
    }

    /** The SQS event sources as function name → queue logical id. */
    public Map<String, String> eventSourceMappings() {
        Map<String, String> mappings = new LinkedHashMap<>();
        for (LocalFunction f : functions.values()) {
            for (StackTemplate.Trigger t : f.definition().triggers()) {
                if (t instanceof StackTemplate.SqsTrigger s) {
                    mappings.put(f.name(), s.queue());
                }
            }
        }
        return mappings;
    }

    public DynamoDbClient dynamo() {
        return runtimeServices.dynamo();
    }

    public SqsClient sqs() {
        return runtimeServices.sqs();
    }

    public boolean embedded() {
        return embedded;
    }

    @Override
    public void close() {
        eventSources.forEach(SqsEventSource::stop);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (Thread t : pollerThreads) {
            try {
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping", "error", e.getMessage());
            }
        }
    }
}
