package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.careloop.core.Json;
import io.careloop.testing.MutableClock;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The brand's PDS, found from its handle or DID as the AT Protocol's identity specs describe, over real HTTP. */
class BlueskyIdentityTest {
    private static final String DID = "did:plc:acmehelp0000000000000001";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
    private final Map<String, Object> documents = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            lookups.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            Object body;
            int status = 200;
            if (path.equals("/xrpc/com.atproto.identity.resolveHandle")) {
                body = "handle=acme.example".equals(query) ? Map.of("did", DID) : Map.of("error", "InvalidRequest");
                status = "handle=acme.example".equals(query) ? 200 : 400;
            } else if (documents.containsKey(path.substring(1))) {
                body = documents.get(path.substring(1));
            } else {
                body = Map.of("message", "DID not registered");
                status = 404;
            }
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void document(String did, String pdsType, String endpoint) {
        documents.put(did, Map.of("id", did, "alsoKnownAs", List.of("at://acme.example"), "service", List.of(
                Map.of("id", "#atproto_labeler", "type", "AtprotoLabeler", "serviceEndpoint", "https://labeler.example"),
                Map.of("id", "#atproto_pds", "type", pdsType, "serviceEndpoint", endpoint))));
    }

    private BlueskyIdentity identity() {
        return new BlueskyIdentity(new PlatformHttp(clock), base, base, clock);
    }

    @Test
    void aHandleResolvesToItsDidAndTheDidDocumentNamesThePds() {
        document(DID, "AtprotoPersonalDataServer", "https://morel.us-east.host.bsky.network/");

        assertThat(identity().pds("acme.example")).isEqualTo("https://morel.us-east.host.bsky.network");
        assertThat(identity().pds(DID)).isEqualTo("https://morel.us-east.host.bsky.network");
    }

    @Test
    void theAnswerIsCachedForAnHourThenLookedUpAgain() {
        document(DID, "AtprotoPersonalDataServer", "https://old.pds.example");
        BlueskyIdentity identity = identity();
        identity.pds(DID);
        int afterFirst = lookups.get();

        document(DID, "AtprotoPersonalDataServer", "https://new.pds.example");
        assertThat(identity.pds(DID)).isEqualTo("https://old.pds.example");
        assertThat(lookups.get()).isEqualTo(afterFirst);

        clock.advance(Duration.ofMinutes(61));
        assertThat(identity.pds(DID)).isEqualTo("https://new.pds.example");
    }

    @Test
    void aDocumentWithoutAPdsOrWithAPlainHttpOneOutsideThisMachineIsRefused() {
        document(DID, "AtprotoLabeler", "https://pds.example");
        assertThat(catchThrowableOfType(PlatformException.class, () -> identity().pds(DID)).getMessage())
                .contains("names no PDS");

        document("did:plc:plainhttp0000000000000001", "AtprotoPersonalDataServer", "http://pds.example");
        assertThat(catchThrowableOfType(PlatformException.class, () -> identity().pds("did:plc:plainhttp0000000000000001"))
                .kind()).isEqualTo(PlatformException.Kind.REJECTED);
    }

    @Test
    void anUnknownDidIsRefusedNotGuessed() {
        assertThat(catchThrowableOfType(PlatformException.class, () -> identity().pds("did:plc:nobody000000000000000001"))
                .kind()).isEqualTo(PlatformException.Kind.REJECTED);
    }
}
