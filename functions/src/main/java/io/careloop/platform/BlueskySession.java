package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import io.careloop.observe.Log;
import io.careloop.store.SessionVault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The brand's session with its Bluesky PDS, shared by every instance of every function.
 *
 * <p>{@code com.atproto.server.createSession} is limited to 30 per 5 minutes and 300 per day per account, so a
 * scale-out that signs in once per execution environment can lock the brand out. Instead: the session (access and
 * refresh tokens) is kept in the {@link SessionVault}, sealed with a key derived from the app password; an instance
 * uses the stored access token while it is valid; when it runs out, one instance, holding the vault's lease,
 * renews it with {@code com.atproto.server.refreshSession} and writes the new tokens back, while the others wait
 * for them. {@code createSession} is called only when there is no session or the refresh token is refused. A
 * refused or throttled sign-in is remembered, so the fleet does not keep trying a wrong password into a lockout.
 *
 * <p>Tokens and the app password are only ever in request headers and bodies and in the sealed value: never in a
 * log line or an exception message, which carry call names and error codes.
 */
public final class BlueskySession {
    /** The chat service, through the PDS: Bluesky's DMs ({@code chat.bsky.*}) are proxied with this header. */
    public static final Map<String, String> CHAT_PROXY = Map.of("atproto-proxy", "did:web:api.bsky.chat#bsky_chat");
    /** Renew this long before the access token's {@code exp}: a call must not leave with a token about to lapse. */
    static final Duration RENEW_EARLY = Duration.ofMinutes(2);
    /** When a token's expiry cannot be read, trust it this long (a PDS's access tokens last longer). */
    static final Duration ASSUMED_ACCESS = Duration.ofMinutes(15);
    static final Duration ASSUMED_REFRESH = Duration.ofDays(30);
    /** How long a renewal may hold the lease: longer than two calls with their timeouts. */
    static final Duration LEASE = Duration.ofSeconds(40);
    /** How long an instance waits for another one's renewal before giving up for now (a retry comes later). */
    static final Duration WAIT_FOR_RENEWAL = Duration.ofSeconds(12);
    /** After the PDS refused careloop's sign-in, no instance tries again before this (unless the password changes). */
    static final Duration SIGN_IN_BACKOFF = Duration.ofMinutes(15);
    private static final long POLL_MILLIS = 100;
    private static final Log LOG = Log.of(BlueskySession.class);

    /** The session as sealed in the vault. {@code refusedUntil}: a refused sign-in, remembered by the fleet. */
    record Tokens(String access, String refresh, String did, String pds, Instant accessExpires, Instant refreshExpires,
                  Instant refusedUntil) {
        boolean usable(Instant now) {
            return access != null && accessExpires.minus(RENEW_EARLY).isAfter(now);
        }
    }

    private final PlatformHttp http;
    private final Supplier<String> pdsLocator;
    private final String identifier;
    private final String appPassword;
    private final SessionVault vault;
    private final Clock clock;
    private final String vaultKey;
    private final SessionSeal seal;
    private final String owner = UUID.randomUUID().toString();
    private volatile Tokens current;

    /** A session kept by this instance alone (tests and tools; functions share theirs through a vault). */
    public BlueskySession(PlatformHttp http, String pdsUrl, String identifier, String appPassword) {
        this(http, () -> pdsUrl, identifier, appPassword, null, Clock.systemUTC());
    }

    /**
     * @param pdsLocator the account's PDS base URL: fixed, or resolved from its DID or handle ({@link BlueskyIdentity})
     * @param identifier the account's handle (or DID), as createSession takes it
     * @param vault      where the fleet shares the session; null to keep it in this instance only
     */
    public BlueskySession(PlatformHttp http, Supplier<String> pdsLocator, String identifier, String appPassword,
                          SessionVault vault, Clock clock) {
        this.http = http;
        this.pdsLocator = pdsLocator;
        this.identifier = identifier;
        this.appPassword = appPassword;
        this.vault = vault;
        this.clock = clock;
        this.vaultKey = "bluesky#" + identifier;
        this.seal = new SessionSeal(appPassword, vaultKey);
    }

    /** The brand account's DID (finds or makes a session first if needed). */
    public String did() {
        return tokens().did();
    }

