package io.careloop.local.load;

import io.careloop.observe.Metrics;
import io.careloop.core.Json;
import io.careloop.local.faults.Faults;
import io.careloop.local.runtime.LocalOptions;
import io.careloop.local.runtime.LocalRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code careloop load}: drives a fresh in-memory local stack with a mixed, seeded stream of webhook deliveries
 * (X, Facebook, Instagram and Mastodon; complaints, questions, praise, spam, indirect mentions and
 * DMs; repeat customers; redelivered duplicates; malformed and wrongly signed requests), waits for the queues to
 * empty, and reconciles what was sent with what careloop recorded: every valid mention claimed exactly once
 * with its outcome (case, joined, watched, ignored with a reason), every post the outbound ledger marks as
 * posted found once at the platform sandbox, nothing in a dead-letter queue.
 *
 * <p>The pieces: {@link LoadPlan} (the seeded mix), {@link Traffic} (each delivery in its platform's shape,
 * signed), {@link LoadDriver} (sending, then waiting for the queues), {@link Reconciliation} (the table and the
 * sandbox against the plan) and {@link LoadReport}.
 */
public final class LoadRun {
    private final LoadPlan plan;
    private final Path template;
    private final PrintStream log;
    /** Where a demo day's report and events go, or null for a plain load run. */
    private PrintStream demoDay;

    public LoadRun(LoadPlan plan, Path template, PrintStream log) {
        this.plan = plan;
        this.template = template;
        this.log = log;
    }

    public static int main(List<String> args, PrintStream out, PrintStream err) throws Exception {
        LoadPlan p = LoadPlan.defaults();
        int mentions = p.mentions();
        double duplicates = p.duplicateShare();
        double malformed = p.malformedShare();
        long seed = p.seed();
        double throttle = p.dynamoThrottleShare();
        boolean demoDay = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--demo-day")) {
                demoDay = true;
                continue;
            }
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            if (v == null) {
                err.println("careloop load: " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "--mentions" -> mentions = Integer.parseInt(v);
                case "--duplicates" -> duplicates = Double.parseDouble(v);
                case "--malformed" -> malformed = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--throttle" -> throttle = Double.parseDouble(v);
                default -> {
                    err.println("careloop load: unknown option '" + a + "'");
                    return 2;
                }
            }
            i++;
        }
        LoadPlan plan = new LoadPlan(mentions, duplicates, malformed, seed, p.clientThreads(), p.pollersPerQueue(), throttle);
        // Thousands of INFO lines would bury the report; errors still show.
        io.careloop.observe.Log.configure(err, io.careloop.observe.Log.Level.ERROR);
        LoadRun run = new LoadRun(plan, Path.of("template.yaml"), err);
        run.demoDay = demoDay ? out : null;
        LoadReport report = run.run();
        out.println(report.table());
        out.println(Json.write(report.figures()));
        return report.ok() ? 0 : 1;
    }

    public LoadReport run() throws Exception {
        List<Delivery> deliveries = plan.deliveries();
        Map<String, String> env = new HashMap<>(Traffic.secrets());
        env.put("CARELOOP_API_TOKEN", "load-api-token");
        env.put("CARELOOP_LOG_LEVEL", "ERROR");
        // The sandbox is not X: a load run measures careloop, not the platforms' posting budgets.
        for (String platform : List.of("X", "MASTODON", "BLUESKY")) {
            env.put("CARELOOP_RATE_LIMIT_" + platform, "none");
        }
        Faults faults = plan.dynamoThrottleShare() > 0
                ? new Faults(plan.seed()).failShare("DynamoDB_20120810.*", Faults.Kind.THROTTLE, plan.dynamoThrottleShare())
                : null;
        try (LocalRuntime runtime = LocalRuntime.start(new LocalOptions().metrics(Metrics.none())
                .template(template).port(0).dataDir(null).background(true).pollersPerQueue(plan.pollersPerQueue())
                .scheduleEvery(Duration.ofHours(1)).environment(env).faults(faults))) {
            DemoDay day = demoDay == null ? null : new DemoDay(runtime, "load-api-token");
            if (day != null) {
                day.startShift();
            }
            log.println("load: sending " + deliveries.size() + " deliveries from " + plan.clientThreads() + " threads...");
            long start = System.nanoTime();
            LoadDriver driver = new LoadDriver(runtime, plan.clientThreads(), log);
            LoadDriver.Sent sent = driver.send(deliveries);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            log.println(String.format("load: sent in %.1f s; waiting for the queues to empty...", sendSeconds));
            boolean quiet = driver.awaitQuiet(Duration.ofMinutes(Math.max(5, plan.mentions() / 500)));
            double seconds = (System.nanoTime() - start) / 1e9;
            LoadReport report = LoadReport.of(plan, Reconciliation.of(runtime, deliveries, sent), sent.latencyNanos(),
                    seconds, faults);
            if (!quiet) {
                report.problems().add(0, "the queues did not empty in time; the counts below are a snapshot");
                report.figures().put("ok", false);
            }
            if (day != null) {
                day.closeTheDay();
                driver.awaitQuiet(Duration.ofMinutes(2));
                day.print(demoDay);
            }
            return report;
        }
    }
}
