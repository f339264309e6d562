package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.careloop.core.Json;
import io.careloop.platform.BlueskyIdentity;
import io.careloop.platform.BlueskySession;
import io.careloop.platform.PlatformHttp;
import io.careloop.store.SessionVault;
import io.careloop.store.dynamo.DynamoStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The brand's Bluesky session when Lambda scales out: many execution environments, each with its own clients, share
 * one session through the table (DynamoDB Local, real conditional writes) and renew it through the sandbox's PDS.
 */
class BlueskySessionFleetTest {
    private static final int ENVIRONMENTS = 16;
    private static final String BRAND_DID = "did:plc:acmehelp0000000000000001";

    @RegisterExtension
    final TestStack stack = TestStack.perTest();

    private String pds() {
        return stack.runtime.baseUrl() + "/sandbox/bluesky";
    }

    /** One execution environment: its own DynamoDB adapter and HTTP client, the table shared. */
    private BlueskySession environment() {
        SessionVault vault = new DynamoStore(stack.runtime.dynamo(), stack.runtime.environment("ReplyFunction").get("TABLE_NAME"),
                stack.clock).sessionVault();
        return new BlueskySession(new PlatformHttp(stack.clock), this::pds, "fleet.example", "fleet-app-password", vault,
                stack.clock);
    }

    private Map<String, Integer> sessions() {
        try {
            return Json.mapper().readValue(stack.send("GET", "/sandbox/bluesky/sessions", null, Map.of()).body(),
                    new TypeReference<Map<String, Integer>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int allAtOnce(List<BlueskySession> fleet) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(fleet.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (BlueskySession s : fleet) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return s.call("GET", "app.bsky.notification.listNotifications", "limit=50", null).has("notifications");
                }));
            }
            go.countDown();
            int ok = 0;
            for (Future<Boolean> a : answers) {
                ok += a.get() ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenEnvironmentsStartingTogetherSignInOnceAndRefreshOncePerAccessTokenLifetime() throws Exception {
        int before = sessions().get("created");
        List<BlueskySession> fleet = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            fleet.add(environment());
        }

        assertThat(allAtOnce(fleet)).isEqualTo(ENVIRONMENTS);
        assertThat(sessions().get("created") - before).as("createSession for the whole fleet").isEqualTo(1);

        stack.clock.advance(Duration.ofMinutes(100)); // the sandbox's access tokens last 2 hours
        assertThat(allAtOnce(fleet)).isEqualTo(ENVIRONMENTS);
        assertThat(sessions().get("refreshed")).isZero();

        stack.clock.advance(Duration.ofMinutes(30));
        assertThat(allAtOnce(fleet)).isEqualTo(ENVIRONMENTS);
        assertThat(sessions().get("refreshed")).as("refreshSession once in the new window").isEqualTo(1);

        // A cold start later on: the stored session serves it.
        assertThat(allAtOnce(List.of(environment(), environment()))).isEqualTo(2);
        assertThat(sessions().get("created") - before).isEqualTo(1);
        assertThat(sessions().get("refreshed")).isEqualTo(1);
    }

    @Test
    void theStoredItemHoldsNoReadableToken() {
        environment().call("GET", "app.bsky.notification.listNotifications", null, null);

        String items = stack.runtime.dynamo().scan(r -> r.tableName(stack.runtime.environment("ReplyFunction").get("TABLE_NAME")))
                .items().toString();
        assertThat(items).contains("SESSION#bluesky#fleet.example").doesNotContain("fleet-app-password")
                .doesNotContain(BRAND_DID).doesNotContain("eyJ"); // a JWT's base64 header starts eyJ
    }

    @Test
    void thePdsIsResolvedFromTheAccountsDidDocumentAndCached() {
        stack.send("POST", "/sandbox/bluesky/identity", Json.write(Map.of("did", BRAND_DID, "handle", "acme.example",
                "pds", pds())), Map.of());
        BlueskyIdentity identity = new BlueskyIdentity(new PlatformHttp(stack.clock), pds() + "/plc", pds(), stack.clock);

        assertThat(identity.pds(BRAND_DID)).isEqualTo(pds());
        BlueskySession session = new BlueskySession(new PlatformHttp(stack.clock), () -> identity.pds(BRAND_DID),
                "resolved.example", "resolved-app-password", null, stack.clock);
        assertThat(session.did()).isEqualTo(BRAND_DID);
        assertThat(session.pds()).isEqualTo(pds());

        // The account moves: the cached answer holds for a while, then the new PDS is found.
        stack.send("POST", "/sandbox/bluesky/identity", Json.write(Map.of("did", BRAND_DID, "pds", "https://pds.example.net")),
                Map.of());
        assertThat(identity.pds(BRAND_DID)).isEqualTo(pds());
        stack.clock.advance(Duration.ofMinutes(61));
        assertThat(identity.pds(BRAND_DID)).isEqualTo("https://pds.example.net");
    }
}
