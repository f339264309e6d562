package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Call;
import io.careloop.local.sandbox.PlatformSandbox.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What every platform of the sandbox shares: the clock, the record of calls and requests, and the ids it hands out. */
final class SandboxState {
    final Clock clock;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1_900_000_000_000_000_000L);

    SandboxState(Clock clock) {
        this.clock = clock;
    }

    /** Records a call the platform served and answers the id of what it created. */
    String record(String platform, String method, String path, JsonNode body, String idempotencyKey, int status) {
        String id = Long.toString(ids.incrementAndGet());
        calls.add(new Call(clock.instant(), platform, method, path, body, idempotencyKey, id, status));
        return id;
    }

    /** Records a call the sandbox refused (a wrong token, an armed fault). */
    void refused(String platform, String method, String path, JsonNode body, int status) {
        calls.add(new Call(clock.instant(), platform, method, path, body, null, null, status));
    }

    void received(Request request) {
        requests.add(request);
    }

    void clearCalls() {
        calls.clear();
    }

    /** Every call so far, oldest first (a live view: platforms read their own posts back from it). */
    List<Call> calls() {
        return Collections.unmodifiableList(calls);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every call, served or refused, oldest first, as JSON-friendly maps with the status answered. */
    List<Map<String, Object>> allCalls() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Call c : calls) {
            Map<String, Object> p = asMap(c);
            p.put("status", c.status());
            all.add(p);
        }
        return all;
    }

    /** Successful posts only, oldest first, as JSON-friendly maps. */
    List<Map<String, Object>> posts() {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (Call c : calls) {
            if (c.status() < 300) {
                posts.add(asMap(c));
            }
        }
        return posts;
    }

    private static Map<String, Object> asMap(Call c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("at", c.at().toString());
        p.put("platform", c.platform());
        p.put("method", c.method());
        p.put("path", c.path());
        p.put("id", c.responseId());
        p.put("body", c.body());
        if (c.idempotencyKey() != null) {
            p.put("idempotencyKey", c.idempotencyKey());
        }
        return p;
    }

    /** Calls the sandbox refused (as the platform would, or by an armed fault or token check), oldest first. */
    List<Map<String, Object>> refusedCalls() {
        List<Map<String, Object>> refused = new ArrayList<>();
        for (Call c : calls) {
            if (c.status() >= 300) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("at", c.at().toString());
                r.put("platform", c.platform());
                r.put("method", c.method());
                r.put("path", c.path());
                r.put("status", c.status());
                r.put("body", c.body());
                refused.add(r);
            }
        }
        return refused;
    }

    /** The request's JSON; an empty object for no body, {@code {"unparseable": true}} for one that is not JSON. */
    static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? Json.object() : Json.parse(body);
        } catch (Exception e) {
            ObjectNode invalid = Json.object();
            invalid.put("unparseable", true);
            return invalid;
        }
    }

    /** A query parameter, decoded, or null. */
    static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
