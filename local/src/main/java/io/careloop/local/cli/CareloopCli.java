package io.careloop.local.cli;

import io.careloop.observe.Metrics;
import io.careloop.observe.Log;
import io.careloop.local.bench.Benchmark;
import io.careloop.local.classifier.TriageCommands;
import io.careloop.local.load.LoadRun;
import io.careloop.local.runtime.LocalOptions;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.runtime.Redrive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code careloop} command line:
 * <pre>
 * careloop local [--port N] [--in-memory] [--data DIR] [--schedule-every 5s] [--demo]
 * </pre>
 */
public final class CareloopCli {
    static final String USAGE = """
            usage: careloop <command> [options]

              local                 run the whole stack on this machine (no Docker, no AWS account)
                --port N            HTTP port for the API and the sandbox (default 3000, or CARELOOP_PORT)
                --in-memory         keep nothing between runs (default: data persists in .careloop/data)
                --data DIR          where data persists (default .careloop/data)
                --schedule-every D  fire the schedules every D (e.g. 5s) instead of every minute
                --demo              replay the samples in events/ through the stack and print the result
              classify              read JSON lines {"text": "..."} on stdin, write one judgement per line
              eval PATH.csv         10-fold CV of the complaint model on a labelled CSV (text,label): macro-F1,
                                    calibration; or per-intent precision/recall on a text,intent CSV
              train PATH.csv        retrain the complaint model (10-fold CV picks its settings) into the model layer
              bench [--runs N] [--mentions N] [--requests-only | --latency-only | --cold-starts-only]
                                    measure cold start, requests and cost per mention, triage CPU, throughput
                                    and jar size against baselines; prints a JSON report (takes a few minutes)
              load [--mentions N] [--duplicates F] [--malformed F] [--seed N] [--throttle F] [--demo-day]
                                    drive a fresh in-memory stack with a mixed webhook stream (default 20,000
                                    mentions, 10% redelivered, 2% malformed), then reconcile every mention and
                                    post; --throttle F fails that share of DynamoDB calls with throttling;
                                    --demo-day routes to three agents and prints the care events and GET /reports
              redrive QUEUE         move QUEUE's dead-letter messages back (MentionQueue or ActionQueue) on the
                                    running local stack (--port N), or on AWS with --dlq URL --to URL
              test [MAVEN ARGS]     run the tests (./mvnw -B verify) with a JDK 21 or newer, whatever the default
                                    java is; the arguments go to Maven (e.g. -DskipTests, -pl functions)
              help                  show this text
            """;

    private CareloopCli() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Exception e) {
            System.err.println("careloop: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        // Exit explicitly: HTTP clients and embedded servers leave non-daemon threads behind.
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        return switch (args[0]) {
            case "local" -> local(rest, out, err);
            case "classify" -> TriageCommands.classify(System.in, out, err);
            case "eval" -> TriageCommands.eval(rest, out, err);
            case "train" -> TriageCommands.train(rest, out, err);
            case "bench" -> Benchmark.main(rest, out, err);
            case "redrive" -> redrive(rest, out, err);
            case "load" -> LoadRun.main(rest, out, err);
            default -> {
                err.println("careloop: unknown command '" + args[0] + "'");
                err.print(USAGE);
                yield 2;
            }
        };
    }

    private static int local(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        LocalOptions options = new LocalOptions()
                .port(Integer.parseInt(env.getOrDefault("CARELOOP_PORT", "3000")))
                .dataDir(Path.of(".careloop", "data"));
        boolean demo = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--port" -> options.port(Integer.parseInt(value(args, ++i, a)));
                case "--in-memory" -> options.dataDir(null);
                case "--data" -> options.dataDir(Path.of(value(args, ++i, a)));
                case "--schedule-every" -> options.scheduleEvery(
                        io.careloop.config.Settings.parseDuration("--schedule-every", value(args, ++i, a)));
                case "--demo" -> demo = true;
                default -> {
                    err.println("careloop local: unknown option '" + a + "'");
                    err.print(USAGE);
                    return 2;
                }
            }
        }
        if (demo) {
            // The demo brand waits seconds, not hours, before checking in and closing the loop.
            if (!env.containsKey("CARELOOP_CONFIG")) {
                env.put("CARELOOP_CONFIG", demoBrandFile().toString());
            }
            options.dataDir(null).scheduleEvery(Duration.ofSeconds(1));
            Log.configure(new PrintStream(PrintStream.nullOutputStream()), Log.Level.ERROR);
        }
        options.environment(env);
        if (!"stdout".equals(env.get("CARELOOP_METRICS"))) {
            // CloudWatch reads the metric lines in AWS; on one machine they would drown the logs.
            options.metrics(Metrics.none());
        }
        LocalRuntime runtime = LocalRuntime.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }));
        String base = "http://localhost:" + runtime.port();
        out.println("careloop ready: API " + base + "  webhooks " + base + "/webhooks/{platform}  sandbox "
                + base + "/sandbox/posts  (" + (runtime.embedded() ? "embedded DynamoDB Local + ElasticMQ"
                : "AWS endpoint " + env.get("AWS_ENDPOINT_URL")) + "; Ctrl-C to stop)");
        if (demo) {
            int code = new Demo(runtime, env, out, Path.of("events")).run();
            runtime.close();
            return code;
        }
        stopped.await();
        return 0;
    }

    private static int redrive(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println("usage: careloop redrive QUEUE [--port N] | careloop redrive --dlq DLQ_URL --to QUEUE_URL");
            return 2;
        }
        String dlq = null;
        String to = null;
        String port = System.getenv().getOrDefault("CARELOOP_PORT", "3000");
        String queue = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--dlq" -> dlq = value(args, ++i, "--dlq");
                case "--to" -> to = value(args, ++i, "--to");
                case "--port" -> port = value(args, ++i, "--port");
                default -> queue = args.get(i);
            }
        }
        if (dlq != null && to != null) {
            // AWS (or AWS_ENDPOINT_URL): the default credential chain and region, as the AWS CLI would use.
            try (var sqs = software.amazon.awssdk.services.sqs.SqsClient.create()) {
                out.println("moved " + Redrive.move(sqs, dlq, to) + " message(s) from " + dlq + " to " + to);
            }
            return 0;
        }
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/local/redrive/" + queue))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        (response.statusCode() == 200 ? out : err).println(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static Path demoBrandFile() throws IOException {
        Path file = Files.createTempFile("careloop-demo-brand", ".json");
        file.toFile().deleteOnExit();
        try (InputStream in = CareloopCli.class.getResourceAsStream("/io/careloop/local/cli/demo-brand.json")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
