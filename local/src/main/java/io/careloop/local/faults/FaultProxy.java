package io.careloop.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fault-injecting HTTP proxy in front of DynamoDB Local or ElasticMQ. The functions' SDK clients point at
 * it; it forwards every call unchanged unless the {@link Faults} plan says to fail it, and then answers with
 * the error the real service sends (status, {@code x-amzn-ErrorType}, JSON body), without touching the data.
 * So what is tested is the real SDK's retry policy and careloop's own handling, not a mock's idea of them.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final Faults faults;

    public FaultProxy(String targetEndpoint, Faults faults) throws IOException {
        this.target = URI.create(targetEndpoint);
        this.faults = faults;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = operation(exchange, body);
            var fault = faults.decide(operation);
            if (fault.isPresent()) {
                answerWithFault(exchange, operation, fault.get(), body);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, new ArrayList<>(values));
                }
            });
            send(exchange, response.statusCode(), response.body());
        }
    }

    /** {@code DynamoDB_20120810.PutItem} / {@code AmazonSQS.SendMessage}, from the JSON protocol's target header or a query's Action. */
    private static String operation(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) {
                return "AmazonSQS." + URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
            }
        }
        return "unknown";
    }

    private static void answerWithFault(HttpExchange exchange, String operation, Faults.Kind kind, byte[] request)
            throws IOException {
        boolean dynamo = operation.startsWith("DynamoDB_");
        String namespace = dynamo ? "com.amazonaws.dynamodb.v20120810#" : "com.amazonaws.sqs#";
        int status;
        String type;
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        switch (kind) {
            case THROTTLE -> {
                status = 400;
                type = dynamo ? "ProvisionedThroughputExceededException" : "RequestThrottled";
                body.put("message", "injected: the request rate is too high");
            }
            case TRANSACTION_CONFLICT -> {
                status = 400;
                type = "TransactionCanceledException";
                int items = transactItems(request);
                List<Map<String, String>> reasons = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    reasons.add(Map.of("Code", "TransactionConflict", "Message", "Transaction is ongoing for the item"));
                }
                body.put("message", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                        + "[" + String.join(", ", java.util.Collections.nCopies(items, "TransactionConflict")) + "]");
                body.put("CancellationReasons", reasons);
            }
            default -> {
                status = 500;
                type = dynamo ? "InternalServerError" : "InternalError";
                body.put("message", "injected: the service failed the request");
            }
        }
        Map<String, Object> full = new java.util.LinkedHashMap<>();
        full.put("__type", namespace + type);
        full.putAll(body);
        exchange.getResponseHeaders().set("content-type", "application/x-amz-json-1.0"); // both speak the JSON protocol
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        if (!dynamo) {
            exchange.getResponseHeaders().set("x-amzn-query-error", type + ";" + (status >= 500 ? "Receiver" : "Sender"));
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        send(exchange, status, Json.write(full).getBytes(StandardCharsets.UTF_8));
    }

    private static int transactItems(byte[] request) {
        try {
            JsonNode items = Json.parse(request).path("TransactItems");
            return Math.max(1, items.size());
        } catch (IOException e) {
            return 1;
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
