package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's control plane, for tests and tools, and the checks every platform call passes.
 *
 * <ul>
 *   <li>{@code GET /sandbox/posts} lists what was posted ({@code posts}) and the calls refused ({@code refused}, with
 *       their status); {@code DELETE /sandbox/posts} clears the record; {@code GET /sandbox/calls} lists every call,
 *       refused ones included, with the status answered</li>
 *   <li>{@code POST /sandbox/tokens {"platform":"x","accept":["token"]}} makes a platform refuse (401) every
 *       other token</li>
 *   <li>{@code POST /sandbox/faults {"platform":"x","status":429,"count":1}} makes the next calls fail (a 429
 *       carries the platform's rate-limit headers, reset {@code "resetSeconds"} from now, default 60);
 *       {@code "delayMillis": 11000} instead serves the calls but answers after the delay, as a platform that
 *       times out</li>
 * </ul>
 * Not thread-safe: {@link PlatformSandbox} calls it one request at a time.
 */
final class SandboxControl {
    private record Fault(int status, int remaining, long delayMillis, long resetSeconds) {
    }

    private final SandboxState state;
    private final Map<String, Fault> faults = new HashMap<>();
    private final Map<String, Set<String>> acceptedTokens = new HashMap<>();
    private long pendingDelayMillis;

    SandboxControl(SandboxState state) {
        this.state = state;
    }

    /** A control call's answer, or null when the request is not one. */
    Response handle(String method, String path, JsonNode body) {
        if (path.equals("/posts")) {
            if (method.equals("DELETE")) {
                state.clearCalls();
                return Response.json(200, Map.of("cleared", true));
            }
            return Response.json(200, Map.of("posts", state.posts(), "refused", state.refusedCalls()));
        }
        if (path.equals("/calls") && method.equals("GET")) {
            return Response.json(200, Map.of("calls", state.allCalls()));
        }
        if (path.equals("/faults") && method.equals("POST")) {
            faults.put(body.path("platform").asText(), new Fault(body.path("status").asInt(429), body.path("count").asInt(1),
                    body.path("delayMillis").asLong(0), body.path("resetSeconds").asLong(60)));
            return Response.json(200, Map.of("armed", body));
        }
        if (path.equals("/tokens") && method.equals("POST")) {
            Set<String> accepted = new HashSet<>();
            body.path("accept").forEach(v -> accepted.add(v.asText()));
            acceptedTokens.put(body.path("platform").asText(), accepted);
            return Response.json(200, Map.of("accepting", accepted.size()));
        }
        return null;
    }

    /**
     * Why a platform call is refused before the platform sees it: no bearer token, a token the platform was told
     * not to accept, or an armed fault. Null when it goes through (an armed delay still lets it through).
     *
     * @param platform the platform's endpoints, or null where the sandbox serves none under that name
     */
    Response refuse(String platformId, SandboxPlatform platform, String method, String path, String authorization,
                    JsonNode body) {
        if (!authorization.startsWith("Bearer ") || authorization.length() <= "Bearer ".length()) {
            return Response.json(401, Map.of("title", "Unauthorized", "detail", "a bearer token is required"));
        }
        Set<String> accepted = acceptedTokens.get(platformId);
        if (accepted != null && !accepted.contains(authorization.substring("Bearer ".length()))) {
            state.refused(platformId, method, path, body, 401);
            return Response.json(401, Map.of("title", "Unauthorized", "type", "about:blank", "status", 401,
                    "detail", "Unauthorized"));
        }
        Response fault = fault(platformId, platform);
        if (fault != null) {
            state.refused(platformId, method, path, body, fault.status());
        }
        return fault;
    }

    /** The delay an armed slow answer put on the call just handled (then forgotten). */
    long takeDelayMillis() {
        long delay = pendingDelayMillis;
        pendingDelayMillis = 0;
        return delay;
    }

    private Response fault(String platformId, SandboxPlatform platform) {
        Fault f = faults.get(platformId);
        if (f == null || f.remaining() <= 0) {
            return null;
        }
        faults.put(platformId, new Fault(f.status(), f.remaining() - 1, f.delayMillis(), f.resetSeconds()));
        if (f.delayMillis() > 0) {
            pendingDelayMillis = f.delayMillis();
            return null; // served as usual, answered late
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (f.status() == 429 && platform != null) {
            headers.putAll(platform.rateLimitHeaders(state.clock.instant().plusSeconds(f.resetSeconds())));
        }
        String body = platform != null ? platform.errorBody(f.status()) : SandboxPlatform.problem(f.status());
        return new Response(f.status(), headers, body);
    }
}
