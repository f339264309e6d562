package io.careloop.local;

import java.time.Clock;
import io.careloop.observe.Metrics;
import io.careloop.observe.EmfMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.faults.Faults;
import io.careloop.local.runtime.LocalOptions;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.signing.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack as tests drive it: real DynamoDB Local, real ElasticMQ, the real handlers; no background
 * threads, so each test decides when queues are drained and schedules fire.
 *
 * <p>A test class that wants one stack for all its tests registers
 * {@code @RegisterExtension static final TestStack stack = TestStack.perClass();}, one that wants a fresh stack
 * for each test {@code @RegisterExtension final TestStack stack = TestStack.perTest();}: the stack is started
 * before the class's own {@code @BeforeAll}/{@code @BeforeEach} methods and closed after its {@code @AfterAll}/
 * {@code @AfterEach} methods. A stack made with a constructor is started at once and closed by its owner.
 */
final class TestStack implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    static final String API_TOKEN = "test-api-token";
    static final String GENERIC_SECRET = "test-generic-secret";

    /** When a stack registered as an extension starts and stops. */
    private enum Scope { OWNER, CLASS, TEST }

    final TestClock clock = new TestClock(Instant.now());
    /** The running stack (set once started). */
    LocalRuntime runtime;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Scope scope;
    private final Map<String, String> extraEnvironment;
    private final Faults faults;
    private final Metrics metrics;

    TestStack() {
        this(Map.of());
    }

    TestStack(Map<String, String> extraEnvironment) {
        this(extraEnvironment, null);
    }

    /** @param faults a fault plan for the proxy between the functions and DynamoDB/SQS, or null for none */
    TestStack(Map<String, String> extraEnvironment, Faults faults) {
        this(extraEnvironment, faults, new EmfMetrics(System.out, Clock.systemUTC()));
    }

    /** @param metrics where the functions' business metrics go */
    TestStack(Map<String, String> extraEnvironment, Faults faults, Metrics metrics) {
        this(Scope.OWNER, extraEnvironment, faults, metrics);
        start();
    }

    private TestStack(Scope scope, Map<String, String> extraEnvironment, Faults faults) {
        this(scope, extraEnvironment, faults, new EmfMetrics(System.out, Clock.systemUTC()));
    }

    private TestStack(Scope scope, Map<String, String> extraEnvironment, Faults faults, Metrics metrics) {
        this.scope = scope;
        this.extraEnvironment = extraEnvironment;
        this.faults = faults;
        this.metrics = metrics;
    }

    /**
     * The environment of a stack whose brand sends everything without review, as careloop did before reviewed
     * replies ({@code policy.review {"default": "auto"}}, no uncertainty margin): for tests about something else
     * than review. The forced reasons (outreach, influential, VIP, hostile) still apply.
     */
    static Map<String, String> withoutReview() {
        return brand("{\"review\": {\"default\": \"auto\"}, \"reviewMargin\": 0, \"firstResponse\": \"any\"}");
    }

    /**
     * The environment plus X's Enterprise tier, whose apps may reply to any post: for tests of outreach (replies to people
     * who did not address the brand) that are about something else than X's reply rule for pay-per-use apps.
     */
    static Map<String, String> xEnterprise(Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("CARELOOP_X_TIER", "enterprise");
        return Map.copyOf(env);
    }

    /** The environment of a stack whose brand is Acme's with these {@code policy} fields (a temporary brand file). */
    static Map<String, String> brand(String policyFields) {
        try (var in = TestStack.class.getResourceAsStream("/io/careloop/config/default-brand.json")) {
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) io.careloop.core.Json.mapper().readTree(in);
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("policy"))
                    .setAll((com.fasterxml.jackson.databind.node.ObjectNode) io.careloop.core.Json.mapper().readTree(policyFields));
            java.nio.file.Path file = java.nio.file.Files.createTempFile("careloop-brand", ".json");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, root.toString());
            return Map.of("CARELOOP_CONFIG", file.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One stack shared by all the tests of a class. */
    static TestStack perClass() {
        return perClass(Map.of());
    }

    static TestStack perClass(Map<String, String> extraEnvironment) {
        return new TestStack(Scope.CLASS, extraEnvironment, null);
    }

    /** A fresh stack (and clock) for each test. */
    static TestStack perTest() {
        return perTest(Map.of());
    }

    static TestStack perTest(Map<String, String> extraEnvironment) {
        return new TestStack(Scope.TEST, extraEnvironment, null);
    }

    private void start() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CARELOOP_API_TOKEN", API_TOKEN,
                "CARELOOP_GENERIC_SECRET", GENERIC_SECRET,
                "CARELOOP_AGENT_NAME", "Dana Adams"));
        env.putAll(extraEnvironment);
        runtime = LocalRuntime.start(new LocalOptions()
                .template(templatePath())
                .port(0)
                .dataDir(null)
                .clock(clock)
                .environment(env)
                .faults(faults)
                .metrics(metrics)
                .background(false));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (scope == Scope.CLASS) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (scope == Scope.CLASS) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (scope == Scope.TEST) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (scope == Scope.TEST) {
            close();
        }
    }

    static Path templatePath() {
        return Path.of(System.getProperty("careloop.template", "../template.yaml"));
    }

    static String mention(String platform, String id, String authorId, String handle, String text) {
        return Json.write(Map.of("platform", platform, "id", id, "text", text,
                "author", Map.of("id", authorId, "handle", handle, "name", handle)));
    }

    HttpResponse<String> postWebhook(String body) {
        return send("POST", "/webhooks/generic", body, WebhookSigner.generic(GENERIC_SECRET, body, clock.instant()));
    }

    HttpResponse<String> api(String method, String path, String body) {
        return send(method, path, body, Map.of("authorization", "Bearer " + API_TOKEN));
    }

    JsonNode apiJson(String method, String path, String body) {
        HttpResponse<String> response = api(method, path, body);
        try {
            return Json.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + method + " " + path, e);
        }
    }

    /** Posts recorded by the sandbox for one customer thread (replies to {@code inReplyTo}, or mentioning {@code handle}). */
    List<JsonNode> postsMentioning(String handle) {
        List<JsonNode> result = new ArrayList<>();
        for (Map<String, Object> p : runtime.sandbox().posts()) {
            JsonNode body = (JsonNode) p.get("body");
            String text = body.path("text").asText(body.path("status").asText(body.path("message").asText("")));
            if (text.contains(handle)) {
                result.add(Json.mapper().valueToTree(p));
            }
        }
        return result;
    }

    /** Shortens a queue's visibility timeout (180 s in the template) so a test need not wait for redelivery. */
    void visibilityTimeout(String queueLogicalId, int seconds) {
        runtime.sqs().setQueueAttributes(r -> r.queueUrl(runtime.queueUrls().get(queueLogicalId))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(seconds))));
    }

    /** Drains the queues, waiting out visibility timeouts, until nothing is left in flight (or the rounds run out). */
    int drainUntilEmpty(int rounds) throws InterruptedException {
        int delivered = 0;
        for (int i = 0; i < rounds; i++) {
            delivered += runtime.drain();
            if (runtime.queueDepth().waiting("MentionQueue", "ActionQueue") == 0) {
                return delivered;
            }
            Thread.sleep(1_100);
        }
        return delivered;
    }

    int messagesWaiting(String queueLogicalId) {
        return runtime.queueDepth().waiting(queueLogicalId);
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
