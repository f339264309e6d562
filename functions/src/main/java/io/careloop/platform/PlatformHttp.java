package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * JSON over HTTP to a platform API, with its error answers turned into {@link PlatformException}s.
 * The token is only ever put in the Authorization header; error messages carry status codes and, for a 403, the
 * platform's stated reason (its problem title and detail), never what careloop sent.
 *
 * <p>Built on {@link HttpURLConnection}, which the JVM already has loaded: {@code java.net.http} would add
 * several hundred classes (and a selector thread) to every cold start that calls a platform.
 */
public final class PlatformHttp {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /** Response headers by lower-case name. */
    public interface Headers {
        List<String> all(String name);

        default java.util.Optional<String> first(String name) {
            List<String> values = all(name);
            return values == null || values.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(values.get(0));
        }
    }

    private final Clock clock;

    public PlatformHttp(Clock clock) {
        this.clock = clock;
    }

    /** The time on this client's clock (when a platform says "retry in N minutes"). */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Sends a request and returns the parsed JSON body of a 2xx answer.
     *
     * @param retryAtOf reads the platform's rate-limit answer: when to try again
     */
    public JsonNode send(String method, String url, String bearerToken, Object body, Map<String, String> headers,
                         Function<Headers, Instant> retryAtOf) {
        HttpURLConnection connection;
        int status;
        Headers responseHeaders;
        String responseBody;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            connection.setRequestMethod(method);
            if (bearerToken != null) { // public lookups (a DID document) carry no credential
                connection.setRequestProperty("Authorization", "Bearer " + bearerToken);
            }
            connection.setRequestProperty("Accept", "application/json");
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            status = connection.getResponseCode();
            Map<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            connection.getHeaderFields().forEach((k, v) -> {
                if (k != null) {
                    folded.put(k, v);
                }
            });
            responseHeaders = folded::get;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                responseBody = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (SocketTimeoutException e) {
            throw new PlatformException(PlatformException.Kind.TRANSIENT, "timed out calling " + host(url), null, false);
        } catch (IOException e) {
            throw new PlatformException(PlatformException.Kind.TRANSIENT,
                    "could not reach " + host(url) + ": " + e.getClass().getSimpleName(), null, false);
        }
        if (status >= 200 && status < 300) {
            try {
                return responseBody.isBlank() ? Json.object() : Json.parse(responseBody);
            } catch (IOException e) {
                return Json.object();
            }
        }
        String what = method + " " + URI.create(url).getPath() + " answered " + status + errorCode(responseBody);
        int graphCode = graphErrorCode(responseBody);
        if (status == 429 || GRAPH_THROTTLED.contains(graphCode)) {
            Instant retryAt = retryAtOf.apply(responseHeaders);
            throw new PlatformException(PlatformException.Kind.RATE_LIMITED, what,
                    retryAt == null ? clock.instant().plusSeconds(60) : retryAt, true);
        }
        if (status == 401 || GRAPH_TOKEN_REFUSED.contains(graphCode)) {
            throw new PlatformException(PlatformException.Kind.AUTH, what, null, true);
        }
        // 403 is "understood, and refused": X's reply rules for pay-per-use apps, a duplicate post, an action the
        // account may not take. Not a revoked token (that is 401): retrying or re-reading the secret cannot help.
        if (status == 403) {
            throw new PlatformException(PlatformException.Kind.REJECTED, what + refusalReason(responseBody), null, true);
        }
        if (status >= 500) {
            // The platform answered: it reports a failure, so nothing was posted.
            throw new PlatformException(PlatformException.Kind.TRANSIENT, what, null, true);
        }
        throw new PlatformException(PlatformException.Kind.REJECTED, what, null, true);
    }

    /**
     * Meta's throttling answers (Graph API rate limits: 4 application, 17 user, 32 Page, 613 custom; business use case
     * limits 80001-80014), which come with HTTP 400 or 403 rather than 429: a retry after the window helps.
     */
    private static final java.util.Set<Integer> GRAPH_THROTTLED = java.util.Set.of(4, 17, 32, 613, 80001, 80002, 80003,
            80004, 80005, 80006, 80008, 80009, 80014);
    /** Meta's "the access token is invalid or expired" (190), which comes with HTTP 400 as often as with 401. */
    private static final java.util.Set<Integer> GRAPH_TOKEN_REFUSED = java.util.Set.of(190);

    /** Meta's numeric {@code error.code}, or -1 for an answer without one (every other platform). */
    static int graphErrorCode(String body) {
        try {
            JsonNode code = Json.parse(body).path("error").path("code");
            return code.isInt() ? code.asInt() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The platform's error code, when its answer has a short one ({@code {"error":"ExpiredToken"}} from an XRPC
     * server, Meta's {@code error.code}): a code, never the message, which may quote what was sent.
     */
    static String errorCode(String body) {
        try {
            JsonNode error = Json.parse(body).path("error");
            String code = error.isTextual() ? error.asText() : error.path("code").asText("");
            return code.matches("[A-Za-z0-9_.]{1,64}") ? " (" + code + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Why a platform refused, from an RFC 7807 problem answer ({@code {"title", "detail", "type"}}, X API v2's error
     * shape): X's refusal of a reply under its pay-per-use rule says so in {@code detail}, and the team must read it on
     * the case. X's details name the rule, not what was sent; still, the text is cut short and kept to one line.
     */
    static String refusalReason(String body) {
        try {
            JsonNode problem = Json.parse(body);
            String title = problem.path("title").asText("");
            String detail = problem.path("detail").asText("");
            if (!problem.isObject() || problem.has("error") || (title.isBlank() && detail.isBlank())) {
                return "";
            }
            String reason = (title + (title.isBlank() || detail.isBlank() ? "" : ": ") + detail)
                    .replaceAll("\\p{Cntrl}", " ").trim();
            return " (" + (reason.length() > 240 ? reason.substring(0, 240) + "…" : reason) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }

    /** Reads an epoch-seconds header such as X's {@code x-rate-limit-reset}. */
    public static Instant epochSecondsHeader(Headers headers, String name) {
        return headers.first(name).map(v -> {
            try {
                return Instant.ofEpochSecond(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
