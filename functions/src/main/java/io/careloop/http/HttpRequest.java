package io.careloop.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the domain sees it: method, route, raw body bytes, headers (case-insensitive),
 * query and path parameters, and the caller's verified identity claims (empty for public routes).
 */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        Map<String, String> pathParameters,
        byte[] body,
        Map<String, String> claims) {

    public HttpRequest {
        TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            folded.putAll(headers);
        }
        headers = folded;
        query = query == null ? Map.of() : query;
        pathParameters = pathParameters == null ? Map.of() : pathParameters;
        body = body == null ? new byte[0] : body;
        claims = claims == null ? Map.of() : claims;
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String pathParam(String name) {
        return pathParameters.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
