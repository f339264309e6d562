package io.careloop.local.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import io.careloop.core.Json;
import io.careloop.observe.Log;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A template schedule ({@code rate(1 minute)}) firing its function with the template's input. */
public final class Schedule {
    private static final Log LOG = Log.of(Schedule.class);
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days|second|seconds)\\)");

    private final LocalFunction function;
    private final StackTemplate.ScheduleTrigger trigger;

    Schedule(LocalFunction function, StackTemplate.ScheduleTrigger trigger) {
        this.function = function;
        this.trigger = trigger;
    }

    public static Duration rate(String expression) {
        Matcher m = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalStateException("The local runtime runs rate(...) schedules only, not " + expression);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).replaceAll("s$", "")) {
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    Duration rate() {
        return rate(trigger.expression());
    }

    String name() {
        return function.name() + "." + trigger.name();
    }

    LocalFunction function() {
        return function;
    }

    /** Fires once, as EventBridge Scheduler would; failures are logged, the next tick tries again. */
    Object fire() {
        try {
            Map<String, Object> input = Json.mapper().readValue(trigger.input(), new TypeReference<>() { });
            return function.invoke(input);
        } catch (Exception e) {
            LOG.error("scheduled invocation failed", e, "schedule", name());
            return null;
        }
    }
}
