package io.careloop.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A platform session that every instance of every function shares, so a fleet of Lambda environments signs in
 * once, not once each (Bluesky allows 30 sign-ins per 5 minutes and 300 a day per account). The store keeps an
 * opaque, already encrypted value; renewing it is guarded by a lease so that only one instance renews at a time.
 */
public interface SessionVault {

    /**
     * What is stored under a key.
     *
     * @param sealed     the encrypted session, or null while none was written yet
     * @param version    incremented by every write: tells a reader whether the session changed
     * @param leaseOwner the instance renewing the session now, or null
     * @param leaseUntil when that lease lapses, or null
     */
    record Entry(String sealed, long version, String leaseOwner, Instant leaseUntil) {
    }

    Optional<Entry> read(String key);

    /**
     * Takes the renewal lease when nobody holds it or the holder's lease has lapsed.
     *
     * @return true when {@code owner} now holds the lease
     */
    boolean lease(String key, String owner, Instant now, Duration length);

    /**
     * Writes the sealed session and releases the lease, only while {@code owner} still holds it.
     *
     * @param expiresAt when the stored value is of no more use (the store may forget it then)
     * @return false when the lease was lost meanwhile (the value was not written)
     */
    boolean write(String key, String owner, String sealed, Instant expiresAt);

    /** Gives the lease up without writing (a renewal that failed). */
    void release(String key, String owner);
}
