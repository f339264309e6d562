package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;

/**
 * A session with the brand's Bluesky PDS: {@code com.atproto.server.createSession} with the account's handle and
 * an app password gives an access token (and the account's DID); careloop keeps it for the life of the execution
 * environment and signs in again when the PDS says it has expired ({@code ExpiredToken}) or is refused (401).
 * The app password is only ever in the sign-in request body; errors name the call, never the body.
 */
public final class BlueskySession {
    private final PlatformHttp http;
    private final String baseUrl;
    private final String identifier;
    private final String appPassword;
    private volatile String accessJwt;
    private volatile String did;

    public BlueskySession(PlatformHttp http, String baseUrl, String identifier, String appPassword) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.identifier = identifier;
        this.appPassword = appPassword;
    }

    /** The brand account's DID (signs in first if needed). */
    public String did() {
        if (did == null) {
            signIn();
        }
        return did;
    }

    /** Calls an XRPC method with the session's token, signing in again once if the token has run out. */
    public JsonNode call(String method, String nsid, String query, Object body) {
        if (accessJwt == null) {
            signIn();
        }
        try {
            return send(method, nsid, query, body);
        } catch (PlatformException e) {
            if (e.kind() != PlatformException.Kind.AUTH && !e.getMessage().contains("(ExpiredToken)")) {
                throw e;
            }
            signIn();
            return send(method, nsid, query, body);
        }
    }

    private JsonNode send(String method, String nsid, String query, Object body) {
        String url = baseUrl + "/xrpc/" + nsid + (query == null ? "" : "?" + query);
        return http.send(method, url, accessJwt, body, Map.of(), retryAt());
    }

    private synchronized void signIn() {
        // createSession takes no bearer token; PlatformHttp sends the header anyway, so send a placeholder.
        JsonNode session = http.send("POST", baseUrl + "/xrpc/com.atproto.server.createSession", "none",
                Map.of("identifier", identifier, "password", appPassword), Map.of(), retryAt());
        accessJwt = session.path("accessJwt").asText(null);
        did = session.path("did").asText(null);
        if (accessJwt == null || did == null) {
            throw new PlatformException(PlatformException.Kind.AUTH, "Bluesky sign-in answered without a session", null, true);
        }
    }

    /** Bluesky's rate-limit answer: {@code ratelimit-reset} in epoch seconds. */
    static Function<PlatformHttp.Headers, java.time.Instant> retryAt() {
        return headers -> PlatformHttp.epochSecondsHeader(headers, "ratelimit-reset");
    }
}