    /** The PDS this session talks to. */
    public String pds() {
        return tokens().pds();
    }

    /** Calls an XRPC method with the session's token. */
    public JsonNode call(String method, String nsid, String query, Object body) {
        return call(method, nsid, query, body, Map.of());
    }

    /**
     * Calls an XRPC method with the session's token (and extra headers, such as {@link #CHAT_PROXY}); when the PDS
     * says the token has expired, renews the session and tries once more.
     */
    public JsonNode call(String method, String nsid, String query, Object body, Map<String, String> headers) {
        Tokens used = tokens();
        try {
            return send(used, method, nsid, query, body, headers);
        } catch (PlatformException e) {
            if (!expired(e)) {
                throw e;
            }
            return send(renew(used), method, nsid, query, body, headers);
        }
    }

    private static boolean expired(PlatformException e) {
        return e.kind() == PlatformException.Kind.AUTH || e.getMessage().contains("(ExpiredToken)");
    }

    private JsonNode send(Tokens t, String method, String nsid, String query, Object body, Map<String, String> headers) {
        String url = t.pds() + "/xrpc/" + nsid + (query == null ? "" : "?" + query);
        return http.send(method, url, t.access(), body, headers, retryAt());
    }

    private Tokens tokens() {
        Tokens t = current;
        return t != null && t.usable(clock.instant()) ? t : renew(t);
    }

