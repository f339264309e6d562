package io.careloop.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import io.careloop.observe.Log;
import io.careloop.local.sandbox.PlatformSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HttpApi on localhost: every route template.yaml declares, turned into API Gateway payload 2.0 events
 * for its function. Routes behind the JWT authorizer need {@code Authorization: Bearer $CARELOOP_API_TOKEN}
 * (an agent with the lead role) or one of the extra tokens in {@code CARELOOP_LOCAL_TOKENS}
 * ({@code role:token,...}, role viewer, agent, lead or none); as in AWS, the function then sees the caller's
 * claims, with the role as a Cognito group, and never an unauthenticated request.
 * {@code /sandbox/*} is the platform sandbox.
 */
final class LocalHttpApi implements AutoCloseable {
    /** API Gateway's own payload limit. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final Log LOG = Log.of(LocalHttpApi.class);

    private record Route(StackTemplate.HttpRoute route, Pattern pattern, List<String> names, LocalFunction function) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private final PlatformSandbox sandbox;
    /** Each accepted token and the claims a verified token of that caller would carry. */
    private final Map<String, Map<String, String>> callers = new LinkedHashMap<>();
    private volatile java.util.function.Function<String, Integer> redrive;

    LocalHttpApi(int port, List<LocalFunction> functions, PlatformSandbox sandbox, String apiToken, String agentName,
                 String extraTokens) throws IOException {
        this.sandbox = sandbox;
        callers.put(apiToken, Map.of("sub", "local-agent", "name", agentName, "cognito:groups", "[lead]"));
        for (String entry : extraTokens == null ? new String[0] : extraTokens.split(",")) {
            String[] roleAndToken = entry.strip().split(":", 2);
            if (roleAndToken.length != 2 || roleAndToken[1].isBlank()
                    || !List.of("viewer", "agent", "lead", "none").contains(roleAndToken[0])) {
                throw new IllegalArgumentException("CARELOOP_LOCAL_TOKENS takes role:token pairs separated by commas,"
                        + " role viewer, agent, lead or none");
            }
            String role = roleAndToken[0];
            Map<String, String> claims = new LinkedHashMap<>(Map.of("sub", "local-" + role, "name", "Local " + role));
            if (!role.equals("none")) {
                claims.put("cognito:groups", "[" + role + "]");
            }
            callers.put(roleAndToken[1], Map.copyOf(claims));
        }
        for (LocalFunction f : functions) {
            for (StackTemplate.Trigger t : f.definition().triggers()) {
                if (t instanceof StackTemplate.HttpRoute r) {
                    List<String> names = new ArrayList<>();
                    Matcher m = Pattern.compile("\\{([^}]+)}").matcher(r.path());
                    StringBuilder regex = new StringBuilder();
                    int last = 0;
                    while (m.find()) {
                        regex.append(Pattern.quote(r.path().substring(last, m.start()))).append("([^/]+)");
                        names.add(m.group(1));
                        last = m.end();
                    }
                    regex.append(Pattern.quote(r.path().substring(last)));
                    routes.add(new Route(r, Pattern.compile(regex.toString()), names, f));
                }
            }
        }
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        this.executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** {@code POST /local/redrive/{queue}}: the local stack's answer to the console's "Start DLQ redrive". */
    void onRedrive(java.util.function.Function<String, Integer> action) {
        this.redrive = action;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<StackTemplate.HttpRoute> routes() {
        return routes.stream().map(Route::route).toList();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            if (path.startsWith("/local/redrive/") && method.equals("POST") && redrive != null) {
                String queue = path.substring("/local/redrive/".length());
                try {
                    int moved = redrive.apply(queue);
                    send(exchange, 200, Map.of("content-type", "application/json"), json(Map.of("queue", queue, "moved", moved)));
                } catch (IllegalArgumentException e) {
                    send(exchange, 404, Map.of("content-type", "application/json"), json(Map.of("error", e.getMessage())));
                }
                return;
            }
            if (path.equals("/sandbox") || path.startsWith("/sandbox/")) {
                PlatformSandbox.Response r = sandbox.handle(method, path.substring("/sandbox".length()), headers, query, body);
                send(exchange, r.status(), r.headers(), r.body());
                return;
            }
            for (Route route : routes) {
                Matcher m = route.pattern().matcher(path);
                if (!m.matches() || !route.route().method().equals(method)) {
                    continue;
                }
                Map<String, String> claims = route.route().authorized() ? caller(headers.get("authorization")) : null;
                if (route.route().authorized() && claims == null) {
                    send(exchange, 401, Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
                            "{\"message\":\"Unauthorized\"}");
                    return;
                }
                Map<String, String> pathParameters = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    pathParameters.put(route.names().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
                }
                APIGatewayV2HTTPEvent event = event(route, method, path, query, headers, pathParameters, body, claims);
                Object result = route.function().invoke(event);
                if (result instanceof APIGatewayV2HTTPResponse response) {
                    String text = response.getBody() == null ? "" : response.getIsBase64Encoded()
                            ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                            : response.getBody();
                    send(exchange, response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), text);
                } else {
                    send(exchange, 502, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
                }
                return;
            }
            send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
        } catch (RuntimeException e) {
            LOG.error("local API failed", e);
            send(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
        }
    }

    /** The claims of the caller whose token this is, or null: every token is compared, in constant time. */
    private Map<String, String> caller(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        Map<String, String> found = null;
        for (var entry : callers.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = entry.getValue();
            }
        }
        return found;
    }

    private APIGatewayV2HTTPEvent event(Route route, String method, String path, String query, Map<String, String> headers,
                                        Map<String, String> pathParameters, byte[] body, Map<String, String> claims) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(route.route().method() + " " + route.route().path());
        event.setRawPath(path);
        event.setRawQueryString(query == null ? "" : query);
        event.setHeaders(headers);
        event.setQueryStringParameters(queryParameters(query));
        event.setPathParameters(pathParameters);
        String contentType = headers.getOrDefault("content-type", "");
        // API Gateway passes text bodies as they are and base64-encodes everything else.
        boolean text = contentType.isEmpty() || contentType.contains("json") || contentType.startsWith("text/")
                || contentType.contains("x-www-form-urlencoded");
        if (body.length > 0) {
            event.setBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(!text);
        }
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        http.setUserAgent(headers.getOrDefault("user-agent", ""));
        context.setHttp(http);
        context.setRouteKey(event.getRouteKey());
        context.setStage("$default");
        context.setRequestId(UUID.randomUUID().toString());
        context.setTimeEpoch(Instant.now().toEpochMilli());
        if (route.route().authorized()) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
            jwt.setClaims(claims);
            jwt.setScopes(List.of());
            authorizer.setJwt(jwt);
            context.setAuthorizer(authorizer);
        }
        event.setRequestContext(context);
        return event;
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(k, v, (a, b) -> a + "," + b); // API Gateway joins repeated parameters with commas
        }
        return params;
    }

    /** @return the body, or null when it is larger than API Gateway accepts */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return body.length > MAX_PAYLOAD_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String json(Object value) {
        return Json.write(value);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
