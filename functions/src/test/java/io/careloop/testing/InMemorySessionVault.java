package io.careloop.testing;

import io.careloop.store.SessionVault;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The session vault in memory, with the DynamoDB adapter's conditions: one lease holder, writes only by it. */
public final class InMemorySessionVault implements SessionVault {
    private final Map<String, Entry> entries = new HashMap<>();
    private int writes;

    @Override
    public synchronized Optional<Entry> read(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized boolean lease(String key, String owner, Instant now, Duration length) {
        Entry e = entries.get(key);
        if (e != null && e.leaseOwner() != null && !e.leaseUntil().isBefore(now)) {
            return false;
        }
        entries.put(key, new Entry(e == null ? null : e.sealed(), e == null ? 0 : e.version(), owner, now.plus(length)));
        return true;
    }

    @Override
    public synchronized boolean write(String key, String owner, String sealed, Instant expiresAt) {
        Entry e = entries.get(key);
        if (e == null || !owner.equals(e.leaseOwner())) {
            return false;
        }
        entries.put(key, new Entry(sealed, e.version() + 1, null, null));
        writes++;
        return true;
    }

    @Override
    public synchronized void release(String key, String owner) {
        Entry e = entries.get(key);
        if (e != null && owner.equals(e.leaseOwner())) {
            entries.put(key, new Entry(e.sealed(), e.version(), null, null));
        }
    }

    /** Everything stored, as the table would hold it. */
    public synchronized String dump() {
        return entries.toString();
    }

    public synchronized int writes() {
        return writes;
    }
}
