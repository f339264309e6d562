package io.careloop.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a fresh JVM by the benchmark: builds one handler exactly as the Lambda runtime does (no-arg
 * constructor, configuration from the environment), reads one event the way the runtime does, handles it,
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
        RequestHandler handler = (RequestHandler) type.getConstructor().newInstance();
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
        System.out.println("READY " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
        System.exit(0);
    }
}
