package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.wiring.Services;
import io.careloop.local.runtime.Schedule;
import io.careloop.local.runtime.StackTemplate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * template.yaml and the local runtime describe the same stack: every function, queue, route and schedule
 * of the template runs locally, nothing runs locally that the template lacks, and every handler exists.
 */
class TemplateWiringTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();
    private static StackTemplate template;

    @BeforeAll
    static void start() {
        template = StackTemplate.load(TestStack.templatePath(), "wiring");
    }

    @Test
    void theSixFunctionsOfTheTemplateAreTheFunctionsRunningLocally() {
        Set<String> declared = template.functions().stream().map(StackTemplate.Function::logicalId).collect(Collectors.toSet());

        assertThat(declared).containsExactlyInAnyOrder("WebhookFunction", "PollFunction", "TriageFunction",
                "ReplyFunction", "FollowUpFunction", "CaseApiFunction");
        assertThat(stack.runtime.functions().keySet()).isEqualTo(declared);
    }

    @Test
    void everyHandlerTheTemplateNamesExistsWithTheConstructorsLambdaAndTheLocalRuntimeUse() throws Exception {
        for (StackTemplate.Function f : template.functions()) {
            Class<?> handler = Class.forName(f.handlerClass());
            assertThat(RequestHandler.class).as(f.handlerClass()).isAssignableFrom(handler);
            assertThat(handler.getConstructor()).as("no-arg constructor for the Lambda runtime").isNotNull();
            assertThat(handler.getConstructor(Services.class)).as("constructor taking its dependencies").isNotNull();
            assertThat(handler.getMethod("handleRequest", Object.class, com.amazonaws.services.lambda.runtime.Context.class))
                    .isNotNull();
        }
    }

    @Test
    void everyQueueExistsLocallyWithItsDeadLetterQueueAndEveryConsumerReportsPartialFailures() {
        List<StackTemplate.Queue> queues = template.queues();
        assertThat(stack.runtime.queueUrls().keySet())
                .isEqualTo(queues.stream().map(StackTemplate.Queue::logicalId).collect(Collectors.toSet()));

        Map<String, String> consumers = stack.runtime.eventSourceMappings();
        assertThat(consumers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "TriageFunction", "MentionQueue", "ReplyFunction", "ActionQueue"));
        for (StackTemplate.Function f : template.functions()) {
            for (StackTemplate.Trigger t : f.triggers()) {
                if (t instanceof StackTemplate.SqsTrigger sqs) {
                    StackTemplate.Queue q = queues.stream().filter(x -> x.logicalId().equals(sqs.queue())).findFirst().orElseThrow();
                    assertThat(sqs.reportsBatchItemFailures()).as(f.logicalId() + " reports batch item failures").isTrue();
                    assertThat(q.fifo()).isTrue();
                    assertThat(q.deadLetterQueue()).as(q.logicalId() + " has a dead-letter queue").isNotNull();
                    assertThat(q.visibilityTimeout()).as("visibility >= 6x the consumer's timeout")
                            .isGreaterThanOrEqualTo(6 * f.timeoutSeconds());
                }
            }
        }
    }

    @Test
    void everyRouteOfTheTemplateIsServedLocallyAndOnlyWebhooksTheApiDescriptionAndTheConsolePageArePublic() {
        List<StackTemplate.HttpRoute> declared = template.functions().stream().flatMap(f -> f.triggers().stream())
                .filter(StackTemplate.HttpRoute.class::isInstance).map(StackTemplate.HttpRoute.class::cast).toList();
        assertThat(new HashSet<>(stack.runtime.routes())).isEqualTo(new HashSet<>(declared));
        assertThat(declared.stream().map(r -> r.method() + " " + r.path())).contains(
                "GET /webhooks/{platform}", "POST /webhooks/{platform}", "GET /cases", "GET /cases/{id}",
                "POST /cases/{id}/{action}", "GET /incidents");

        for (StackTemplate.HttpRoute route : declared) {
            String path = route.path().replace("{file}", "app.js").replace("{platform}", "generic").replace("{team}", "Care").replace("{id}", "c_1").replace("{action}", "reply");
            HttpResponse<String> anonymous = stack.send(route.method(), path, "{}", Map.of());
            assertThat(anonymous.body()).as(route + " is routed").doesNotContain("\"Not Found\"");
            boolean isPublic = route.path().startsWith("/webhooks/") || route.path().equals("/openapi.json")
                    || route.path().startsWith("/console");
            assertThat(route.authorized()).as(route + " public?").isEqualTo(!isPublic);
            if (route.authorized()) {
                assertThat(anonymous.statusCode()).as(route + " needs a token").isEqualTo(401);
            }
        }
    }

    @Test
    void theScheduledFunctionsFireLocally() {
        assertThat(stack.runtime.scheduledFunctions()).containsExactlyInAnyOrder("PollFunction", "FollowUpFunction");
        for (StackTemplate.Function f : template.functions()) {
            for (StackTemplate.Trigger t : f.triggers()) {
                if (t instanceof StackTemplate.ScheduleTrigger s) {
                    assertThat(Schedule.rate(s.expression())).isPositive();
                }
            }
        }
    }

    @Test
    void everyEnvironmentVariableTheTemplateGivesAFunctionHasALocalValueExceptTheSecretsArn() {
        for (StackTemplate.Function f : template.functions()) {
            Map<String, String> env = stack.runtime.environment(f.logicalId());
            for (String name : f.environment().keySet()) {
                if (name.equals("SECRETS_ARN") || name.equals("ACCOUNT_SECRETS_PREFIX") || name.equals("JAVA_TOOL_OPTIONS")) {
                    assertThat(env).as("locally, secrets come from CARELOOP_* variables").doesNotContainKey(name);
                } else if (name.startsWith("CARELOOP_CONSOLE_")) {
                    assertThat(env.get(name)).as("locally the console signs in with the local token").isNullOrEmpty();
                } else {
                    assertThat(env.get(name)).as(f.logicalId() + " " + name).isNotBlank();
                }
            }
        }
        assertThat(stack.runtime.environment("TriageFunction").get("ACTION_QUEUE_URL"))
                .isEqualTo(stack.runtime.queueUrls().get("ActionQueue"));
    }

    @Test
    void everyTriggerHasASampleInEvents() throws Exception {
        Path events = TestStack.templatePath().resolveSibling("events");
        Set<String> samples;
        try (Stream<Path> files = Files.list(events)) {
            samples = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(samples).contains("webhook-generic.json", "sqs-mention-queue.json", "sqs-action-queue.json",
                "schedule-poll.json", "schedule-followup.json", "api-list-cases.json", "api-resolve-case.json");
    }
}
