package io.careloop.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.wiring.Services;

/** One of template.yaml's functions, instantiated locally with the environment the template gives it. */
public record LocalFunction(StackTemplate.Function definition, RequestHandler<Object, Object> handler,
                            java.util.concurrent.atomic.LongAdder invocations,
                            java.util.concurrent.atomic.LongAdder busyNanos) {

    /**
     * Builds the handler named by the template through its {@code (Services)} constructor: the same class
     * and wiring Lambda uses, with local settings instead of the process environment.
     */
    @SuppressWarnings("unchecked")
    static LocalFunction create(StackTemplate.Function definition, Services services) {
        try {
            Class<?> type = Class.forName(definition.handlerClass());
            if (!RequestHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(definition.handlerClass() + " is not a RequestHandler");
            }
            Object handler = type.getConstructor(Services.class).newInstance(services);
            return new LocalFunction(definition, (RequestHandler<Object, Object>) handler,
                    new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + definition.handlerClass()
                    + " for " + definition.logicalId() + ", which cannot be built: " + e, e);
        }
    }

    public String name() {
        return definition.logicalId();
    }

    /** Invokes the handler as Lambda would, counting invocations and their duration (benchmarks read them). */
    public Object invoke(Object event) {
        long start = System.nanoTime();
        try {
            return handler.handleRequest(event, new LocalContext(name(), definition.timeoutSeconds()));
        } finally {
            busyNanos.add(System.nanoTime() - start);
            invocations.increment();
        }
    }
}