    /**
     * A usable session that is not {@code stale}: another instance's fresh one from the vault, or one this instance
     * renews while it holds the vault's lease. Waits a little for another instance's renewal, then gives up for now
     * (the caller's work is retried later): never a second sign-in beside one already under way.
     */
    private synchronized Tokens renew(Tokens stale) {
        Tokens mine = current;
        if (mine != null && mine != stale && mine.usable(clock.instant())) {
            return mine; // another thread of this instance renewed it meanwhile
        }
        if (vault == null) {
            current = renewHolding(stale == null ? null : stale);
            return current;
        }
        long deadline = System.nanoTime() + WAIT_FOR_RENEWAL.toNanos();
        while (true) {
            Instant now = clock.instant();
            Tokens stored = storedTokens();
            if (stored != null && stored.refusedUntil() != null && stored.refusedUntil().isAfter(now)) {
                throw new PlatformException(PlatformException.Kind.AUTH, "Bluesky refused careloop's sign-in recently; "
                        + "not trying again before " + stored.refusedUntil(), null, true);
            }
            if (stored != null && stored.usable(now) && !sameAccess(stored, stale)) {
                current = stored;
                return stored;
            }
            if (vault.lease(vaultKey, owner, now, LEASE)) {
                boolean written = false;
                try {
                    // Read again under the lease: a renewal may have finished between the read and the lease.
                    Tokens latest = storedTokens();
                    if (latest != null && latest.usable(now) && !sameAccess(latest, stale)) {
                        current = latest;
                        return latest;
                    }
                    Tokens next = renewHolding(latest != null ? latest : stale);
                    written = vault.write(vaultKey, owner, seal.seal(Json.write(toJson(next))), next.refreshExpires());
                    current = next;
                    return next;
                } finally {
                    if (!written) {
                        vault.release(vaultKey, owner);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new PlatformException(PlatformException.Kind.TRANSIENT,
                        "another instance is renewing the Bluesky session; try again shortly", null, true);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(PlatformException.Kind.TRANSIENT, "interrupted waiting for the Bluesky session",
                        null, true);
            }
        }
    }

    private static boolean sameAccess(Tokens a, Tokens b) {
        return b != null && a.access() != null && a.access().equals(b.access());
    }

    /** Refreshes {@code last} if it has a live refresh token, else signs in. Called only by the lease holder. */
    private Tokens renewHolding(Tokens last) {
        Instant now = clock.instant();
        if (last != null && last.refresh() != null && last.refreshExpires().isAfter(now)) {
            try {
                JsonNode answer = http.send("POST", last.pds() + "/xrpc/com.atproto.server.refreshSession", last.refresh(),
                        null, Map.of(), retryAt());
                LOG.info("Bluesky session refreshed", "account", identifier);
                return fromAnswer(answer, last.pds());
            } catch (PlatformException e) {
                boolean refused = e.kind() == PlatformException.Kind.AUTH || e.getMessage().contains("(ExpiredToken)")
                        || e.getMessage().contains("(InvalidToken)");
                if (!refused) {
                    throw e; // a throttle or an outage: the refresh token may still be good, keep it
                }
                LOG.warn("Bluesky refused the refresh token; signing in again", "account", identifier, "reason", e.getMessage());
            }
        }
        return signIn();
    }

    private Tokens signIn() {
        String pds = pdsLocator.get();
        JsonNode answer;
        try {
            answer = http.send("POST", pds + "/xrpc/com.atproto.server.createSession", null,
                    Map.of("identifier", identifier, "password", appPassword), Map.of(), retryAt());
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.AUTH || e.kind() == PlatformException.Kind.RATE_LIMITED) {
                rememberRefusal(e);
            }
            throw e;
        }
        LOG.info("Bluesky session created", "account", identifier);
        String moved = pds;
        try {
            if (answer.has("didDoc")) {
                moved = BlueskyIdentity.pdsOf(answer.get("didDoc")); // the account's own PDS, behind an entryway
            }
        } catch (PlatformException e) {
            moved = pds;
        }
        return fromAnswer(answer, moved);
    }

    /** Writes the refusal for the whole fleet: nobody signs in again before it lapses. */
    private void rememberRefusal(PlatformException e) {
        Instant until = e.kind() == PlatformException.Kind.RATE_LIMITED && e.retryAt() != null
                ? e.retryAt() : clock.instant().plus(SIGN_IN_BACKOFF);
        LOG.error("Bluesky refused careloop's sign-in; no instance tries again before " + until, null,
                "account", identifier, "reason", e.getMessage());
        if (vault != null) {
            Tokens refused = new Tokens(null, null, null, null, clock.instant(), until, until);
            vault.write(vaultKey, owner, seal.seal(Json.write(toJson(refused))), until.plus(Duration.ofMinutes(1)));
        }
    }

    private Tokens fromAnswer(JsonNode answer, String pds) {
        String access = answer.path("accessJwt").asText(null);
        String refresh = answer.path("refreshJwt").asText(null);
        String did = answer.path("did").asText(null);
        if (access == null || refresh == null || did == null) {
            throw new PlatformException(PlatformException.Kind.AUTH, "Bluesky answered without a session", null, true);
        }
        Instant now = clock.instant();
        return new Tokens(access, refresh, did, pds, expiry(access).orElse(now.plus(ASSUMED_ACCESS)),
                expiry(refresh).orElse(now.plus(ASSUMED_REFRESH)), null);
    }

    private Tokens storedTokens() {
        return vault.read(vaultKey).map(SessionVault.Entry::sealed).flatMap(s -> s == null ? Optional.empty() : seal.open(s))
                .flatMap(BlueskySession::fromJson).orElse(null);
    }

    private static ObjectNode toJson(Tokens t) {
        ObjectNode o = Json.object();
        o.put("access", t.access());
        o.put("refresh", t.refresh());
        o.put("did", t.did());
        o.put("pds", t.pds());
        o.put("accessExpires", t.accessExpires().toString());
        o.put("refreshExpires", t.refreshExpires().toString());
        if (t.refusedUntil() != null) {
            o.put("refusedUntil", t.refusedUntil().toString());
        }
        return o;
    }

    private static Optional<Tokens> fromJson(String json) {
        try {
            JsonNode o = Json.parse(json);
            return Optional.of(new Tokens(o.path("access").asText(null), o.path("refresh").asText(null),
                    o.path("did").asText(null), o.path("pds").asText(null), Instant.parse(o.path("accessExpires").asText()),
                    Instant.parse(o.path("refreshExpires").asText()),
                    o.hasNonNull("refusedUntil") ? Instant.parse(o.path("refusedUntil").asText()) : null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A JWT's {@code exp} (its payload is readable; careloop does not need to verify the PDS's signature). */
    static Optional<Instant> expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode payload = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return payload.path("exp").isNumber() ? Optional.of(Instant.ofEpochSecond(payload.path("exp").asLong()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Bluesky's rate-limit answer: {@code ratelimit-reset} in epoch seconds. */
    static Function<PlatformHttp.Headers, Instant> retryAt() {
        return headers -> PlatformHttp.epochSecondsHeader(headers, "ratelimit-reset");
    }
}
