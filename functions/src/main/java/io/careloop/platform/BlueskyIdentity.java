package io.careloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a Bluesky account lives: the brand's PDS, resolved from its DID (or its handle, first resolved to a DID),
 * as the AT Protocol defines it. A {@code did:plc} document comes from the PLC directory, a {@code did:web} one
 * from {@code https://<host>/.well-known/did.json}; the PDS is the document's service {@code #atproto_pds} of type
 * {@code AtprotoPersonalDataServer}. An account that moves to another PDS keeps its DID, so careloop follows it.
 * Answers are cached for a while: identity changes are rare and every lookup is a call.
 */
public final class BlueskyIdentity {
    /** How long a resolved PDS is trusted before it is looked up again. */
    static final Duration CACHE_FOR = Duration.ofHours(1);

    private record Resolved(String pds, Instant at) {
    }

    private final PlatformHttp http;
    private final String plcUrl;
    private final String handleResolverUrl;
    private final Clock clock;
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    /**
     * @param plcUrl            the PLC directory ({@code https://plc.directory})
     * @param handleResolverUrl a server that answers {@code com.atproto.identity.resolveHandle} for a handle
     */
    public BlueskyIdentity(PlatformHttp http, String plcUrl, String handleResolverUrl, Clock clock) {
        this.http = http;
        this.plcUrl = plcUrl.replaceAll("/+$", "");
        this.handleResolverUrl = handleResolverUrl.replaceAll("/+$", "");
        this.clock = clock;
    }

    /** The PDS base URL of the account named by {@code handleOrDid}. */
    public String pds(String handleOrDid) {
        Resolved known = cache.get(handleOrDid);
        Instant now = clock.instant();
        if (known != null && known.at().plus(CACHE_FOR).isAfter(now)) {
            return known.pds();
        }
        String did = handleOrDid.startsWith("did:") ? handleOrDid : did(handleOrDid);
        String pds = pdsOf(didDocument(did));
        cache.put(handleOrDid, new Resolved(pds, now));
        return pds;
    }

    /** Forgets what was resolved for this account: the next call looks it up again (the PDS may have moved). */
    public void forget(String handleOrDid) {
        cache.remove(handleOrDid);
    }

    private String did(String handle) {
        JsonNode answer = http.send("GET", handleResolverUrl + "/xrpc/com.atproto.identity.resolveHandle?handle="
                + URLEncoder.encode(handle, StandardCharsets.UTF_8), null, null, Map.of(), BlueskySession.retryAt());
        String did = answer.path("did").asText("");
        if (!did.startsWith("did:")) {
            throw new PlatformException(PlatformException.Kind.REJECTED, "the Bluesky handle " + handle
                    + " did not resolve to a DID", null, true);
        }
        return did;
    }

    private JsonNode didDocument(String did) {
        if (did.startsWith("did:plc:")) {
            return http.send("GET", plcUrl + "/" + URLEncoder.encode(did, StandardCharsets.UTF_8), null, null, Map.of(),
                    h -> null);
        }
        if (did.startsWith("did:web:")) {
            String host = did.substring("did:web:".length()).replace("%3A", ":");
            return http.send("GET", "https://" + host + "/.well-known/did.json", null, null, Map.of(), h -> null);
        }
        throw new PlatformException(PlatformException.Kind.REJECTED, "unsupported DID method: " + did, null, true);
    }

    /** The {@code #atproto_pds} service endpoint of a DID document. */
    static String pdsOf(JsonNode document) {
        for (JsonNode service : document.path("service")) {
            String id = service.path("id").asText("");
            if ((id.equals("#atproto_pds") || id.endsWith("#atproto_pds"))
                    && "AtprotoPersonalDataServer".equals(service.path("type").asText())) {
                String endpoint = service.path("serviceEndpoint").asText("");
                // An app password only ever travels over TLS; plain http is for a PDS on this machine (the sandbox).
                if (endpoint.startsWith("https://") || endpoint.matches("http://(localhost|127\\.0\\.0\\.1)(:\\d+)?(/.*)?")) {
                    return endpoint.replaceAll("/+$", "");
                }
            }
        }
        throw new PlatformException(PlatformException.Kind.REJECTED, "the DID document names no PDS (#atproto_pds)",
                null, true);
    }
}
