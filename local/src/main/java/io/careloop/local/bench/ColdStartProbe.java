package io.careloop.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a fresh JVM by the benchmark: builds one handler exactly as the Lambda runtime does (no-arg
 * constructor, configuration from the environment), reads one event the way the runtime does (the raw JSON to a
 * stream handler, else through the runtime's own event serialiser), handles it,
 * then prints {@code READY <classes loaded>}. The parent times spawn-to-READY.
 *
 * <pre>java ... ColdStartProbe HANDLER_CLASS api|sqs|map EVENT.json</pre>
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        Object instance = type.getConstructor().newInstance();
        if (instance instanceof RequestStreamHandler streaming) {
            // As the runtime does for a handler with the (InputStream, OutputStream, Context) signature: the raw event.
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
                streaming.handleRequest(in, answer, null);
            }
            // A cold start counts only if the event was handled: no failed record, no server error.
            com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.toByteArray());
            if (result.path("batchItemFailures").size() > 0 || result.path("statusCode").asInt(200) >= 500) {
                System.err.println("not handled: " + answer);
                System.exit(1);
            }
            ready();
            return;
        }
        RequestHandler handler = (RequestHandler) instance;
        Object event;
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            event = switch (args[1]) {
                case "api" -> LambdaEventSerializers.serializerFor(
                        com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class,
                        ColdStartProbe.class.getClassLoader()).fromJson(in);
                case "sqs" -> LambdaEventSerializers.serializerFor(
                        com.amazonaws.services.lambda.runtime.events.SQSEvent.class,
                        ColdStartProbe.class.getClassLoader()).fromJson(in);
                default -> new com.fasterxml.jackson.databind.ObjectMapper().readValue(in, Map.class);
            };
        }
        handler.handleRequest(event, null);
        ready();
    }

    private static void ready() {
        System.out.println("READY " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
        System.exit(0);
    }
}
