package io.careloop.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.core.Author;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Requests to the agents' API as API Gateway hands them over: the route in the path, the JWT's claims beside it. */
final class ApiCalls {
    static final String ANA = "Ana Kim";
    static final String BO = "Bo Lee";

    private ApiCalls() {
    }

    /** The claims of a verified token: the caller's name and a Cognito group, flattened as API Gateway does. */
    static Map<String, String> caller(String name, Role role) {
        return Map.of("sub", "sub-" + name.hashCode(), "name", name, "cognito:groups", "[" + role.id() + "]");
    }

    static Map<String, String> agent(String name) {
        return caller(name, Role.AGENT);
    }

    static HttpRequest post(String path, String json, Map<String, String> claims) {
        return new HttpRequest("POST", path, Map.of("content-type", "application/json"), Map.of(), Map.of(),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), claims);
    }

    static HttpRequest get(String path, Map<String, String> query, Map<String, String> claims) {
        return new HttpRequest("GET", path, Map.of(), query, Map.of(), null, claims);
    }

    static JsonNode json(HttpResponse response) {
        try {
            return Json.parse(response.body());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String error(HttpResponse response) {
        return json(response).path("error").asText();
    }

    /** A public X case opened at 09:00 on the day the tests run, P2 (one-hour deadline), unassigned. */
    static Case aCase(String id, CaseStatus status) {
        Instant opened = Instant.parse("2026-11-23T09:00:00Z");
        return new Case(id, status, Priority.P2, Platform.X, new Author("42", "dana_k", "Dana Kim", 10, false),
                "t-" + id, "m-" + id, "My widget stopped charging", null, "support", "widget", opened,
                opened.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0);
    }
}
