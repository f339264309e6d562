package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.testing.InMemorySessionVault;
import io.careloop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The brand's Bluesky session across a fleet: each {@link BlueskySession} here stands for one Lambda execution
 * environment, all sharing one vault (the table) and one PDS.
 */
class BlueskySessionTest {
    private static final int INSTANCES = 24;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
    private final InMemorySessionVault vault = new InMemorySessionVault();
    private FakePds pds;

    @BeforeEach
    void start() throws Exception {
        pds = new FakePds(clock);
    }

    @AfterEach
    void stop() {
        pds.close();
    }

    private BlueskySession instance(String password) {
        return new BlueskySession(new PlatformHttp(clock), pds::url, "acme.example", password, vault, clock);
    }

    private static void callOnce(BlueskySession s) {
        s.call("GET", "app.bsky.actor.getPreferences", null, null);
    }

    /** Every instance makes a call at the same moment; returns how many succeeded. */
    private int allAtOnce(List<BlueskySession> fleet) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(fleet.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (BlueskySession s : fleet) {
                Callable<Boolean> call = () -> {
                    go.await();
                    return s.call("GET", "app.bsky.actor.getPreferences", null, null).has("preferences");
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            int ok = 0;
            for (Future<Boolean> f : results) {
                ok += f.get() ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aScaleOutOfManyInstancesCreatesOneSessionAndRefreshesItOncePerWindow() throws Exception {
        List<BlueskySession> fleet = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            fleet.add(instance("app-password-1"));
        }

        assertThat(allAtOnce(fleet)).isEqualTo(INSTANCES);
        assertThat(pds.createSessions.get()).as("one sign-in for the whole fleet").isEqualTo(1);
        assertThat(pds.refreshSessions.get()).isZero();

        // Within the access token's life, every further call reuses it.
        clock.advance(Duration.ofMinutes(90));
        assertThat(allAtOnce(fleet)).isEqualTo(INSTANCES);
        assertThat(pds.createSessions.get()).isEqualTo(1);
        assertThat(pds.refreshSessions.get()).isZero();

        // The access token runs out: one instance refreshes, the others take the refreshed session.
        clock.advance(Duration.ofMinutes(40));
        assertThat(allAtOnce(fleet)).isEqualTo(INSTANCES);
        assertThat(pds.refreshSessions.get()).as("one refresh per window").isEqualTo(1);
        assertThat(pds.createSessions.get()).as("refreshJwt, not another sign-in").isEqualTo(1);

        // And the next window again.
        clock.advance(Duration.ofHours(2));
        assertThat(allAtOnce(fleet)).isEqualTo(INSTANCES);
        assertThat(pds.refreshSessions.get()).isEqualTo(2);
        assertThat(pds.createSessions.get()).isEqualTo(1);
    }

    @Test
    void aNewInstanceReusesTheStoredSessionInsteadOfSigningIn() {
        callOnce(instance("app-password-1"));

        BlueskySession coldStart = instance("app-password-1");
        callOnce(coldStart);

        assertThat(pds.createSessions.get()).isEqualTo(1);
        assertThat(coldStart.did()).isEqualTo(FakePds.DID);
    }

    @Test
    void aTokenAboutToLapseIsRefreshedBeforeTheCallLeaves() {
        BlueskySession s = instance("app-password-1");
        callOnce(s);
        clock.advance(Duration.ofMinutes(119)); // within RENEW_EARLY of its exp

        callOnce(s);

        assertThat(pds.refreshSessions.get()).isEqualTo(1);
        assertThat(pds.createSessions.get()).isEqualTo(1);
    }

    @Test
    void aTokenThePdsCallsExpiredIsRenewedAndTheCallGoesThrough() {
        BlueskySession s = instance("app-password-1");
        callOnce(s);
        // The PDS's clock is ahead: careloop thinks the token good, the PDS answers ExpiredToken.
        pds.clockAhead = Duration.ofHours(3);

        callOnce(s);

        assertThat(pds.refreshSessions.get()).isEqualTo(1);
        assertThat(pds.calls.get()).as("the refused call and its retry").isEqualTo(3);
    }

    @Test
    void aRefusedRefreshTokenFallsBackToOneSignIn() {
        BlueskySession s = instance("app-password-1");
        callOnce(s);
        clock.advance(Duration.ofHours(3));
        pds.revokeRefreshTokens(); // refreshSession now answers ExpiredToken

        callOnce(s);

        assertThat(pds.refreshSessions.get()).isEqualTo(1);
        assertThat(pds.createSessions.get()).as("signed in again once the refresh was refused").isEqualTo(2);
    }

    @Test
    void aRefusedSignInIsRememberedByTheFleetSoAWrongPasswordCannotLockTheAccountOut() {
        for (int i = 0; i < 10; i++) {
            BlueskySession s = instance("a-wrong-password");
            PlatformException e = catchThrowableOfType(PlatformException.class, () -> callOnce(s));
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.AUTH);
            assertThat(e.getMessage()).doesNotContain("a-wrong-password");
        }
        assertThat(pds.createSessions.get()).as("one refused sign-in, not one per instance").isEqualTo(1);

        // The password is rotated in the secret: a session under the new one signs in at once.
        callOnce(instance("app-password-1"));
        assertThat(pds.createSessions.get()).isEqualTo(2);
    }

    @Test
    void afterTheBackOffASignInIsTriedAgain() {
        catchThrowableOfType(PlatformException.class, () -> callOnce(instance("a-wrong-password")));
        pds.password = "a-wrong-password"; // the account's password was what careloop had after all (fixed upstream)
        catchThrowableOfType(PlatformException.class, () -> callOnce(instance("a-wrong-password")));
        assertThat(pds.createSessions.get()).isEqualTo(1);

        clock.advance(BlueskySession.SIGN_IN_BACKOFF.plusMinutes(1));
        callOnce(instance("a-wrong-password"));

        assertThat(pds.createSessions.get()).isEqualTo(2);
    }

    @Test
    void theStoredSessionIsSealedNoTokenOrPasswordIsReadableInTheTable() {
        BlueskySession s = instance("app-password-1");
        callOnce(s);
        clock.advance(Duration.ofHours(3));
        callOnce(s);

        String table = vault.dump();
        assertThat(pds.issued).hasSizeGreaterThanOrEqualTo(4);
        for (String token : pds.issued) {
            assertThat(table).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
        }
        assertThat(table).doesNotContain("app-password-1").doesNotContain(FakePds.DID);
    }
}
