package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON over HTTP to a platform API, with its error answers turned into {@link PlatformException}s.
 * The token is only ever put in the Authorization header; error messages carry status codes, not bodies.
 */
public final class PlatformHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Clock clock;

    public PlatformHttp(HttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Sends a request and returns the parsed JSON body of a 2xx answer.
     *
     * @param retryAtOf reads the platform's rate-limit answer: when to try again
     */
    public JsonNode send(String method, String url, String bearerToken, Object body, Map<String, String> headers,
                         Function<HttpResponse<String>, Instant> retryAtOf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new PlatformException(PlatformException.Kind.TRANSIENT, "timed out calling " + host(url), null, false);
        } catch (IOException e) {
            throw new PlatformException(PlatformException.Kind.TRANSIENT,
                    "could not reach " + host(url) + ": " + e.getClass().getSimpleName(), null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(PlatformException.Kind.TRANSIENT, "interrupted", null, false);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return response.body() == null || response.body().isBlank() ? Json.object() : Json.parse(response.body());
            } catch (IOException e) {
                return Json.object();
            }
        }
        String what = method + " " + URI.create(url).getPath() + " answered " + status;
        if (status == 429) {
            Instant retryAt = retryAtOf.apply(response);
            return throwing(new PlatformException(PlatformException.Kind.RATE_LIMITED, what,
                    retryAt == null ? clock.instant().plusSeconds(60) : retryAt, true));
        }
        if (status == 401 || status == 403) {
            return throwing(new PlatformException(PlatformException.Kind.AUTH, what, null, true));
        }
        if (status >= 500) {
            return throwing(new PlatformException(PlatformException.Kind.TRANSIENT, what, null, false));
        }
        return throwing(new PlatformException(PlatformException.Kind.REJECTED, what, null, true));
    }

    private static JsonNode throwing(PlatformException e) {
        throw e;
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }

    /** Reads an epoch-seconds header such as X's {@code x-rate-limit-reset}. */
    public static Instant epochSecondsHeader(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).map(v -> {
            try {
                return Instant.ofEpochSecond(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
