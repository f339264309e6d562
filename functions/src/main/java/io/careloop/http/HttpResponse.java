package io.careloop.http;

import io.careloop.core.Json;
import java.util.Map;

/** An HTTP response as the domain produces it. Errors always carry a JSON reason. */
public record HttpResponse(int status, Map<String, String> headers, String body) {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    public static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, JSON, Json.write(body));
    }

    public static HttpResponse text(int status, String body) {
        return new HttpResponse(status, Map.of("content-type", "text/plain; charset=utf-8"), body);
    }

    public static HttpResponse error(int status, String reason) {
        return json(status, Map.of("error", reason));
    }
}
