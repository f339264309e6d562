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
import java.util.List;
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
    /** Posts already shown: each step waits for a new one. */
    private int seenPosts;

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
        Map<String, String> lead = Map.of("authorization", "Bearer " + token);

        step("1. A customer complains to @AcmeHelp on X (signed generic webhook from events/webhook-generic.json)");
        HttpResponse<String> accepted = post("/webhooks/generic", body, WebhookSigner.generic(secret, body, Instant.now()));
        out.println("   webhook answered " + accepted.statusCode() + " " + accepted.body());
        awaitPost("the automatic acknowledgement (no review: a direct complaint, an ordinary author)", "so sorry");
        JsonNode cases = get("/cases");
        String caseId = cases.path("cases").get(0).path("id").asText();
        out.println("   case " + caseId + " is " + cases.path("cases").get(0).path("status").asText()
                + ", priority " + cases.path("cases").get(0).path("priority").asText());

        step("2. The customer goes quiet: the follow-up schedule checks in");
        awaitPost("the check-in", "Just checking in");

        step("3. An agent hands the case to the repairs team, with an update every 5 seconds");
        String agent = env.getOrDefault("CARELOOP_AGENT_NAME", "Local Agent"); // who the local token speaks for
        post("/cases/" + caseId + "/assign", Json.write(Map.of("assignee", agent)), lead);
        HttpResponse<String> handedOff = post("/cases/" + caseId + "/handoff",
                "{\"team\":\"Repairs\",\"updateEvery\":\"5s\"}", lead);
        out.println("   hand-off answered " + handedOff.statusCode());
        awaitPost("the hand-off notice", "passed this to our Repairs team");
        awaitPost("the first periodic update", "by ");
        post("/cases/" + caseId + "/progress", "{\"note\":\"The replacement part is in stock and ships tomorrow.\"}", lead);
        awaitPost("the next update, with the team's progress", "ships tomorrow");

        step("4. A promise that nobody keeps");
        post("/cases/" + caseId + "/promise", "{\"due\":\"3s\"}", lead);
        awaitPost("the promise", "I'll get back to you by");
        awaitPost("the broken promise's update", "I promised you an update by");

        step("5. The agent resolves the case; the loop is closed in public");
        HttpResponse<String> resolved = post("/cases/" + caseId + "/resolve",
                "{\"summary\":\"Replacement widget shipped\",\"publicNote\":\"Your replacement widget is on its way.\"}",
                lead);
        out.println("   resolve answered " + resolved.statusCode());
        awaitPost("the resolution", "replacement widget is on its way");
        awaitPost("the close-the-loop message", "Thank you for your patience");

        step("6. Three customers report the same outage: an incident, and its post to everyone waits for a person");
        int n = 0;
        for (String text : new String[] {"your site is down, I can't log in", "is the site down? I can't log in at all",
                "outage again?? nothing loads and I can't log in"}) {
            n++;
            String mention = Json.write(Map.of("platform", "x", "id", "demo-outage-" + n, "text", "@AcmeHelp " + text,
                    "author", Map.of("id", "90" + n, "handle", "customer_" + n, "name", "Customer " + n)));
            post("/webhooks/generic", mention, WebhookSigner.generic(secret, mention, Instant.now()));
        }
        JsonNode drafts = await("the incident post's draft", () -> get("/drafts").path("drafts"),
                d -> d.findValuesAsText("kind").contains("incident_post"));
        for (JsonNode d : drafts) {
            if (d.path("kind").asText().equals("incident_post")) {
                List<String> reasons = new java.util.ArrayList<>();
                d.path("reasons").forEach(r -> reasons.add(r.asText()));
                out.println("   draft " + d.path("id").asText() + " (" + String.join("; ", reasons) + "): "
                        + d.path("text").asText());
                HttpResponse<String> approved = post("/drafts/" + d.path("id").asText() + "/approve", "{}", lead);
                out.println("   a lead approves it through the API: " + approved.statusCode());
            }
        }
        awaitPost("the approved incident post", "Some of you are having trouble with");

        step("7. A Mastodon mention arrives by polling (events/sandbox-mastodon-notification.json)");
        String notification = Files.readString(events.resolve("sandbox-mastodon-notification.json"));
        post("/sandbox/mastodon/notifications", notification, Map.of());
        awaitPost("the Mastodon acknowledgement", "mastodon", "so sorry");

        step("8. A reply on the brand's Threads post arrives by webhook (events/webhook-threads-reply.json), signed with"
                + " the Threads app secret; the answer is a container, then its publication");
        String threadsDelivery = Json.parse(Files.readString(events.resolve("webhook-threads-reply.json"))).path("body").asText();
        String threadsSecret = env.getOrDefault(EnvironmentSecrets.variableFor(Secrets.THREADS_APP_SECRET),
                EnvironmentSecrets.DEVELOPMENT_DEFAULTS.get(Secrets.THREADS_APP_SECRET));
        post("/webhooks/threads", threadsDelivery, WebhookSigner.threads(threadsSecret, threadsDelivery));
        awaitPost("the Threads acknowledgement's container", "threads", "email me the details");
        awaitPost("its publication", "threads", "");

        step("Cases");
        for (String open : List.of("true", "false")) {
            for (JsonNode c : get("/cases?open=" + open).path("cases")) {
                out.printf("   %s  %-12s %s  @%s: %s%n", c.path("id").asText(), c.path("status").asText(),
                        c.path("priority").asText(), c.path("customer").path("handle").asText(), c.path("firstWords").asText());
            }
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

    /** Waits for the next post careloop makes whose text contains the words, prints it, and returns it. */
    private JsonNode awaitPost(String what, String words) throws Exception {
        return awaitPost(what, null, words);
    }

    /** As {@link #awaitPost(String, String)}, on one platform ({@code null} for any). */
    private JsonNode awaitPost(String what, String platform, String words) throws Exception {
        JsonNode found = await(what, () -> {
            JsonNode all = posts();
            for (int i = seenPosts; i < all.size(); i++) {
                boolean onPlatform = platform == null || platform.equals(all.get(i).path("platform").asText());
                if (onPlatform && text(all.get(i)).contains(words)) {
                    seenPosts = i + 1;
                    return all.get(i);
                }
            }
            return null;
        }, p -> p != null);
        out.print("   " + what + ": ");
        print(found);
        return found;
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private void print(JsonNode post) {
        out.println("posted on " + post.path("platform").asText() + " (" + post.path("method").asText() + " "
                + post.path("path").asText() + "): " + text(post));
    }

    private static String text(JsonNode post) {
        JsonNode body = post.path("body");
        return body.hasNonNull("text") ? body.path("text").asText()
                : body.hasNonNull("status") ? body.path("status").asText()
                : body.hasNonNull("creation_id") ? "publishes container " + body.path("creation_id").asText()
                : body.path("message").asText();
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
