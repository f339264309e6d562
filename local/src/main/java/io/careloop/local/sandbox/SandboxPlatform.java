package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.time.Instant;
import java.util.Map;

/** One platform's endpoints in the sandbox, below {@code /sandbox/{id}}, served from the sandbox's shared state. */
abstract class SandboxPlatform {
    /** The first path segment, as careloop's {@code CARELOOP_*_API_URL} points at it: x, facebook, mastodon, bluesky. */
    final String id;
    final SandboxState state;

    SandboxPlatform(String id, SandboxState state) {
        this.id = id;
        this.state = state;
    }

    /** A control call that gives this platform something to serve later (a notification to poll), or null. */
    Response control(String method, String path, JsonNode body) {
        return null;
    }

    /**
     * A platform call that passed the sandbox's checks.
     *
     * @param token the bearer token it carried
     * @return the platform's answer, or null where it has no such endpoint
     */
    abstract Response serve(String method, String path, String query, Map<String, String> headers, String token,
                            JsonNode body);

    /** The headers a throttled (429) answer carries, telling the client when the window resets. */
    Map<String, String> rateLimitHeaders(Instant reset) {
        return Map.of();
    }

    /** The body of an injected failure with this status. */
    String errorBody(int status) {
        return problem(status);
    }

    static String problem(int status) {
        return Json.write(Map.of("title", status == 429 ? "Too Many Requests" : "Service Unavailable"));
    }

    /** The answer to a control call that queued something for the platform to serve. */
    static Response queued() {
        return Response.json(202, Map.of("queued", true));
    }
}
