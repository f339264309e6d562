package io.careloop.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.careloop.core.Json;
import io.careloop.wiring.Services;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of template.yaml's functions, instantiated locally with the environment the template gives it.
 *
 * <p>It is invoked the way Lambda invokes it: the Java runtime prefers a handler's
 * {@code handleRequest(InputStream, OutputStream, Context)} when the class has one, so a stream handler gets the
 * event as Lambda's JSON (written by the Lambda runtime's own event serialiser) and its answer is read back the same
 * way. The local stack therefore runs the code path AWS runs, event parsing included.
 *
 * @param outputType what the handler answers (its {@code RequestHandler<I, O>}'s {@code O}): the local API and queue
 *                   pollers read the answer as that type
 */
public record LocalFunction(StackTemplate.Function definition, RequestHandler<Object, Object> handler, Class<?> outputType,
                            LongAdder invocations, LongAdder busyNanos) {
    private static final Map<Class<?>, PojoSerializer<Object>> SERIALIZERS = new ConcurrentHashMap<>();

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
            return new LocalFunction(definition, (RequestHandler<Object, Object>) handler, outputType(type),
                    new LongAdder(), new LongAdder());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + definition.handlerClass()
                    + " for " + definition.logicalId() + ", which cannot be built: " + e, e);
        }
    }

    public String name() {
        return definition.logicalId();
    }

    /**
     * Invokes the handler as Lambda would, counting invocations and their duration (benchmarks read them). Writing the
     * event as JSON and reading the answer stand for the Lambda service's side, so they are not counted as the
     * function's time; the handler's own reading and writing are.
     */
    public Object invoke(Object event) {
        LocalContext context = new LocalContext(name(), definition.timeoutSeconds());
        if (!(handler instanceof RequestStreamHandler stream)) {
            long start = System.nanoTime();
            try {
                return handler.handleRequest(event, context);
            } finally {
                counted(start);
            }
        }
        try {
            byte[] request = toJson(event);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long start = System.nanoTime();
            try {
                stream.handleRequest(new ByteArrayInputStream(request), answer, context);
            } finally {
                counted(start);
            }
            return fromJson(answer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(name() + " could not read or write its event", e);
        }
    }

    private void counted(long start) {
        busyNanos.add(System.nanoTime() - start);
        invocations.increment();
    }

    /** The event as Lambda's JSON: an AWS event class through the runtime's serialiser, anything else as plain JSON. */
    private static byte[] toJson(Object event) throws IOException {
        if (event instanceof Map<?, ?> || event == null) {
            return Json.mapper().writeValueAsBytes(event == null ? Map.of() : event);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(event.getClass()).toJson(event, out);
        return out.toByteArray();
    }

    private Object fromJson(byte[] answer) throws IOException {
        if (answer.length == 0) {
            return null;
        }
        if (Map.class.isAssignableFrom(outputType) || outputType == Object.class) {
            return Json.mapper().readValue(answer, Map.class);
        }
        return serializer(outputType).fromJson(new ByteArrayInputStream(answer));
    }

    /** One serialiser per event class: building one sets up a mapper with the runtime's mixins, which is slow. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PojoSerializer<Object> serializer(Class<?> type) {
        return SERIALIZERS.computeIfAbsent(type,
                t -> (PojoSerializer) LambdaEventSerializers.serializerFor((Class) t, LocalFunction.class.getClassLoader()));
    }

    /** The {@code O} of the class's {@code RequestHandler<I, O>}. */
    private static Class<?> outputType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type out = p.getActualTypeArguments()[1];
                    if (out instanceof Class<?> k) {
                        return k;
                    }
                    if (out instanceof ParameterizedType po && po.getRawType() instanceof Class<?> k) {
                        return k;
                    }
                }
            }
        }
        return Object.class;
    }
}
