package io.careloop.reports;

import java.util.List;
import java.util.Map;

/**
 * Durations kept as counts in fixed buckets, so a day's item can be added to by concurrent writers (DynamoDB ADD)
 * and any range of days merged; p50 and p90 are read as the upper bound of the bucket that holds them.
 */
public final class Histogram {
    /** Bucket upper bounds in seconds; the last bucket holds everything longer. */
    static final List<Long> BOUNDS = List.of(60L, 120L, 300L, 600L, 900L, 1_800L, 3_600L, 7_200L, 14_400L, 28_800L,
            86_400L, 172_800L, 604_800L, Long.MAX_VALUE);

    private Histogram() {
    }

    /** The counter key of the bucket holding {@code seconds}, under {@code prefix}. */
    public static String key(String prefix, long seconds) {
        for (int i = 0; i < BOUNDS.size(); i++) {
            if (seconds <= BOUNDS.get(i)) {
                return prefix + "#b" + i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** The percentile's bucket bound in seconds (null when nothing was counted; the last bucket reads as its lower bound). */
    public static Long percentile(Map<String, Long> counters, String prefix, int percentile) {
        long total = 0;
        long[] counts = new long[BOUNDS.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = counters.getOrDefault(prefix + "#b" + i, 0L);
            total += counts[i];
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == counts.length - 1 ? BOUNDS.get(i - 1) : BOUNDS.get(i);
            }
        }
        return BOUNDS.get(BOUNDS.size() - 2);
    }
}
