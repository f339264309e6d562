package io.careloop.observe;

import io.careloop.core.Json;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Business metrics in CloudWatch Embedded Metric Format: one JSON line on standard output per data point,
 * which CloudWatch Logs turns into metrics in the {@code careloop} namespace (no API call, no latency).
 * template.yaml's alarms and dashboard read them.
 */
public final class Metrics {
    public static final String NAMESPACE = "careloop";

    /** The metrics careloop emits. */
    public enum Name {
        MentionsIn("Count"), DuplicatesDropped("Count"), CasesOpened("Count"), RepliesPosted("Count"),
        GuardrailBlocks("Count"), SlaBreaches("Count"), FirstResponseSeconds("Seconds"), Throttles("Count"),
        IncidentsOpened("Count"), MissedByWebhooks("Count"), CredentialFailures("Count");

        private final String unit;

        Name(String unit) {
            this.unit = unit;
        }
    }

    private static volatile PrintStream out = System.out;

    private Metrics() {
    }

    /** For the local runtime and tests: where metric lines go. */
    public static void configure(PrintStream target) {
        out = target;
    }

    public static void count(Name name, String platform) {
        put(name, 1, platform);
    }

    public static void put(Name name, double value, String platform) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("Name", name.name());
        metric.put("Unit", name.unit);
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", platform == null ? List.of(List.of()) : List.of(List.of("Platform")));
        directive.put("Metrics", List.of(metric));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", System.currentTimeMillis(), "CloudWatchMetrics", List.of(directive)));
        if (platform != null) {
            line.put("Platform", platform);
        }
        line.put(name.name(), value);
        out.println(Json.write(line));
    }
}
