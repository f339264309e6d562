package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the platforms' APIs on one machine. It answers the endpoints careloop calls with the
 * documented request and response shapes, requires a bearer token, records every call, and can be told to
 * answer with a platform's throttling response. {@code GET /sandbox/posts} lists what would have been posted.
 *
 * <ul>
 *   <li>X ({@link XSandbox}): posts, DMs, hiding replies, the brand's own timeline, mentions and recent search</li>
 *   <li>Facebook/Instagram Graph ({@link MetaSandbox}): comments, replies, messages, feed posts and hiding</li>
 *   <li>Mastodon ({@link MastodonSandbox}): statuses (honouring Idempotency-Key), notifications, a status's thread</li>
 *   <li>Bluesky XRPC ({@link BlueskySandbox}): sessions, notifications, posts, the brand's feed, createRecord</li>
 *   <li>Threads ({@link ThreadsSandbox}): media containers and their publishing, mentions, the profile's replies,
 *       hiding replies</li>
 *   <li>the stack's EventBridge bus ({@link EventBusSandbox}): care events, {@code GET /sandbox/events}</li>
 *   <li>the control plane ({@link SandboxControl}): the record of posts, which tokens a platform accepts, and
 *       throttled or slow answers on demand; each platform class also takes what it should later serve (a
 *       notification to poll, an incoming post to read)</li>
 * </ul>
 * This class routes a request: control calls first, then the checks every platform call passes (a bearer token,
 * an accepted one, no armed fault), then the platform named by the path's first segment.
 */
public final class PlatformSandbox {
    /** One recorded call. {@code body} is the JSON the client sent. */
    public record Call(Instant at, String platform, String method, String path, JsonNode body, String idempotencyKey,
                       String responseId, int status) {
    }

    public record Response(int status, Map<String, String> headers, String body) {
        static Response json(int status, Object body) {
            return new Response(status, Map.of("content-type", "application/json"), Json.write(body));
        }
    }

    /** One request to a platform endpoint, as received (reads included). */
    public record Request(String method, String path, String query) {
    }

    private final SandboxState state;
    private final SandboxControl control;
    private final Map<String, SandboxPlatform> platforms = new LinkedHashMap<>();
    private final EventBusSandbox eventBus;

    public PlatformSandbox(Clock clock) {
        this.state = new SandboxState(clock);
        this.control = new SandboxControl(state);
        this.eventBus = new EventBusSandbox(clock);
        for (SandboxPlatform p : List.of(new XSandbox(state), new MetaSandbox(state), new MastodonSandbox(state),
                new BlueskySandbox(state), new ThreadsSandbox(state))) {
            platforms.put(p.id, p);
        }
    }

    /**
     * @param path the path below {@code /sandbox}
     */
    public Response handle(String method, String path, Map<String, String> headers, String query, byte[] body) {
        Response response;
        long delay;
        synchronized (this) {
            response = route(method, path, headers, query, SandboxState.parse(body));
            delay = control.takeDelayMillis();
        }
        if (delay > 0) {
            // A slow platform: the call is done (a post is posted) but the answer comes too late for the caller.
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return response;
    }

    private Response route(String method, String path, Map<String, String> headers, String query, JsonNode body) {
        Response bus = eventBus.handle(method, path, headers, body);
        if (bus != null) {
            return bus;
        }
        Response answer = control.handle(method, path, body);
        for (var p = platforms.values().iterator(); answer == null && p.hasNext(); ) {
            answer = p.next().control(method, path, body);
        }
        if (answer != null) {
            return answer;
        }
        String[] segments = path.split("/");
        String platformId = segments.length > 1 ? segments[1] : "";
        SandboxPlatform platform = platforms.get(platformId);
        state.received(new Request(method, path, query));
        String auth = headers.getOrDefault("authorization", "");
        Response refused = control.refuse(platformId, platform, method, path, auth, body);
        if (refused != null) {
            return refused;
        }
        Response served = platform == null ? null
                : platform.serve(method, path, query, headers, auth.substring("Bearer ".length()), body);
        return served != null ? served
                : Response.json(404, Map.of("error", "the sandbox does not serve " + method + " " + path));
    }

    /** Successful posts only, oldest first, as JSON-friendly maps. */
    public List<Map<String, Object>> posts() {
        return state.posts();
    }

    /** Care events delivered to the sandbox's event bus, oldest first, as a rule's target receives them. */
    public List<Map<String, Object>> events() {
        return eventBus.events();
    }

    /** Every request to a platform endpoint, reads included, oldest first. */
    public List<Request> requests() {
        return state.requests();
    }

    /** Every call, including refused ones. */
    public List<Call> calls() {
        return List.copyOf(state.calls());
    }
}
