package io.careloop.local.bench;

import io.careloop.observe.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.local.runtime.LocalOptions;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.signing.WebhookSigner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The benchmark's cold starts: each function's handler, and the {@link BaselineProbe}, started in a fresh JVM on
 * the functions' jar with the environment the local stack gives it and timed from spawn until it has handled one
 * sample event ({@link ColdStartProbe} prints {@code READY <classes loaded>}). Every run has a fresh local stack in
 * the same steady state and fresh samples, so every run does the same work: a new customer's first complaint (a new
 * case, below its topic's incident threshold), an agent's reply on an acknowledged case, a poll that finds its cursors.
 */
final class ColdStarts {
    private final Path root;
    private final int runs;

    ColdStarts(Path root, int runs) {
        this.root = root;
        this.runs = runs;
    }

    /** Spawn-to-handled times per function and for the baseline, median over the runs, with classes loaded. */
    Map<String, Object> measure() throws Exception {
        Path work = Files.createTempDirectory("careloop-bench");
        String jar = Benchmark.lambdaJar(root).toString();
        String classpath = String.join(java.io.File.pathSeparator, jar,
                root.resolve("local/target/classes").toString(), serializationJar());
        List<Double> baseline = new ArrayList<>();
        List<Double> workBaseline = new ArrayList<>();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Long> classes = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            // A fresh stack for every run, so each run starts from the same state (below). On one table the runs'
            // complaints about the same topic added up to an incident by the third, and later runs measured the
            // incident path instead of a new case.
            try (LocalRuntime runtime = LocalRuntime.start(new LocalOptions().metrics(Metrics.none())
                    .template(root.resolve("template.yaml")).port(0).dataDir(null).background(false)
                    .environment(Benchmark.environment()))) {
                Map<String, String> env = new HashMap<>(runtime.environment("TriageFunction"));
                env.putAll(runtime.environment("WebhookFunction"));
                env.putAll(runtime.environment("ReplyFunction"));
                env.put("CARELOOP_LOG_LEVEL", "ERROR");
                // A deployment in its steady state: the sample case the reply sample answers, acknowledged; the poll's
                // cursors and sessions stored, as every poll after the first finds them.
                Benchmark.triage(runtime, Json.read(Json.read(Files.readString(root.resolve("events/sqs-mention-queue.json")),
                        JsonNode.class).path("Records").get(0).path("body").asText(), Mention.class));
                runtime.drain();
                runtime.fireSchedules();
                runtime.drain();
                Path webhook = webhookEvent(work, run);
                baseline.add(spawn(classpath, env, List.of(BaselineProbe.class.getName(), webhook.toString()), classes, "baseline"));
                Path mention = mentionEvent(work, run);
                workBaseline.add(spawn(classpath, env, List.of(WorkBaselineProbe.class.getName(), mention.toString()), classes,
                        "workBaseline"));
                for (var f : List.of(
                        new String[] {"WebhookFunction", "io.careloop.handler.WebhookHandler", "api", webhook.toString()},
                        new String[] {"TriageFunction", "io.careloop.handler.TriageHandler", "sqs", mention.toString()},
                        new String[] {"ReplyFunction", "io.careloop.handler.ReplyHandler", "sqs", actionEvent(work, run).toString()},
                        new String[] {"FollowUpFunction", "io.careloop.handler.FollowUpHandler", "map", root.resolve("events/schedule-followup.json").toString()},
                        new String[] {"PollFunction", "io.careloop.handler.PollHandler", "map", root.resolve("events/schedule-poll.json").toString()},
                        new String[] {"CaseApiFunction", "io.careloop.handler.CaseApiHandler", "api", root.resolve("events/api-list-cases.json").toString()})) {
                    times.computeIfAbsent(f[0], k -> new ArrayList<>())
                            .add(spawn(classpath, env, List.of(ColdStartProbe.class.getName(), f[1], f[2], f[3]), classes, f[0]));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> base = stats(baseline);
        base.put("classesLoaded", classes.get("baseline"));
        result.put("runs", runs);
        result.put("jvmFlags", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        result.put("baseline", base);
        Map<String, Object> workBase = stats(workBaseline);
        workBase.put("classesLoaded", classes.get("workBaseline"));
        workBase.put("what", "the TriageFunction's requests for a new case (same kinds, order, sizes and indexes) with none of "
                + "careloop's code: what the path's AWS requests cost at a cold start");
        result.put("workBaseline", workBase);
        double baselineMedian = (double) base.get("medianMillis");
        for (var e : times.entrySet()) {
            Map<String, Object> s = stats(e.getValue());
            s.put("classesLoaded", classes.get(e.getKey()));
            s.put("ratioToBaseline", Benchmark.round((double) s.get("medianMillis") / baselineMedian, 2));
            if (e.getKey().equals("TriageFunction")) {
                s.put("ratioToWorkBaseline", Benchmark.round((double) s.get("medianMillis") / (double) workBase.get("medianMillis"), 2));
            }
            result.put(e.getKey(), s);
        }
        return result;
    }

    private double spawn(String classpath, Map<String, String> env, List<String> mainAndArgs, Map<String, Long> classes,
                         String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classpath));
        // Extra probe flags to look inside a cold start, e.g. -Xlog:class+load:file=/tmp/probe-%p.log (one file per JVM).
        String extra = System.getenv("CARELOOP_BENCH_PROBE_FLAGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(1, List.of(extra.trim().split("\\s+")));
        }
        command.addAll(mainAndArgs);
        Path errors = Files.createTempFile("careloop-probe", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    double millis = (System.nanoTime() - start) / 1e6;
                    classes.put(name, Long.parseLong(line.substring(6).trim()));
                    p.waitFor(10, TimeUnit.SECONDS);
                    return millis;
                }
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(errors);
        throw new IllegalStateException(name + " probe exited " + p.exitValue() + " without handling its event: "
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
    }

    private Path webhookEvent(Path work, int run) throws Exception {
        ObjectNode event = (ObjectNode) Json.read(Files.readString(root.resolve("events/webhook-generic.json")), JsonNode.class);
        ObjectNode body = (ObjectNode) Json.read(event.path("body").asText(), JsonNode.class);
        body.put("id", "cold-" + run + "-" + System.nanoTime());
        String text = Json.write(body);
        event.put("body", text);
        ObjectNode headers = (ObjectNode) event.path("headers");
        WebhookSigner.generic(Benchmark.SECRET, text, Instant.now()).forEach(headers::put);
        Path file = work.resolve("webhook-" + run + ".json");
        Files.writeString(file, Json.write(event));
        return file;
    }

    /** The SQS mention sample with a fresh mention and author, so each run opens a new case. */
    private Path mentionEvent(Path work, int run) throws Exception {
        return sqsSample(work, "sqs-mention-queue.json", "mention-" + run, body -> {
            body.put("id", "cold-mention-" + run + "-" + System.nanoTime());
            ((ObjectNode) body.path("author")).put("id", "cold-author-" + run + "-" + System.nanoTime());
        });
    }

    /** The SQS action sample as a fresh agent reply on the sample case, so each run posts once. */
    private Path actionEvent(Path work, int run) throws Exception {
        return sqsSample(work, "sqs-action-queue.json", "action-" + run, body -> {
            body.put("key", body.path("caseId").asText() + "#AGENT_REPLY#cold-" + run + "-" + System.nanoTime());
            body.put("type", "AGENT_REPLY");
            body.put("text", "@sam_r I'm looking into this for you now.");
        });
    }

    /** A sample SQS event from events/ with its first record's body changed, written to {@code work/name.json}. */
    private Path sqsSample(Path work, String sample, String name, Consumer<ObjectNode> change) throws Exception {
        ObjectNode event = (ObjectNode) Json.read(Files.readString(root.resolve("events").resolve(sample)), JsonNode.class);
        ObjectNode record = (ObjectNode) event.path("Records").get(0);
        ObjectNode body = (ObjectNode) Json.read(record.path("body").asText(), JsonNode.class);
        change.accept(body);
        record.put("body", Json.write(body));
        Path file = work.resolve(name + ".json");
        Files.writeString(file, Json.write(event));
        return file;
    }

    private String serializationJar() throws Exception {
        try (var files = Files.list(root.resolve("local/target/lib"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("aws-lambda-java-serialization"))
                    .findFirst().orElseThrow().toString();
        }
    }


    private static Map<String, Object> stats(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("medianMillis", Benchmark.round(sorted.get(sorted.size() / 2), 1));
        s.put("minMillis", Benchmark.round(sorted.get(0), 1));
        s.put("maxMillis", Benchmark.round(sorted.get(sorted.size() - 1), 1));
        return s;
    }
}
