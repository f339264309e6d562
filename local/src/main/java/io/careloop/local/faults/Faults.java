package io.careloop.local.faults;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which AWS calls of the functions fail, and how: the plan a {@link FaultProxy} follows. A rule names an
 * operation ({@code DynamoDB_20120810.TransactWriteItems}, {@code AmazonSQS.SendMessage}; {@code *} after the
 * dot matches every operation of that service) and fails either the next {@code n} calls or a seeded share of
 * them. Thread-safe: the functions call from many threads at once.
 */
public final class Faults {
    /** The AWS error answers a proxy can give instead of forwarding the request. */
    public enum Kind {
        /** DynamoDB {@code ProvisionedThroughputExceededException}: the SDK backs off and retries. */
        THROTTLE,
        /** DynamoDB {@code TransactionCanceledException} with reason {@code TransactionConflict} for every item. */
        TRANSACTION_CONFLICT,
        /** HTTP 500 {@code InternalFailure} (DynamoDB) or {@code InternalError} (SQS): the service failed the call. */
        SERVER_ERROR
    }

    private record Rule(String operation, Kind kind, AtomicInteger remaining, double rate) {
        boolean matches(String op) {
            return operation.endsWith(".*") ? op.startsWith(operation.substring(0, operation.length() - 1)) : op.equals(operation);
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    private final Random random;

    public Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Fails the next {@code times} calls of the operation. */
    public Faults failNext(String operation, Kind kind, int times) {
        rules.add(new Rule(operation, kind, new AtomicInteger(times), 1.0));
        return this;
    }

    /** Fails this share (0..1) of the operation's calls, chosen by the seeded random source. */
    public Faults failShare(String operation, Kind kind, double rate) {
        rules.add(new Rule(operation, kind, null, rate));
        return this;
    }

    /** The cause is fixed: every call goes through from now on. */
    public void clear() {
        rules.clear();
    }

    /** The fault to inject for this call, if any; counts what it decided. */
    Optional<Kind> decide(String operation) {
        for (Rule rule : rules) {
            if (!rule.matches(operation)) {
                continue;
            }
            boolean fire;
            if (rule.remaining() != null) {
                fire = rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            } else {
                synchronized (random) {
                    fire = random.nextDouble() < rule.rate();
                }
            }
            if (fire) {
                injected.computeIfAbsent(operation + " " + rule.kind(), k -> new AtomicInteger()).incrementAndGet();
                return Optional.of(rule.kind());
            }
        }
        forwarded.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        return Optional.empty();
    }

    /** Injected faults by "operation KIND". */
    public Map<String, Integer> injected() {
        return snapshot(injected);
    }

    /** Calls that went through, by operation. */
    public Map<String, Integer> forwarded() {
        return snapshot(forwarded);
    }

    public int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
