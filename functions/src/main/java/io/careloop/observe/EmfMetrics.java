package io.careloop.observe;

import io.careloop.core.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics in CloudWatch Embedded Metric Format: one JSON line per data point on the function's output, which
 * CloudWatch Logs turns into metrics in the {@code careloop} namespace (no API call, no latency).
 */
public final class EmfMetrics implements Metrics {
    private final PrintStream out;
    private final Clock clock;

    public EmfMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void put(Name name, double value, String platform) {
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("Name", name.name());
        metric.put("Unit", name.unit());
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", platform == null ? List.of(List.of()) : List.of(List.of("Platform")));
        directive.put("Metrics", List.of(metric));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(directive)));
        if (platform != null) {
            line.put("Platform", platform);
        }
        line.put(name.name(), value);
        out.println(Json.write(line));
    }
}
