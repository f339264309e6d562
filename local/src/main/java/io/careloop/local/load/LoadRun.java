package io.careloop.local.load;

import io.careloop.core.Json;
import io.careloop.local.faults.Faults;
import io.careloop.local.runtime.LocalRuntime;
import io.careloop.local.signing.WebhookSigner;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@code careloop load}: drives a fresh in-memory local stack with a mixed, seeded stream of webhook deliveries
 * (X, Facebook, Instagram and Mastodon; complaints, questions, praise, spam, indirect mentions and
 * DMs; repeat customers; redelivered duplicates; malformed and wrongly signed requests), waits for the queues to
 * empty, and reconciles what was sent with what careloop recorded: every valid mention claimed exactly once
 * with its outcome (case, joined, watched, ignored with a reason), every post the outbound ledger marks as
 * posted found once at the platform sandbox, nothing in a dead-letter queue.
 */
public final class LoadRun {
    static final String GENERIC_SECRET = "load-generic-secret";
    static final String X_SECRET = "load-x-consumer-secret";
    static final String META_SECRET = "load-meta-app-secret";
    static final String MASTODON_SECRET = "load-mastodon-webhook-secret";

    /** What to send. */
    public record Plan(int mentions, double duplicateShare, double malformedShare, long seed, int clientThreads,
                       int pollersPerQueue, double dynamoThrottleShare) {
        public static Plan defaults() {
            return new Plan(20_000, 0.1, 0.02, 20261123L, 8, 4, 0.0);
        }
    }

    /** One webhook delivery: where, what, and the mention key it carries (null when it must be refused). */
    private record Delivery(String platform, String body, Map<String, String> headers, String mentionKey, String kind) {
    }

    private final Plan plan;
    private final Path template;
    private final PrintStream log;

    public LoadRun(Plan plan, Path template, PrintStream log) {
        this.plan = plan;
        this.template = template;
        this.log = log;
    }

    public static int main(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Plan p = Plan.defaults();
        int mentions = p.mentions();
        double duplicates = p.duplicateShare();
        double malformed = p.malformedShare();
        long seed = p.seed();
        double throttle = p.dynamoThrottleShare();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
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
        Plan plan = new Plan(mentions, duplicates, malformed, seed, p.clientThreads(), p.pollersPerQueue(), throttle);
        // Thousands of INFO lines would bury the report; errors still show.
        io.careloop.lambda.Log.configure(err, io.careloop.lambda.Log.Level.ERROR);
        Report report = new LoadRun(plan, Path.of("template.yaml"), err).run();
        out.println(report.table());
        out.println(Json.write(report.figures()));
        return report.ok() ? 0 : 1;
    }

