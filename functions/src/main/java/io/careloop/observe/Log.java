package io.careloop.observe;

import io.careloop.core.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Structured JSON logs, one object per line: level, message and ids (message id, platform id, case id).
 * Never whole events, message bodies or secrets. The level comes from {@code AWS_LAMBDA_LOG_LEVEL}
 * (set by the template's LoggingConfig) or {@code CARELOOP_LOG_LEVEL}, default INFO.
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static volatile Level threshold = initialLevel();
    private static volatile PrintStream out = System.out;

    private final String logger;

    private Log(String logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    private static Level initialLevel() {
        String configured = System.getenv("AWS_LAMBDA_LOG_LEVEL");
        if (configured == null) {
            configured = System.getenv("CARELOOP_LOG_LEVEL");
        }
        try {
            return configured == null ? Level.INFO : Level.valueOf(configured.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    /** For the local runtime and tests: where log lines go and from which level. */
    public static void configure(PrintStream target, Level level) {
        out = target;
        threshold = level;
    }

    public void debug(String message, Object... keyValues) {
        write(Level.DEBUG, message, null, keyValues);
    }

    public void info(String message, Object... keyValues) {
        write(Level.INFO, message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write(Level.WARN, message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        write(Level.ERROR, message, error, keyValues);
    }

    private void write(Level level, String message, Throwable error, Object[] keyValues) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("logger", logger);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        if (error != null) {
            // The type and message only: stack traces of SDK errors can carry request details.
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", error.getMessage());
            // Where it was thrown (class, method, line): enough to find a bug like an NPE, with no data in it.
            StackTraceElement[] trace = error.getStackTrace();
            if (trace.length > 0) {
                line.put("errorAt", trace[0].getClassName() + "." + trace[0].getMethodName() + ":" + trace[0].getLineNumber());
                for (StackTraceElement frame : trace) {
                    if (frame.getClassName().startsWith("io.careloop.") && frame != trace[0]) {
                        line.put("errorVia", frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber());
                        break;
                    }
                }
            }
        }
        out.println(Json.write(line));
    }
}
