package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.careloop.local.signing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded fuzz of every webhook route and the agents' API through the real handlers on the local stack:
 * malformed, oversized, wrongly signed, replayed, truncated, deeply nested and unicode-edge requests.
 * Nothing may answer 5xx, throw, or enqueue anything for a rejected request.
 */
class HostileInputFuzzTest {
    private static final long SEED = 20261123L;
    private static final int WEBHOOK_REQUESTS = 10_000;
    private static final int API_REQUESTS = 3_000;
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private static final String[] FRAGMENTS = {
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e309", "-0", "99999999999999999999999999999",
        "\"platform\":\"x\"", "\"id\":", "\"author\":{\"id\":\"1\"}", "\"text\":\"hi\"", "\\u0000", "\\ud800",
        "\uFEFF", "\u202E", "😡", "\"a\":1,\"a\":2", "NaN", "'", "<script>", "\r\n", "%00", "${jndi:ldap://x}"};

    private static String junk(Random r) {
        StringBuilder b = new StringBuilder();
        int parts = r.nextInt(12);
        for (int i = 0; i < parts; i++) {
            b.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        }
        return b.toString();
    }

    private static String body(Random r) {
        String valid = TestStack.mention("x", Long.toString(r.nextLong() & Long.MAX_VALUE), "1", "fuzz", "@AcmeHelp broken");
        return switch (r.nextInt(9)) {
            case 0 -> junk(r);
            case 1 -> "[".repeat(r.nextInt(5_000)) + "]".repeat(r.nextInt(5_000));
            case 2 -> valid.substring(0, r.nextInt(valid.length()));           // truncated
            case 3 -> "{\"text\":\"" + "x".repeat(260_000 + r.nextInt(10_000)) + "\"}"; // oversized
            case 4 -> valid.replace("\"1\"", "1e400");
            case 5 -> "{\"object\":\"page\",\"entry\":[{\"changes\":[{\"field\":\"feed\",\"value\":" + junk(r) + "}]}]}";
            case 6 -> "{\"event\":\"status.created\",\"object\":" + junk(r) + "}";
            case 7 -> "{\"for_user_id\":1,\"tweet_create_events\":[" + junk(r) + "]}";
            default -> valid;
        };
    }

