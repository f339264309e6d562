package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PDS's session endpoints over real HTTP, as {@code com.atproto.server} defines them: createSession with a
 * password, refreshSession with the refresh token (which it rotates: the old one is refused after use), and one
 * authenticated method ({@code app.bsky.actor.getPreferences}) that answers {@code ExpiredToken} for a token past
 * its {@code exp}. Counts the calls, to prove how often careloop signs in.
 */
final class FakePds implements AutoCloseable {
    static final String DID = "did:plc:brand000000000000000001";
    final AtomicInteger createSessions = new AtomicInteger();
    final AtomicInteger refreshSessions = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    volatile String password = "app-password-1";
    volatile Duration accessLifetime = Duration.ofHours(2);
    /** How far the PDS's clock runs ahead of careloop's. */
    volatile Duration clockAhead = Duration.ZERO;
    /** Tokens seen in an Authorization header, to check none leaks into what careloop stores. */
    final Set<String> issued = ConcurrentHashMap.newKeySet();

    private final Clock clock;
    private final HttpServer server;
    private final Set<String> liveRefresh = ConcurrentHashMap.newKeySet();
    private final AtomicInteger serial = new AtomicInteger();

    FakePds(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/xrpc/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The PDS revokes every refresh token it issued (a reset, a revoked app password session). */
    void revokeRefreshTokens() {
        liveRefresh.clear();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String nsid = exchange.getRequestURI().getPath().substring("/xrpc/".length());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        byte[] raw = exchange.getRequestBody().readAllBytes();
        switch (nsid) {
            case "com.atproto.server.createSession" -> {
                createSessions.incrementAndGet();
                JsonNode body = Json.parse(raw);
                if (!password.equals(body.path("password").asText())) {
                    answer(exchange, 401, Map.of("error", "AuthenticationRequired", "message", "Invalid identifier or password"));
                    return;
                }
                answer(exchange, 200, session());
            }
            case "com.atproto.server.refreshSession" -> {
                refreshSessions.incrementAndGet();
                if (token == null || !liveRefresh.remove(token)) {
                    answer(exchange, 400, Map.of("error", "ExpiredToken", "message", "Token has been revoked"));
                    return;
                }
                answer(exchange, 200, session());
            }
            default -> {
                calls.incrementAndGet();
                Long exp = token == null ? null : BlueskySession.expiry(token).map(i -> i.getEpochSecond()).orElse(null);
                if (exp == null || !token.startsWith("access.")) {
                    answer(exchange, 401, Map.of("error", "AuthenticationRequired", "message", "Authentication Required"));
                } else if (exp <= clock.instant().plus(clockAhead).getEpochSecond()) {
                    answer(exchange, 400, Map.of("error", "ExpiredToken", "message", "Token has expired"));
                } else {
                    answer(exchange, 200, Map.of("preferences", java.util.List.of()));
                }
            }
        }
    }

    private Map<String, Object> session() {
        int n = serial.incrementAndGet();
        String access = "access." + jwtPayload(clock.instant().plus(clockAhead).plus(accessLifetime).getEpochSecond(), n) + ".sig";
        String refresh = "refresh." + jwtPayload(clock.instant().plus(Duration.ofDays(90)).getEpochSecond(), n) + ".sig";
        liveRefresh.add(refresh);
        issued.add(access);
        issued.add(refresh);
        return Map.of("accessJwt", access, "refreshJwt", refresh, "handle", "acme.example", "did", DID, "active", true);
    }

    private static String jwtPayload(long exp, int n) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"exp\":" + exp + ",\"jti\":\"" + n + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
