package io.careloop.local.bench;

import io.careloop.core.Json;
import io.careloop.local.runtime.LocalOptions;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.sandbox.PlatformSandbox;
import io.careloop.local.signing.WebhookSigner;
import io.careloop.observe.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How long a customer waits: mentions arrive on the webhook at a steady rate (not as fast as the machine can take
 * them, which measures queueing, not the pipeline) and each one's wait is timed from the moment its webhook
 * request is sent to the moment the platform (the sandbox) receives the acknowledgement. The same run counts
 * every platform call the mentions caused, which {@link PlatformSpend} prices.
 */
final class Latency {
    /** Long enough for every acknowledgement of a healthy run; a run that needs more reports what arrived. */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final int WARM_UP = 10;

    private final Path root;
    private final int mentions;
    private final double perSecond;

    Latency(Path root, int mentions, double perSecond) {
        this.root = root;
        this.mentions = mentions;
        this.perSecond = perSecond;
    }

    record Result(Map<String, Object> latency, List<PlatformSandbox.Call> calls, int mentions) {
    }

    Result measure() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(new LocalOptions().metrics(Metrics.none())
                .template(root.resolve("template.yaml")).port(0).dataDir(null).background(true).pollersPerQueue(2)
                // No scheduled poll during the run: the mentions arrive by webhook, as from a healthy subscription.
                .scheduleEvery(Duration.ofHours(1)).environment(Benchmark.environment()))) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, Instant> sent = new ConcurrentHashMap<>();
            ScheduledExecutorService arrivals = Executors.newScheduledThreadPool(2);
            long periodMicros = Math.round(1_000_000 / perSecond);
            // The first mentions pay for the functions' initialisation (a cold start each), which the cold-start
            // figures measure; these warm-up mentions are sent first and left out of the figures.
            for (int i = 0; i < WARM_UP; i++) {
                send(runtime, http, "warm" + i);
            }
            Instant warmDeadline = Instant.now().plus(SETTLE);
            while (acknowledgements(runtime.sandbox().calls(), warmUpIds()).size() < WARM_UP
                    && Instant.now().isBefore(warmDeadline)) {
                Thread.sleep(50);
            }
            for (int i = 0; i < mentions; i++) {
                final String id = "lat" + i;
                arrivals.schedule(() -> {
                    sent.put(id, Instant.now());
                    send(runtime, http, id);
                    return null;
                }, i * periodMicros, TimeUnit.MICROSECONDS);
            }
            arrivals.shutdown();
            arrivals.awaitTermination(10, TimeUnit.MINUTES);
            Instant deadline = Instant.now().plus(SETTLE);
            Map<String, Instant> acknowledged = new LinkedHashMap<>();
            while (Instant.now().isBefore(deadline)) {
                acknowledged = acknowledgements(runtime.sandbox().calls(), sent.keySet());
                if (acknowledged.size() >= mentions) {
                    break;
                }
                Thread.sleep(50);
            }
            List<Long> waits = new ArrayList<>();
            acknowledged.forEach((id, at) -> waits.add(Duration.between(sent.get(id), at).toNanos()));
            Collections.sort(waits);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mentions", mentions);
            result.put("arrivalsPerSecond", perSecond);
            result.put("acknowledged", waits.size());
            result.put("p50", ms(waits, 50));
            result.put("p90", ms(waits, 90));
            result.put("p99", ms(waits, 99));
            result.put("max", waits.isEmpty() ? 0 : Benchmark.round(waits.get(waits.size() - 1) / 1e6, 1));
            result.put("measured", "webhook request sent -> acknowledgement received by the platform sandbox, on the "
                    + "local stack (DynamoDB Local, ElasticMQ with 2 pollers per queue, this machine), generic webhook, X");
            // Every platform call of the run, for the warm-up mentions' too: spend is per mention sent.
            return new Result(result, List.copyOf(runtime.sandbox().calls()), mentions + WARM_UP);
        }
    }

    private static java.util.Set<String> warmUpIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < WARM_UP; i++) {
            ids.add("warm" + i);
        }
        return ids;
    }

    /**
     * One customer's complaint on X through the signed generic webhook, about nothing a topic names (so no incident
     * forms) and plain enough that the send policy lets the acknowledgement go without review: the figure is the
     * common path, a new case and its automatic acknowledgement.
     */
    private static void send(LocalRuntime runtime, HttpClient http, String id) throws Exception {
        String body = Json.write(Map.of("platform", "x", "id", id,
                "author", Map.of("id", "author-" + id, "handle", "customer_" + id),
                "text", "@AcmeHelp this is terrible service, still no reply to my email from last week"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/webhooks/generic"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        WebhookSigner.generic(Benchmark.SECRET, body, Instant.now()).forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + r.statusCode() + " " + r.body());
        }
    }

    /** The first public reply to each mention the run sent, by mention id. */
    private static Map<String, Instant> acknowledgements(List<PlatformSandbox.Call> calls, java.util.Set<String> ids) {
        Map<String, Instant> first = new LinkedHashMap<>();
        for (PlatformSandbox.Call c : calls) {
            if (c.status() >= 300 || c.body() == null) {
                continue;
            }
            String target = c.body().path("reply").path("in_reply_to_tweet_id").asText("");
            if (ids.contains(target)) {
                first.putIfAbsent(target, c.at());
            }
        }
        return first;
    }

    private static double ms(List<Long> sortedNanos, int percentile) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int i = Math.min(sortedNanos.size() - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.size()) - 1);
        return Benchmark.round(sortedNanos.get(Math.max(0, i)) / 1e6, 1);
    }
}
