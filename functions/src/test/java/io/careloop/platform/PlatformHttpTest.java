package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a platform's HTTP answer is read: which refusals a retry or a fresh secret could mend, and which not. */
class PlatformHttpTest {
    private HttpServer server;
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            401 | AUTH     | {"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}
            403 | REJECTED | {"title":"Forbidden","type":"about:blank","status":403,"detail":"Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to."}
            403 | REJECTED | {"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}
            400 | REJECTED | {"errors":[{"message":"The text field is required"}]}
            503 | TRANSIENT | {"title":"Service Unavailable"}
            400 | RATE_LIMITED | {"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4}}
            403 | RATE_LIMITED | {"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32}}
            400 | RATE_LIMITED | {"error":{"message":"(#80001) There have been too many calls to this Page account.","type":"OAuthException","code":80001}}
            400 | AUTH     | {"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}
            400 | REJECTED | {"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278}}
            400 | REJECTED | {"error":{"message":"Unsupported post request.","type":"GraphMethodException","code":100,"error_subcode":33}}
            """)
    void aRefusalIsReadForWhatCouldMendIt(int answer, PlatformException.Kind kind, String answerBody) {
        status = answer;
        body = answerBody;
        PlatformHttp http = new PlatformHttp(Clock.systemUTC());

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> http.send("POST",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/2/tweets", "token", Map.of("text", "hi"), Map.of(),
                headers -> null));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.certainlyNotPosted()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void xsReasonForAPolicyRefusalTravelsWithTheRefusal() {
        status = 403;
        body = "{\"title\":\"Forbidden\",\"type\":\"about:blank\",\"status\":403,\"detail\":\"Reply to this conversation is not "
                + "allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.\"}";
        PlatformHttp http = new PlatformHttp(Clock.systemUTC());

        PlatformException e = catchThrowableOfType(PlatformException.class, () -> http.send("POST",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/2/tweets", "token", Map.of("text", "hi"), Map.of(),
                headers -> null));

        assertThat(e.kind()).isEqualTo(PlatformException.Kind.REJECTED);
        assertThat(e.getMessage()).isEqualTo("POST /2/tweets answered 403 (Forbidden: Reply to this conversation is not "
                + "allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.)");
    }

    @org.junit.jupiter.api.Test
    void aRefusalsReasonIsCutShortAndKeptToOneLine() {
        assertThat(PlatformHttp.refusalReason("{\"title\":\"Forbidden\",\"detail\":\"line one\\nline two\"}"))
                .isEqualTo(" (Forbidden: line one line two)");
        assertThat(PlatformHttp.refusalReason("{\"detail\":\"" + "x".repeat(500) + "\"}")).hasSize(244);
        assertThat(PlatformHttp.refusalReason("{\"error\":{\"code\":10}}")).isEmpty();
        assertThat(PlatformHttp.refusalReason("not json")).isEmpty();
    }
}