    /** The reconciliation: counts side by side, and whether every promise held. */
    public record Report(Map<String, Object> figures, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        @SuppressWarnings("unchecked")
        public String table() {
            StringBuilder b = new StringBuilder();
            Map<String, Object> sent = (Map<String, Object>) figures.get("sent");
            Map<String, Object> recorded = (Map<String, Object>) figures.get("recorded");
            b.append(String.format("%-44s %10s%n", "deliveries sent", sent.get("deliveries")));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "  valid, first delivery", sent.get("validMentions"),
                    "mentions claimed", recorded.get("claims")));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "  redelivered duplicates", sent.get("duplicateDeliveries"),
                    "missing / claimed twice", recorded.get("missing") + " / 0 (one claim per key)"));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "  malformed or wrongly signed (refused 4xx)",
                    sent.get("malformedDeliveries"), "refused with 4xx", sent.get("refused4xx")));
            ((Map<String, Object>) recorded.get("byOutcome")).forEach((k, v) ->
                    b.append(String.format("%-44s %10s%n", "  outcome " + k, v)));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "cases opened (claims with outcome case)",
                    recorded.get("caseClaims"), "cases in the table", recorded.get("cases")));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "posts the ledger marks posted", recorded.get("ledgerPosted"),
                    "calls that posted at the sandbox", recorded.get("sandboxPosts")));
            ((Map<String, Object>) recorded.get("ledger")).forEach((k, v) ->
                    b.append(String.format("%-44s %10s%n", "  ledger " + k, v)));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "comments the ledger marks moderated",
                    ((Map<String, Object>) recorded.get("ledger")).getOrDefault("moderated", 0), "hides at the sandbox",
                    recorded.get("sandboxHides")));
            b.append(String.format("%-44s %10s   %-30s %10s%n", "same post twice", recorded.get("doublePosts"),
                    "dead letters (mention / action)", recorded.get("deadLetters")));
            b.append("throughput ").append(figures.get("mentionsPerSecond")).append(" mentions/s end to end; webhook latency ms ")
                    .append(figures.get("webhookLatencyMillis")).append(System.lineSeparator());
            b.append(problems.isEmpty() ? "RECONCILED: every valid mention accounted for once, every post made once"
                    : "PROBLEMS: " + String.join("; ", problems));
            return b.toString();
        }
    }

    public Report run() throws Exception {
        Random random = new Random(plan.seed());
        List<Delivery> deliveries = stream(random);
        Map<String, String> env = new HashMap<>();
        env.put("CARELOOP_GENERIC_SECRET", GENERIC_SECRET);
        env.put("CARELOOP_X_CONSUMER_SECRET", X_SECRET);
        env.put("CARELOOP_META_APP_SECRET", META_SECRET);
        env.put("CARELOOP_MASTODON_WEBHOOK_SECRET", MASTODON_SECRET);
        env.put("CARELOOP_API_TOKEN", "load-api-token");
        env.put("CARELOOP_LOG_LEVEL", "ERROR");
        // The sandbox is not X: a load run measures careloop, not the platforms' posting budgets.
        for (String platform : List.of("X", "MASTODON", "BLUESKY")) {
            env.put("CARELOOP_RATE_LIMIT_" + platform, "none");
        }
        Faults faults = plan.dynamoThrottleShare() > 0
                ? new Faults(plan.seed()).failShare("DynamoDB_20120810.*", Faults.Kind.THROTTLE, plan.dynamoThrottleShare())
                : null;
        io.careloop.lambda.Metrics.configure(new PrintStream(PrintStream.nullOutputStream()));
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Options()
                .template(template).port(0).dataDir(null).background(true).pollersPerQueue(plan.pollersPerQueue())
                .scheduleEvery(Duration.ofHours(1)).environment(env).faults(faults))) {
            log.println("load: sending " + deliveries.size() + " deliveries from " + plan.clientThreads() + " threads...");
            long start = System.nanoTime();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            send(runtime, deliveries, latencies, statuses, accepted);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            log.println(String.format("load: sent in %.1f s; waiting for the queues to empty...", sendSeconds));
            boolean quiet = runtime.queueDepth().awaitEmpty(Duration.ofMinutes(Math.max(5, plan.mentions() / 500)),
                    waiting -> log.println("load: " + waiting + " messages still queued"), "MentionQueue", "ActionQueue");
            double seconds = (System.nanoTime() - start) / 1e9;
            Report report = reconcile(runtime, deliveries, accepted, statuses, latencies, seconds, faults);
            if (!quiet) {
                report.problems().add(0, "the queues did not empty in time; the counts below are a snapshot");
                report.figures().put("ok", false);
            }
            return report;
        }
    }

    // ---- the stream ------------------------------------------------------------------------------

    private static final String[] COMPLAINTS = {
        "my order %d never arrived and nobody answers", "the app crashes every time I open it, ticket %d",
        "charged twice for order %d, this is ridiculous", "my widget %d stopped working after two days",
        "still waiting on a refund for order %d, terrible service", "delivery %d is a week late. Again."};
    private static final String[] QUESTIONS = {
        "does the widget %d work with the old charger?", "what are your opening hours on Sunday? (%d)",
        "how do I change the address on order %d?"};
    private static final String[] PRAISE = {
        "thank you for the quick fix on %d, brilliant service!", "love the new widget %d, great job"};
    private static final String[] SPAM = {
        "FREE crypto giveaway %d click bit.ly/free-money now", "follow me for cheap followers %d www.spam.example"};

    private List<Delivery> stream(Random random) {
        List<Delivery> out = new ArrayList<>();
        int customers = Math.max(1, (int) (plan.mentions() / 1.6));
        List<Delivery> valid = new ArrayList<>();
        for (int i = 0; i < plan.mentions(); i++) {
            int customer = random.nextInt(customers);
            // Bluesky is left out: careloop cannot reply there yet, so its acknowledgements would end as dead letters.
            String platform = pick(random, new String[] {"x", "x", "x", "facebook", "instagram", "mastodon", "mastodon"});
            double roll = random.nextDouble();
            String kind = roll < 0.55 ? "complaint" : roll < 0.65 ? "question" : roll < 0.75 ? "praise"
                    : roll < 0.80 ? "spam" : roll < 0.92 ? "indirect" : "dm";
            String text = switch (kind) {
                case "question" -> String.format(pick(random, QUESTIONS), i);
                case "praise" -> String.format(pick(random, PRAISE), i);
                case "spam" -> String.format(pick(random, SPAM), i);
                default -> String.format(pick(random, COMPLAINTS), i);
            };
            Delivery d = delivery(platform, kind, "load" + i, "c" + customer, text);
            valid.add(d);
            out.add(d);
        }
        int duplicates = (int) (plan.mentions() * plan.duplicateShare());
        for (int i = 0; i < duplicates; i++) {
            Delivery original = valid.get(random.nextInt(valid.size()));
            out.add(new Delivery(original.platform(), original.body(), resign(original), original.mentionKey(), "duplicate"));
        }
        int malformed = (int) (plan.mentions() * plan.malformedShare());
        for (int i = 0; i < malformed; i++) {
            Delivery original = valid.get(random.nextInt(valid.size()));
            out.add(switch (i % 4) {
                case 0 -> new Delivery(original.platform(), original.body(), wrongSignature(original), null, "bad-signature");
                case 1 -> malformedBody(original.platform(), original.body().substring(0, original.body().length() / 2), "truncated");
                case 2 -> malformedBody(original.platform(), "[" + "[".repeat(3000) + "]".repeat(3000) + "]", "deep-nesting");
                default -> malformedBody(original.platform(), "{\"object\":\"page\",\"entry\":\"" + "\u0000" + "\"}", "wrong-shape");
            });
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    /** A delivery in the platform's own webhook shape, signed as the platform signs it. */
    private Delivery delivery(String platform, String kind, String id, String customer, String text) {
        boolean indirect = kind.equals("indirect");
        boolean dm = kind.equals("dm");
        // Platform ids from the stream position ("load42"): unique, so no two mentions can share a key.
        String numericId = Long.toString(1_870_000_000_000_000_000L + Long.parseLong(id.substring("load".length())));
        switch (platform) {
            case "x" -> {
                String body;
                if (dm) {
                    body = Json.write(Map.of("for_user_id", "1000000001", "direct_message_events", List.of(Map.of(
                            "type", "message_create", "id", numericId, "created_timestamp", Long.toString(Instant.now().toEpochMilli()),
                            "message_create", Map.of("sender_id", "9" + customer.substring(1), "target", Map.of("recipient_id", "1000000001"),
                                    "message_data", Map.of("text", text))))));
                } else {
                    Map<String, Object> tweet = new LinkedHashMap<>();
                    tweet.put("created_at", "Mon Nov 23 09:00:00 +0000 2026");
                    tweet.put("id_str", numericId);
                    tweet.put("text", (indirect ? "Ugh, acme: " : "@AcmeHelp ") + text);
                    tweet.put("user", Map.of("id_str", "9" + customer.substring(1), "screen_name", "x_" + customer,
                            "name", "X " + customer, "followers_count", 120, "verified", false));
                    tweet.put("entities", Map.of("user_mentions", indirect ? List.of()
                            : List.of(Map.of("id_str", "1000000001", "screen_name", "AcmeHelp"))));
                    body = Json.write(Map.of("for_user_id", "1000000001", "tweet_create_events", List.of(tweet)));
                }
                return new Delivery("x", body, xHeaders(body), "x#" + numericId, kind);
            }
            case "facebook", "instagram" -> {
                String body;
                String key;
                if (dm) {
                    body = Json.write(Map.of("object", "page", "entry", List.of(Map.of("id", "200000000000001", "time", 1795424400,
                            "messaging", List.of(Map.of("sender", Map.of("id", "7" + customer.substring(1)),
                                    "recipient", Map.of("id", "200000000000001"), "timestamp", Instant.now().toEpochMilli(),
                                    "message", Map.of("mid", "m_" + id, "text", text)))))));
                    key = "facebook#m_" + id;
                } else if (platform.equals("instagram")) {
                    body = Json.write(Map.of("object", "instagram", "entry", List.of(Map.of("id", "17841400000000001",
                            "time", 1795424400, "changes", List.of(Map.of("field", "comments", "value", Map.of(
                                    "id", numericId, "text", text, "from", Map.of("id", "6" + customer.substring(1),
                                            "username", "ig_" + customer), "media", Map.of("id", "17900000000000001"))))))));
                    key = "instagram#" + numericId;
                } else {
                    body = Json.write(Map.of("object", "page", "entry", List.of(Map.of("id", "200000000000001", "time", 1795424400,
                            "changes", List.of(Map.of("field", "feed", "value", Map.of("item", "comment", "verb", "add",
                                    "comment_id", "123_" + numericId, "post_id", "200000000000001_123",
                                    "parent_id", "200000000000001_123", "message", text,
                                    "from", Map.of("id", "7" + customer.substring(1), "name", "FB " + customer),
                                    "created_time", 1795424400)))))));
                    key = "facebook#123_" + numericId;
                }
                return new Delivery("meta", body, metaHeaders(body), key, kind);
            }
            case "mastodon" -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("id", numericId);
                status.put("created_at", "2026-11-23T09:00:00.000Z");
                status.put("visibility", dm ? "direct" : "public");
                status.put("content", "<p>" + (indirect ? "hey #acme " : "<span class=\"h-card\">@<span>acme</span></span> ")
                        + text + "</p>");
                status.put("mentions", indirect ? List.of() : List.of(Map.of("id", "109000000000000001", "username", "acme",
                        "acct", "acme")));
                status.put("account", Map.of("id", "5" + customer.substring(1), "username", "m_" + customer,
                        "acct", "m_" + customer + "@social.example", "display_name", "M " + customer, "followers_count", 40));
                String body = Json.write(Map.of("event", "status.created", "created_at", "2026-11-23T09:00:00.000Z", "object", status));
                return new Delivery("mastodon", body, mastodonHeaders(body), "mastodon#" + numericId, kind);
            }
            default -> throw new IllegalArgumentException("no load shape for " + platform);
        }
    }

    private Map<String, String> resign(Delivery d) {
        return d.platform().equals("generic") ? WebhookSigner.generic(GENERIC_SECRET, d.body(), Instant.now()) : d.headers();
    }

    private static Map<String, String> wrongSignature(Delivery d) {
        Map<String, String> h = new HashMap<>();
        d.headers().forEach((k, v) -> h.put(k, k.contains("signature") ? v.substring(0, v.length() - 4) + "AAAA" : v));
        return h;
    }

    private Delivery malformedBody(String platform, String body, String kind) {
        Map<String, String> headers = switch (platform) {
            case "x" -> xHeaders(body);
            case "meta" -> metaHeaders(body);
            case "mastodon" -> mastodonHeaders(body);
            default -> WebhookSigner.generic(GENERIC_SECRET, body, Instant.now());
        };
        return new Delivery(platform, body, headers, null, kind);
    }

    private static Map<String, String> xHeaders(String body) {
        return WebhookSigner.x(X_SECRET, body);
    }

    private static Map<String, String> metaHeaders(String body) {
        return WebhookSigner.meta(META_SECRET, body);
    }

    private static Map<String, String> mastodonHeaders(String body) {
        return WebhookSigner.mastodon(MASTODON_SECRET, body);
    }

    // ---- sending and waiting ---------------------------------------------------------------------

    private void send(LocalRuntime runtime, List<Delivery> deliveries, ConcurrentLinkedQueue<Long> latencies,
                      Map<Integer, AtomicInteger> statuses, Set<String> accepted) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(plan.clientThreads());
        for (int t = 0; t < plan.clientThreads(); t++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < deliveries.size()) {
                    Delivery d = deliveries.get(i);
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/webhooks/" + d.platform()))
                            .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(d.body()));
                    d.headers().forEach(b::header);
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    latencies.add(System.nanoTime() - s);
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    if (status >= 200 && status < 300 && d.mentionKey() != null) {
                        accepted.add(d.mentionKey());
                    }
                    if (i > 0 && i % 2000 == 0) {
                        log.println("load: " + i + " deliveries sent");
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.HOURS);
    }

    // ---- reconciliation --------------------------------------------------------------------------

    private Report reconcile(LocalRuntime runtime, List<Delivery> deliveries, Set<String> accepted,
                             Map<Integer, AtomicInteger> statuses, ConcurrentLinkedQueue<Long> latencies, double seconds,
                             Faults faults) {
        List<String> problems = new ArrayList<>(); // mutable: run() may add the timeout in front
        Set<String> validKeys = new HashSet<>();
        int duplicates = 0;
        int malformed = 0;
        for (Delivery d : deliveries) {
            if (d.mentionKey() == null) {
                malformed++;
            } else if (d.kind().equals("duplicate")) {
                duplicates++;
            } else {
                validKeys.add(d.mentionKey());
            }
        }
        int refused = statuses.entrySet().stream().filter(e -> e.getKey() >= 400 && e.getKey() < 500)
                .mapToInt(e -> e.getValue().get()).sum();
        int failed = statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 500)
                .mapToInt(e -> e.getValue().get()).sum();
        if (refused != malformed) {
            problems.add(refused + " deliveries refused with 4xx, " + malformed + " malformed sent");
        }
        if (failed > 0) {
            problems.add(failed + " deliveries answered 5xx or failed: a platform would retry them");
        }
        Set<String> notAccepted = new HashSet<>(validKeys);
        notAccepted.removeAll(accepted);
        if (!notAccepted.isEmpty()) {
            problems.add(notAccepted.size() + " valid mentions were never accepted, e.g. " + notAccepted.iterator().next());
        }

        String table = runtime.tableNames().get("Table");
        Map<String, String> claims = new HashMap<>();
        Map<String, Integer> byOutcome = new TreeMap<>();
        int cases = 0;
        Map<String, Integer> ledger = new TreeMap<>();
        Map<String, Integer> postedByType = new TreeMap<>();
        for (var page : runtime.dynamo().scanPaginator(ScanRequest.builder().tableName(table).build())) {
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get("pk").s();
                String sk = item.get("sk").s();
                if (pk.startsWith("MENTION#") && sk.equals("MENTION")) {
                    String outcome = item.get("outcome").s();
                    String reason = item.containsKey("reason") ? item.get("reason").s() : null;
                    claims.put(pk.substring("MENTION#".length()), outcome);
                    byOutcome.merge(outcome.equals("ignored") && reason != null ? "ignored (" + reason + ")" : outcome, 1, Integer::sum);
                } else if (pk.startsWith("CASE#") && sk.equals("CASE")) {
                    cases++;
                } else if (pk.startsWith("OUTBOUND#")) {
                    String entry = ledgerEntry(pk, item);
                    ledger.merge(entry, 1, Integer::sum);
                    if (entry.equals("posted")) {
                        postedByType.merge(actionType(pk), 1, Integer::sum);
                    }
                }
            }
        }
        Set<String> missing = new HashSet<>(validKeys);
        missing.removeAll(claims.keySet());
        Set<String> unexpected = new HashSet<>(claims.keySet());
        unexpected.removeAll(validKeys);
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " valid mentions have no claim, e.g. " + missing.iterator().next());
        }
        if (!unexpected.isEmpty()) {
            problems.add(unexpected.size() + " claims for mentions never sent, e.g. " + unexpected.iterator().next());
        }
        long caseClaims = claims.values().stream().filter("case"::equals).count();
        if (caseClaims != cases) {
            problems.add(cases + " cases in the table but " + caseClaims + " mentions opened one");
        }

        List<Map<String, Object>> calls = runtime.sandbox().posts();
        List<Map<String, Object>> posts = calls.stream().filter(c -> !isModeration(c)).toList();
        long hides = calls.size() - posts.size();
        int moderated = ledger.getOrDefault("moderated", 0);
        if (moderated != hides) {
            problems.add("the ledger marks " + moderated + " comments moderated but the sandbox saw " + hides + " hides");
        }
        Map<String, Integer> identical = new HashMap<>();
        for (Map<String, Object> p : posts) {
            identical.merge(p.get("platform") + " " + p.get("path") + " " + p.get("body"), 1, Integer::sum);
        }
        long doublePosts = identical.values().stream().filter(n -> n > 1).count();
        int posted = ledger.getOrDefault("posted", 0);
        if (doublePosts > 0) {
            problems.add(doublePosts + " posts were made twice");
        }
        if (posted != posts.size()) {
            problems.add("the ledger marks " + posted + " posts posted but the sandbox saw " + posts.size());
        }
        ledger.forEach((state, n) -> {
            if (state.equals("in_progress") || state.equals("uncertain")) {
                problems.add(n + " actions left " + state);
            }
        });
        int deadMentions = runtime.queueDepth().waiting("MentionDeadLetterQueue");
        int deadActions = runtime.queueDepth().waiting("ActionDeadLetterQueue");
        if (deadMentions + deadActions > 0) {
            problems.add(deadMentions + " mention and " + deadActions + " action dead letters");
        }

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("deliveries", deliveries.size());
        sent.put("validMentions", validKeys.size());
        sent.put("duplicateDeliveries", duplicates);
        sent.put("malformedDeliveries", malformed);
        sent.put("refused4xx", refused);
        sent.put("byStatus", new TreeMap<>(statuses.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().get()))));
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("claims", claims.size());
        recorded.put("missing", missing.size());
        recorded.put("unexpected", unexpected.size());
        recorded.put("byOutcome", byOutcome);
        recorded.put("caseClaims", caseClaims);
        recorded.put("cases", cases);
        recorded.put("ledger", ledger);
        recorded.put("ledgerPosted", posted);
        recorded.put("postedByType", postedByType);
        recorded.put("sandboxPosts", posts.size());
        recorded.put("sandboxHides", hides);
        recorded.put("doublePosts", doublePosts);
        recorded.put("deadLetters", deadMentions + " / " + deadActions);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("plan", plan);
        figures.put("sent", sent);
        figures.put("recorded", recorded);
        figures.put("seconds", Math.round(seconds * 10) / 10.0);
        figures.put("mentionsPerSecond", Math.round(validKeys.size() / seconds * 10) / 10.0);
        figures.put("webhookLatencyMillis", Map.of("p50", ms(sorted, 50), "p90", ms(sorted, 90), "p99", ms(sorted, 99),
                "max", sorted.isEmpty() ? 0 : Math.round(sorted.get(sorted.size() - 1) / 1e5) / 10.0));
        if (faults != null) {
            figures.put("injectedFaults", faults.injected());
        }
        figures.put("ok", problems.isEmpty());
        return new Report(figures, problems);
    }

    /**
     * What the outbound ledger says became of an action: posted; done without posting (a hostile customer gets
     * no more automatic replies, or a guardrail stopped a template); moderated; or still in progress / uncertain.
     */
    private static String ledgerEntry(String pk, Map<String, AttributeValue> item) {
        String state = item.containsKey("state") ? item.get("state").s() : "?";
        if (!state.equals("POSTED")) {
            return state.toLowerCase(java.util.Locale.ROOT);
        }
        String postId = item.containsKey("postId") ? item.get("postId").s() : "";
        if (actionType(pk).equals("MODERATE")) {
            return postId.equals("not-moderated") ? "not moderated (the platform cannot hide)" : "moderated";
        }
        return switch (postId) {
            case "not-sent" -> "not sent (hostile customer)";
            case "blocked" -> "not sent (guardrail)";
            default -> "posted";
        };
    }

    /** The action type named in an action key ({@code caseId#ACKNOWLEDGE}, {@code thanks#platform#id}). */
    private static String actionType(String pk) {
        String key = pk.substring("OUTBOUND#".length());
        if (key.startsWith("thanks#")) {
            return "THANK_YOU";
        }
        for (String part : key.split("#")) {
            if (part.matches("[A-Z_]+")) {
                return part;
            }
        }
        return "?";
    }

    /** A sandbox call that hides a comment rather than posting. */
    private static boolean isModeration(Map<String, Object> call) {
        String path = String.valueOf(call.get("path"));
        return path.endsWith("/hidden") || path.contains("is_hidden=true") || path.contains("hide=true")
                || "DELETE".equals(call.get("method"));
    }

    private static double ms(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return Math.round(sorted.get(Math.max(0, index)) / 1e5) / 10.0;
    }
}
