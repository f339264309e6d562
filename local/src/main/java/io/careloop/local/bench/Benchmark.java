package io.careloop.local.bench;

import io.careloop.observe.Metrics;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.core.Author;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.local.runtime.LocalOptions;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.signing.WebhookSigner;
import io.careloop.triage.Classifier;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code careloop bench}: measures cold start, requests and capacity per mention, triage CPU, local end-to-end
 * throughput, the jar and the cost per million mentions, each beside a baseline from the same run, and
 * prints one JSON report. Not part of the test run: these figures need a quiet machine, not assertions.
 */
public final class Benchmark {
    static final double TRIAGE_TARGET_MICROS = 50;
    static final double COLD_START_TARGET_RATIO = 1.2;
    static final double JAR_TARGET_MB = 12;
    static final double THROUGHPUT_TARGET_RATIO = 0.5;
    static final String SECRET = "bench-generic-secret";
    /** A busy brand's peak: one mention every 200 ms, well below what the local stack can take (no queueing). */
    static final double LATENCY_ARRIVALS_PER_SECOND = 5;
    static final List<String> FUNCTIONS = List.of("WebhookFunction", "PollFunction", "TriageFunction", "ReplyFunction",
            "FollowUpFunction", "CaseApiFunction");

    private final Path root;
    private final int coldRuns;
    private final int mentions;
    private final PrintStream log;

    public Benchmark(Path root, int coldRuns, int mentions, PrintStream log) {
        this.root = root;
        this.coldRuns = coldRuns;
        this.mentions = mentions;
        this.log = log;
    }

