package io.careloop.local.load;

import io.careloop.local.runtime.LocalRuntime;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/** Sends the deliveries to the stack's webhook routes from several client threads, then waits for the queues to drain. */
final class LoadDriver {
    /** What sending saw: how long each delivery took to be answered, the answers by status, the mention keys accepted. */
    record Sent(List<Long> latencyNanos, Map<Integer, Integer> byStatus, Set<String> accepted) {
        int count(IntPredicate status) {
            return byStatus.entrySet().stream().filter(e -> status.test(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        }
    }

    private final LocalRuntime runtime;
    private final int clientThreads;
    private final PrintStream log;

    LoadDriver(LocalRuntime runtime, int clientThreads, PrintStream log) {
        this.runtime = runtime;
        this.clientThreads = clientThreads;
        this.log = log;
    }

    Sent send(List<Delivery> deliveries) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clientThreads);
        for (int t = 0; t < clientThreads; t++) {
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
        Map<Integer, Integer> byStatus = new TreeMap<>();
        statuses.forEach((status, n) -> byStatus.put(status, n.get()));
        return new Sent(List.copyOf(latencies), byStatus, Set.copyOf(accepted));
    }

    /** @return whether the mention and action queues emptied before the deadline */
    boolean awaitQuiet(Duration limit) throws InterruptedException {
        return runtime.queueDepth().awaitEmpty(limit, waiting -> log.println("load: " + waiting + " messages still queued"),
                "MentionQueue", "ActionQueue");
    }
}