    private static Map<String, String> headers(Random r, String body) {
        Map<String, String> h = new HashMap<>();
        String[] types = {"application/json", "text/plain", "application/octet-stream", "multipart/form-data", ""};
        h.put("content-type", types[r.nextInt(types.length)]);
        long now = stack.clock.instant().getEpochSecond();
        switch (r.nextInt(6)) {
            case 0 -> { } // unsigned
            case 1 -> {   // wrong secret
                h.putAll(WebhookSigner.generic("wrong", body, Instant.ofEpochSecond(now)));
            }
            case 2 -> {   // replayed
                h.putAll(WebhookSigner.generic(TestStack.GENERIC_SECRET, body, Instant.ofEpochSecond(now - 3_600)));
            }
            case 3 -> {   // header injection and garbage
                h.put("x-careloop-timestamp", "1\r\nx-evil: 1");
                h.put("x-careloop-signature", junk(r));
                h.put("x-twitter-webhooks-signature", junk(r));
                h.put("x-hub-signature-256", "sha256=" + junk(r));
            }
            default -> h.putAll(WebhookSigner.generic(TestStack.GENERIC_SECRET, body, Instant.ofEpochSecond(now)));
        }
        return h;
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> pathParameters,
                                               Map<String, String> query, Map<String, String> headers, String body,
                                               boolean base64) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRawPath(path);
        e.setHeaders(headers);
        e.setPathParameters(pathParameters);
        e.setQueryStringParameters(query);
        e.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        e.setIsBase64Encoded(base64);
        var ctx = new APIGatewayV2HTTPEvent.RequestContext();
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        ctx.setHttp(http);
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(Map.of("sub", "fuzzer", "name", "Dana Adams"));
        authorizer.setJwt(jwt);
        ctx.setAuthorizer(authorizer);
        e.setRequestContext(ctx);
        return e;
    }

    @Test
    void webhookRoutesNeverAnswer5xxAndRejectedRequestsEnqueueNothing() {
        Random r = new Random(SEED);
        String[] platforms = {"generic", "x", "meta", "mastodon", "threads", "orkut", "", "../../etc", "%2e%2e"};
        var webhook = stack.runtime.functions().get("WebhookFunction");
        int accepted = 0;
        long slowestNanos = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < WEBHOOK_REQUESTS; i++) {
            String platform = platforms[r.nextInt(platforms.length)];
            String body = body(r);
            String method = r.nextInt(10) == 0 ? "GET" : "POST";
            Map<String, String> query = r.nextInt(5) == 0 ? Map.of("crc_token", junk(r), "hub.mode", "subscribe",
                    "hub.verify_token", junk(r), "hub.challenge", junk(r)) : null;
            long start = System.nanoTime();
            APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) webhook.invoke(event(method,
                    "/webhooks/" + platform, Map.of("platform", platform), query, headers(r, body), body, r.nextInt(4) == 0));
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            if (response.getStatusCode() >= 500) {
                failures.add(response.getStatusCode() + " for " + platform + " " + body.substring(0, Math.min(80, body.length())));
            }
            if (response.getStatusCode() == 202 && response.getBody().matches(".*\"accepted\":[1-9].*")) {
                accepted++;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(stack.messagesWaiting("MentionQueue")).as("only accepted mentions are queued").isLessThanOrEqualTo(accepted);
        assertThat(accepted).as("the fuzz also sends valid, signed mentions").isPositive();
        assertThat(slowestNanos / 1_000_000).as("bounded time per request (ms), with room for a busy CI machine").isLessThan(5_000);
    }

    @Test
    void theAgentsApiNeverAnswers5xxToHostileInput() {
        Random r = new Random(SEED + 1);
        stack.postWebhook(TestStack.mention("x", "777", "77", "target", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        String caseId = io.careloop.cases.CaseIds.forOpeningMention("x#777");
        String[] ids = {caseId, "c_0000000000000000", junk(r), "", "..%2f..", "c_" + "9".repeat(500)};
        String[] actions = {"reply", "assign", "handoff", "promise", "resolve", "moderate", "dance", ""};
        var api = stack.runtime.functions().get("CaseApiFunction");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < API_REQUESTS; i++) {
            String id = ids[r.nextInt(ids.length)];
            String action = actions[r.nextInt(actions.length)];
            String path;
            String method = "POST";
            switch (r.nextInt(5)) {
                case 0 -> {
                    path = "/cases";
                    method = "GET";
                }
                case 1 -> {
                    path = "/cases/" + id;
                    method = "GET";
                }
                case 2 -> path = "/incidents/" + id + "/resolve";
                default -> path = "/cases/" + id + "/" + action;
            }
            Map<String, String> query = Map.of("status", junk(r), "limit", junk(r), "cursor", junk(r), "priority", junk(r));
            String body = r.nextBoolean() ? junk(r) : "{\"text\":\"" + junk(r).replace("\"", "") + "\",\"due\":\""
                    + junk(r).replace("\"", "") + "\",\"assignee\":\"Dana Adams\",\"summary\":\"x\",\"team\":\"t\","
                    + "\"action\":\"hide\",\"category\":\"spam\",\"updateEvery\":\"" + junk(r).replace("\"", "") + "\"}";
            APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) api.invoke(event(method, path,
                    Map.of("id", id, "action", action), r.nextBoolean() ? query : null, Map.of(), body, r.nextInt(4) == 0));
            if (response.getStatusCode() >= 500) {
                failures.add(response.getStatusCode() + " " + method + " " + path + " " + body + " -> " + response.getBody());
            }
        }
        assertThat(failures).isEmpty();
    }
}
