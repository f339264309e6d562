package io.careloop.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Facebook/Instagram Graph API as careloop calls it: {@code POST /sandbox/facebook/{id}/comments|replies|messages|feed},
 * and hiding a comment with {@code POST /sandbox/facebook/{id}?is_hidden=true} or {@code ?hide=true}.
 */
final class MetaSandbox extends SandboxPlatform {
    private static final Pattern OBJECT = Pattern.compile("/facebook/([^/]+)");
    private static final Pattern EDGE = Pattern.compile("/facebook/([^/]+)/(comments|replies|messages|feed)");


    MetaSandbox(SandboxState state) {
        super("facebook", state);
    }

    @Override
    Response serve(String method, String path, String query, Map<String, String> headers, String token,
                   JsonNode body) {
        if (method.equals("POST") && OBJECT.matcher(path).matches() && query != null
                && (query.contains("is_hidden=true") || query.contains("hide=true"))) {
            state.record("facebook", method, path + "?" + query, body, null, 200);
            return Response.json(200, Map.of("success", true));
        }
        Matcher edge = EDGE.matcher(path);
        if (method.equals("POST") && edge.matches()) {
            String id = state.record("facebook", method, path, body, null, 200);
            return edge.group(2).equals("messages")
                    ? Response.json(200, Map.of("recipient_id", "customer", "message_id", "m_" + id))
                    : Response.json(200, Map.of("id", edge.group(1) + "_" + id));
        }
        return null;
    }

    /** Graph answers a spent rate limit (and other failures) with its own error object, code 4. */
    @Override
    String errorBody(int status) {
        return Json.write(Map.of("error", Map.of("message", "Application request limit reached", "code", 4)));
    }
}