    /** Only the requests and capacity per mention: the quick figures to check a change to the store against. */
    public Map<String, Object> requestsOnly() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("requestsPerMention", requestsPerMention());
        return report;
    }

    /** Only the latency run and the platform calls it caused. */
    public Map<String, Object> latencyOnly() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        Latency.Result latency = new Latency(root, latencyMentions(), LATENCY_ARRIVALS_PER_SECOND).measure();
        report.put("latencyMillis", latency.latency());
        report.put("platformSpend", PlatformSpend.perMention(latency.calls(), latency.mentions()));
        return report;
    }

    public Map<String, Object> run() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine());
        report.put("jar", jar());
        report.put("artifacts", artifacts());
        log.println("bench: triage CPU...");
        report.put("triageCpu", triageCpu());
        log.println("bench: requests per mention...");
        Map<String, Object> requests = requestsPerMention();
        report.put("requestsPerMention", requests);
        log.println("bench: end-to-end throughput (" + mentions + " mentions)...");
        Map<String, Object> throughput = throughput();
        report.put("throughput", throughput);
        log.println("bench: mention-to-acknowledgement latency (" + latencyMentions() + " mentions at "
                + LATENCY_ARRIVALS_PER_SECOND + "/s)...");
        Latency.Result latency = new Latency(root, latencyMentions(), LATENCY_ARRIVALS_PER_SECOND).measure();
        report.put("latencyMillis", latency.latency());
        report.put("platformSpend", PlatformSpend.perMention(latency.calls(), latency.mentions()));
        log.println("bench: cold starts (" + coldRuns + " runs per function)...");
        report.put("coldStart", new ColdStarts(root, coldRuns).measure());
        report.put("costPerMillionMentions", CostModel.perMillion(requests, throughput));
        report.put("targets", targets(report));
        return report;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1024 / 1024);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("date", LocalDate.now().toString());
        return m;
    }

    private Map<String, Object> jar() throws Exception {
        Path jar = lambdaJar(root);
        long bytes = Files.size(jar);
        return Map.of("file", root.relativize(jar).toString(), "bytes", bytes,
                "mib", round(bytes / 1024.0 / 1024.0, 2), "mb", round(bytes / 1e6, 2));
    }

    private int latencyMentions() {
        return Math.max(20, Math.min(mentions, 200));
    }

    /**
     * What each function loads, as deployed: every function's CodeUri is the same jar; the triage function also has
     * the complaint model's layer (data, not code: counted apart).
     */
    private Map<String, Object> artifacts() throws Exception {
        long bytes = Files.size(lambdaJar(root));
        Path layer = root.resolve("layers/triage-model");
        long layerBytes = 0;
        if (Files.isDirectory(layer)) {
            try (var files = Files.walk(layer)) {
                layerBytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (String function : FUNCTIONS) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("bytes", bytes);
            a.put("mb", round(bytes / 1e6, 2));
            if (function.equals("TriageFunction")) {
                a.put("modelLayerBytes", layerBytes);
            }
            result.put(function, a);
        }
        return result;
    }

    /** The functions' deployment jar, as {@code sam build} packages it. */
    static Path lambdaJar(Path root) throws Exception {
        try (var files = Files.list(root.resolve("functions/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build first: ./mvnw -DskipTests install"));
        }
    }

    // ---- triage CPU ------------------------------------------------------------------------------

    static List<String> sampleTexts() {
        String[] openings = {"@AcmeHelp", "Hey @AcmeHelp", "@AcmeHelp seriously,", "#Acme", "Ugh @AcmeHelp", "@AcmeHelp hi!"};
        String[] bodies = {"my widget has been broken for 5 days now, disgusting", "how do I reset my password?",
                "thanks so much, the new charger is brilliant", "the app keeps crashing when I open my orders",
                "my parcel never arrived and nobody answers the phone", "FREE FOLLOWERS click here bit.ly/x",
                "I was charged twice this month, please fix this", "is the site down? can't log in",
                "love the new update, great work team", "the charger caught fire last night!!",
                "still waiting for my refund after three weeks", "where can I find the manual for the widget",
                "you are all idiots", "mi pedido no ha llegado todavía", "same here, mine stopped working too"};
        List<String> texts = new ArrayList<>();
        for (String o : openings) {
            for (String b : bodies) {
                texts.add(o + " " + b);
            }
        }
        return texts;
    }

    private Map<String, Object> triageCpu() {
        Classifier classifier = new Classifier();
        List<String> texts = sampleTexts();
        for (int round = 0; round < 200; round++) {
            for (String t : texts) {
                classifier.judge(t);
            }
        }
        long[] nanos = new long[texts.size() * 50];
        int i = 0;
        for (int round = 0; round < 50; round++) {
            for (String t : texts) {
                long start = System.nanoTime();
                classifier.judge(t);
                nanos[i++] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(nanos);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("judgements", nanos.length);
        r.put("medianMicros", round(nanos[nanos.length / 2] / 1000.0, 1));
        r.put("p90Micros", round(nanos[nanos.length * 9 / 10] / 1000.0, 1));
        r.put("note", "in-process after warm-up (C2), one thread; what each TriageFunction invocation spends judging");
        return r;
    }

    // ---- requests per mention --------------------------------------------------------------------

    private Map<String, Object> requestsPerMention() {
        RequestCounter counter = new RequestCounter();
        try (LocalRuntime runtime = LocalRuntime.start(new LocalOptions()
                // The report is the only thing on stdout: the functions' metric lines would be mixed into it.
                .metrics(Metrics.none())
                .template(root.resolve("template.yaml")).port(0).dataDir(null).background(false)
                .interceptors(List.of(counter)).environment(environment()))) {
            Map<String, Object> result = new LinkedHashMap<>();
            // Images for DynamoDB's bill are read beside the functions' client, so they are not counted as theirs
            // (on the embedded stack; against another endpoint only DynamoDB's own figures are reported).
            String endpoint = runtime.environment("TriageFunction").get("CARELOOP_DYNAMODB_ENDPOINT");
            try (DynamoDbClient reader = DynamoDbClient.builder().region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("careloop", "careloop")))
                    .endpointOverride(URI.create(endpoint == null ? "http://127.0.0.1:1" : endpoint))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                if (endpoint != null) {
                    counter.billWrites(new WriteBill(reader, runtime.tableNames().get("Table")));
                }
                // Two earlier outage reports so the third opens an incident.
                triage(runtime, mention("o1", "a1", "@AcmeHelp the site is down, can't log in", true));
                triage(runtime, mention("o2", "a2", "@AcmeHelp is the site down? I can't log in", true));
                runtime.drain();
                counter.reset();
                measure(runtime, counter, result, "newCase", mention("n1", "b1", "@AcmeHelp my widget stopped working yesterday", true));
                measure(runtime, counter, result, "newCaseNoTopic", mention("n2", "b2", "@AcmeHelp hello, can you help me please?", true));
                measure(runtime, counter, result, "joinedCase", mention("n3", "b1", "@AcmeHelp still broken, any news?", true));
                measure(runtime, counter, result, "watched", mention("w1", "c1", "My #Acme charger keeps overheating, so disappointed", false));
                measure(runtime, counter, result, "duplicate", mention("n1", "b1", "@AcmeHelp my widget stopped working yesterday", true));
                measure(runtime, counter, result, "incident", mention("o3", "a3", "@AcmeHelp outage again? nothing loads and I can't log in", true));
                // The path of every later case on the topic while its incident is open.
                measure(runtime, counter, result, "caseInOpenIncident", mention("o4", "a4", "@AcmeHelp down for me too, can't log in", true));
                return result;
            }
        }
    }

    private void measure(LocalRuntime runtime, RequestCounter counter, Map<String, Object> result, String name, Mention m) {
        RequestCounter.scope("triage");
        triage(runtime, m);
        RequestCounter.scope("reply");
        runtime.drain();
        RequestCounter.scope("other");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("triage", counter.summary("triage"));
        r.put("reply", counter.summary("reply"));
        result.put(name, r);
        counter.reset();
    }

    static void triage(LocalRuntime runtime, Mention m) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("bench-" + m.id() + "-" + System.nanoTime());
        record.setBody(Json.write(m));
        record.setAttributes(Map.of("MessageGroupId", m.customerKey()));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        runtime.functions().get("TriageFunction").invoke(event);
    }

    private static Mention mention(String id, String author, String text, boolean direct) {
        return new Mention(Platform.X, id, new Author(author, "user_" + author, "User " + author, 50, false), text,
                Instant.now(), null, null, direct, false, "bench");
    }

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("CARELOOP_GENERIC_SECRET", SECRET);
        env.put("CARELOOP_API_TOKEN", "bench-token");
        env.put("CARELOOP_LOG_LEVEL", "ERROR");
        env.put("CARELOOP_RATE_LIMIT_X", "none"); // the sandbox is not X: measure careloop, not X's posting budget
        return env;
    }

    // ---- throughput ------------------------------------------------------------------------------

    private Map<String, Object> throughput() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(new LocalOptions()
                // The report is the only thing on stdout: the functions' metric lines would be mixed into it.
                .metrics(Metrics.none())
                .template(root.resolve("template.yaml")).port(0).dataDir(null).background(true).pollersPerQueue(4)
                .scheduleEvery(java.time.Duration.ofHours(1)).environment(environment()))) {
            int threads = 8;
            ExecutorService clientThreads = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            });
            HttpClient http = HttpClient.newBuilder().executor(clientThreads).build();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < mentions) {
                        String body = Json.write(Map.of("platform", "x", "id", "t" + i,
                                "author", Map.of("id", "u" + i, "handle", "user" + i),
                                "text", "@AcmeHelp my widget stopped working, order " + i + " is useless"));
                        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/webhooks/generic"))
                                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                        WebhookSigner.generic(SECRET, body, Instant.now()).forEach(b::header);
                        long s = System.nanoTime();
                        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - s);
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException("webhook answered " + r.statusCode() + " " + r.body());
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            while (runtime.recordsDelivered("TriageFunction") < mentions || runtime.queueDepth().waiting("MentionQueue") > 0) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double e2e = mentions / seconds;

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mentions", mentions);
            result.put("clientThreads", threads);
            result.put("webhookToCasePerSecond", round(e2e, 1));
            result.put("webhookLatencyMillis", Map.of("p50", ms(sorted, 50), "p90", ms(sorted, 90), "p99", ms(sorted, 99)));
            Map<String, Object> durations = new LinkedHashMap<>();
            for (var f : runtime.functions().values()) {
                long n = f.invocations().sum();
                if (n > 0) {
                    durations.put(f.name(), Map.of("invocations", n, "meanMillis", round(f.busyNanos().sum() / 1e6 / n, 2)));
                }
            }
            result.put("functionDurations", durations);
            double raw = rawPutItems(runtime, threads, Math.max(1000, mentions * 2));
            result.put("rawPutItemPerSecond", round(raw, 1));
            result.put("ratio", round(e2e / raw, 3));
            return result;
        }
    }

    private static double rawPutItems(LocalRuntime runtime, int threads, int items) throws Exception {
        String table = runtime.tableNames().get("Table");
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        String payload = "x".repeat(300);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < items) {
                    final int n = i;
                    runtime.dynamo().putItem(r -> r.tableName(table).item(Map.of(
                            "pk", AttributeValue.fromS("RAW#" + n), "sk", AttributeValue.fromS("RAW"),
                            "payload", AttributeValue.fromS(payload))));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return items / ((System.nanoTime() - start) / 1e9);
    }

    // ---- targets ---------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> targets(Map<String, Object> report) {
        Map<String, Object> t = new LinkedHashMap<>();
        Map<String, Object> cold = (Map<String, Object>) report.get("coldStart");
        double worst = cold.entrySet().stream().filter(e -> e.getValue() instanceof Map<?, ?> m && m.containsKey("ratioToBaseline"))
                .mapToDouble(e -> (double) ((Map<String, Object>) e.getValue()).get("ratioToBaseline")).max().orElse(0);
        t.put("coldStartWithin1.2xBaseline", verdict(worst <= COLD_START_TARGET_RATIO, "worst function " + worst + "x"));
        double triage = (double) ((Map<String, Object>) report.get("triageCpu")).get("medianMicros");
        t.put("triageUnder50us", verdict(triage < TRIAGE_TARGET_MICROS, triage + " µs median"));
        double mb = (double) ((Map<String, Object>) report.get("jar")).get("mb");
        double mib = (double) ((Map<String, Object>) report.get("jar")).get("mib");
        // Decimal megabytes, the stricter reading of "12 MB".
        t.put("jarUnder12MB", verdict(mb <= JAR_TARGET_MB, mb + " MB (" + mib + " MiB)"));
        Map<String, Object> perMention = (Map<String, Object>) report.get("requestsPerMention");
        double units = writeUnits(perMention, "newCase", "writeCapacityUnits");
        double billed = writeUnits(perMention, "newCase", "billedWriteUnits");
        t.put("newCaseAndAcknowledgementAtMost16WriteUnits", verdict(units <= 16 && billed <= 16,
                units + " write units as DynamoDB Local reports them, " + billed + " as DynamoDB bills them"));
        double incident = writeUnits(perMention, "incident", "writeCapacityUnits");
        double incidentBilled = writeUnits(perMention, "incident", "billedWriteUnits");
        t.put("incidentPathAtMost58WriteUnits", verdict(incident <= 58 && incidentBilled <= 58,
                incident + " write units as DynamoDB Local reports them, " + incidentBilled + " as DynamoDB bills them"));
        double ratio = (double) ((Map<String, Object>) report.get("throughput")).get("ratio");
        t.put("throughputAtLeastHalfOfRawPutItem", verdict(ratio >= THROUGHPUT_TARGET_RATIO, ratio + "x raw PutItem"));
        Map<String, Object> newCase = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                report.get("requestsPerMention")).get("newCase")).get("triage");
        long writes = (long) newCase.get("dynamodbWrites");
        long reads = (long) newCase.get("dynamodbReads");
        t.put("newCaseOneWriteAtMostOneRead", verdict(writes <= 1 && reads <= 1, writes + " writes, " + reads + " reads"));
        Map<String, Object> dup = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                report.get("requestsPerMention")).get("duplicate")).get("triage");
        long dupWrites = (long) dup.get("dynamodbWrites");
        long dupReads = (long) dup.get("dynamodbReads");
        long dupSqs = (long) dup.get("sqsRequests");
        t.put("duplicateCostsOnlyItsFailedClaim", verdict(dupWrites <= 1 && dupReads == 0 && dupSqs == 0,
                dupWrites + " writes, " + dupReads + " reads, " + dup.get("sqsRequests") + " SQS"));
        // The later target: one read request and the refused claim (the acknowledgement's re-send is by design).
        t.put("duplicateAtMostOneReadAndItsRefusedClaim", verdict(dupWrites <= 1 && dupReads <= 1,
                dupWrites + " writes (the refused claim), " + dupReads + " read requests"));
        return t;
    }

    /** A path's write units, triage and reply together, by the figure named ({@code writeCapacityUnits} or {@code billedWriteUnits}). */
    @SuppressWarnings("unchecked")
    private static double writeUnits(Map<String, Object> perMention, String path, String figure) {
        Map<String, Object> functions = (Map<String, Object>) perMention.get(path);
        double units = 0;
        for (String function : List.of("triage", "reply")) {
            Object value = ((Map<String, Object>) functions.get(function)).get(figure);
            units += value == null ? 0 : ((Number) value).doubleValue();
        }
        return units;
    }

    private static Map<String, Object> verdict(boolean met, String measured) {
        return Map.of("met", met, "measured", measured);
    }

    private static double ms(List<Long> sortedNanos, int percentile) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int i = Math.min(sortedNanos.size() - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.size()) - 1);
        return round(sortedNanos.get(Math.max(0, i)) / 1e6, 2);
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** Runs the benchmark from the repository root and prints the JSON report. */
    public static int main(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int runs = 10;
        int n = 1000;
        boolean requestsOnly = false;
        boolean latencyOnly = false;
        boolean coldStartsOnly = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--mentions" -> n = Integer.parseInt(args.get(++i));
                case "--requests-only" -> requestsOnly = true;
                case "--latency-only" -> latencyOnly = true;
                case "--cold-starts-only" -> coldStartsOnly = true;
                default -> {
                    err.println("usage: careloop bench [--runs N] [--mentions N] [--requests-only | --latency-only | --cold-starts-only]");
                    return 2;
                }
            }
        }
        io.careloop.observe.Log.configure(new PrintStream(PrintStream.nullOutputStream()), io.careloop.observe.Log.Level.ERROR);
        Benchmark benchmark = new Benchmark(Path.of("").toAbsolutePath(), runs, n, err);
        Map<String, Object> report = requestsOnly ? benchmark.requestsOnly()
                : latencyOnly ? benchmark.latencyOnly()
                : coldStartsOnly ? Map.of("coldStart", new ColdStarts(Path.of("").toAbsolutePath(), runs).measure())
                : benchmark.run();
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return 0;
    }
}
