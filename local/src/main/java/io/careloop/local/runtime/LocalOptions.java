package io.careloop.local.runtime;

import io.careloop.observe.Metrics;
import io.careloop.observe.EmfMetrics;
import io.careloop.local.faults.Faults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** How to start. Tests turn off the background pollers and schedules and drive them by hand. */
public final class LocalOptions {
    Path template = Path.of("template.yaml");
    String stackName = "careloop-local";
    int port = 3000;
    Path dataDir;
    Clock clock = Clock.systemUTC();
    Map<String, String> environment = System.getenv();
    Duration scheduleEvery;
    boolean background = true;
    int pollersPerQueue = 2;
    List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors = List.of();

    /** Concurrent pollers per queue, as Lambda scales consumers (FIFO keeps each group in order). */
    public LocalOptions pollersPerQueue(int value) {
        pollersPerQueue = value;
        return this;
    }

    Faults faults;

    /**
     * Put a fault-injecting proxy between the functions and the embedded DynamoDB and SQS, following this
     * plan. The runtime's own calls (provisioning, the event-source pollers) go direct, as Lambda's do.
     */
    public LocalOptions faults(Faults value) {
        faults = value;
        return this;
    }

    Metrics metrics = new EmfMetrics(System.out, Clock.systemUTC());

    /** Where the functions' business metrics go (in AWS: EMF lines that CloudWatch reads). */
    public LocalOptions metrics(Metrics value) {
        metrics = value;
        return this;
    }

    /** SDK interceptors for every function's clients (benchmarks count requests). */
    public LocalOptions interceptors(List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> value) {
        interceptors = value;
        return this;
    }

    public LocalOptions template(Path value) {
        template = value;
        return this;
    }

    public LocalOptions port(int value) {
        port = value;
        return this;
    }

    /** Where data persists across restarts; null keeps everything in memory. */
    public LocalOptions dataDir(Path value) {
        dataDir = value;
        return this;
    }

    public LocalOptions clock(Clock value) {
        clock = value;
        return this;
    }

    public LocalOptions environment(Map<String, String> value) {
        environment = value;
        return this;
    }

    /** Fire every schedule at this interval instead of the template's rate. */
    public LocalOptions scheduleEvery(Duration value) {
        scheduleEvery = value;
        return this;
    }

    /** Run SQS pollers and schedules in background threads (false: call {@link #drain} and {@link #fireSchedules}). */
    public LocalOptions background(boolean value) {
        background = value;
        return this;
    }
}
