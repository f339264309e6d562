package io.careloop.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.config.EnvironmentSecrets;
import io.careloop.config.Secrets;
import io.careloop.core.Json;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.signing.WebhookSigner;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code careloop local --demo}: sends the sample mentions in events/ through the running stack the way
 * the platforms would (a signed generic webhook, a Mastodon notification picked up by polling), then works
 * the case through the agents' API and prints what careloop posted at each step.
 */
final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final LocalRuntime runtime;
    private final Map<String, String> env;
    private final PrintStream out;
    private final Path events;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    Demo(LocalRuntime runtime, Map<String, String> env, PrintStream out, Path events) {
        this.runtime = runtime;
        this.env = env;
        this.out = out;
        this.events = events;
        this.token = env.getOrDefault("CARELOOP_API_TOKEN", "dev-api-token");
    }

    int run() throws Exception {
        String secret = env.getOrDefault(EnvironmentSecrets.variableFor(Secrets.GENERIC_WEBHOOK),
                EnvironmentSecrets.DEVELOPMENT_DEFAULTS.get(Secrets.GENERIC_WEBHOOK));
        JsonNode sample = Json.parse(Files.readString(events.resolve("webhook-generic.json")));
        String body = sample.path("body").asText();

        step("1. A customer complains to @AcmeHelp on X (signed generic webhook from events/webhook-generic.json)");
        HttpResponse<String> accepted = post("/webhooks/generic", body, WebhookSigner.generic(secret, body, Instant.now()));
        out.println("   webhook answered " + accepted.statusCode() + " " + accepted.body());
        JsonNode ack = await("the public acknowledgement", () -> posts(), p -> p.size() >= 1);
        print(ack.get(0));

        JsonNode cases = get("/cases");
        String caseId = cases.path("cases").get(0).path("id").asText();
        out.println("   case " + caseId + " is " + cases.path("cases").get(0).path("status").asText()
                + ", priority " + cases.path("cases").get(0).path("priority").asText());

        step("2. The customer goes quiet: the follow-up schedule checks in");
        JsonNode followUp = await("the check-in", () -> posts(), p -> p.size() >= 2);
        print(followUp.get(1));

        step("3. An agent resolves the case through the API");
        post("/cases/" + caseId + "/assign", "{\"assignee\":\"Dana Adams\"}", Map.of("authorization", "Bearer " + token));
        HttpResponse<String> resolved = post("/cases/" + caseId + "/resolve",
                "{\"summary\":\"Replacement widget shipped\",\"publicNote\":\"Your replacement widget is on its way.\"}",
                Map.of("authorization", "Bearer " + token));
        out.println("   resolve answered " + resolved.statusCode());
        JsonNode closing = await("the resolution and close-the-loop messages", () -> posts(), p -> p.size() >= 4);
        print(closing.get(2));
        print(closing.get(3));

        step("4. A Mastodon mention arrives by polling (events/sandbox-mastodon-notification.json)");
        String notification = Files.readString(events.resolve("sandbox-mastodon-notification.json"));
        post("/sandbox/mastodon/notifications", notification, Map.of());
        JsonNode mastodon = await("the Mastodon acknowledgement", () -> posts(), p -> p.size() >= 5);
        print(mastodon.get(4));

        step("Cases");
        JsonNode all = get("/cases?open=true");
        JsonNode closed = get("/cases?open=false");
        for (JsonNode c : all.path("cases")) {
            out.printf("   %s  %-12s %s  @%s: %s%n", c.path("id").asText(), c.path("status").asText(),
                    c.path("priority").asText(), c.path("customer").path("handle").asText(), c.path("firstWords").asText());
        }
        for (JsonNode c : closed.path("cases")) {
            out.printf("   %s  %-12s %s  @%s: %s%n", c.path("id").asText(), c.path("status").asText(),
                    c.path("priority").asText(), c.path("customer").path("handle").asText(), c.path("firstWords").asText());
        }
        JsonNode timeline = get("/cases/" + caseId).path("timeline");
        out.println();
        out.println("Timeline of " + caseId + " (newest first):");
        for (JsonNode e : timeline) {
            out.printf("   %s  %-8s %-14s %s%n", e.path("at").asText(), e.path("kind").asText(), e.path("actor").asText(),
                    e.hasNonNull("text") ? e.path("text").asText() : e.path("note").asText());
        }
        out.println();
        out.println("Demo complete: " + posts().size() + " posts at " + runtime.baseUrl() + "/sandbox/posts");
        return 0;
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private void print(JsonNode post) {
        JsonNode body = post.path("body");
        String text = body.hasNonNull("text") ? body.path("text").asText()
                : body.hasNonNull("status") ? body.path("status").asText() : body.path("message").asText();
        out.println("   posted on " + post.path("platform").asText() + " (" + post.path("method").asText() + " "
                + post.path("path").asText() + "): " + text);
    }

    private JsonNode posts() throws Exception {
        return get("/sandbox/posts").path("posts");
    }

    private interface Fetch {
        JsonNode get() throws Exception;
    }

    private JsonNode await(String what, Fetch fetch, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode value = fetch.get();
            if (done.test(value)) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the demo waited " + WAIT.toSeconds() + "s for " + what + " and gave up");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .header("authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
