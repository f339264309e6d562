package io.careloop.events;

import io.careloop.core.Platform;
import io.careloop.observe.Log;
import io.careloop.store.PostingBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Platform Credentials Failing": a platform refused a brand account's credentials (HTTP 401, Meta's error 190, a
 * Bluesky sign-in refused) when careloop posted, polled or read a post with them. The event names the platform,
 * the account and what careloop was doing; never the token or any secret's value.
 *
 * <p>A refused token stays refused until a person rotates the secret, while every poll (each minute) and every
 * retried action meets it again. So the event is raised at most once per platform and account per
 * {@link #INTERVAL}, across all instances: the first failure of each hour takes the one call of a shared window
 * from the store's budgets ({@code PostingBudget}, a conditional counter with TTL), and each instance remembers the
 * window's end so it does not ask again before then. An hour keeps a pager or chat channel from being flooded while
 * a broken credential is reminded of while it lasts; the first failure after a fix is reported at once.
 */
public final class CredentialAlerts {
    /** At most one event per platform and account in each such window. */
    public static final Duration INTERVAL = Duration.ofHours(1);
    private static final Log LOG = Log.of(CredentialAlerts.class);
    /** How much of the platform's answer goes into the event: its method, path and status, not a body. */
    private static final int REASON_LENGTH = 200;

    private final CareEvents events;
    private final PostingBudget windows;
    private final Clock clock;
    /** platform#account → until when this instance knows the window's event is taken. */
    private final Map<String, Instant> quietUntil = new ConcurrentHashMap<>();

    /** @param windows the store's shared budgets, so instances share the window; null for this instance alone */
    public CredentialAlerts(CareEvents events, PostingBudget windows, Clock clock) {
        this.events = events;
        this.windows = windows;
        this.clock = clock;
    }

    /** For use cases built without a bus (tests of other behaviour). */
    public static CredentialAlerts none() {
        return new CredentialAlerts(CareEvents.none(), null, Clock.systemUTC());
    }

    /**
     * The platform refused the account's credentials.
     *
     * @param account the brand account's id on the platform; null for the platform's only account
     * @param doing   what careloop was doing: {@code post}, {@code moderate}, {@code poll}, {@code read}
     * @param reason  the platform's answer as careloop describes it (method, path, status; never a body or a token)
     * @return whether an event was published (false: already raised in this window)
     */
    public boolean refused(Platform platform, String account, String doing, String reason) {
        Instant now = clock.instant();
        String key = platform.id() + "#" + (account == null ? "" : account);
        Instant quiet = quietUntil.get(key);
        if (quiet != null && now.isBefore(quiet)) {
            return false;
        }
        if (windows != null) {
            Optional<Instant> taken;
            try {
                taken = windows.take("care-event:credentials:" + key, new PostingBudget.Limit(1, INTERVAL), now);
            } catch (RuntimeException e) {
                // The store cannot tell whether another instance raised it: raise it (a person must know), and
                // keep quiet here for the window.
                LOG.warn("credentials alert window not shared", "platform", platform.id(),
                        "error", e.getClass().getSimpleName());
                taken = Optional.empty();
            }
            if (taken.isPresent()) {
                quietUntil.put(key, taken.get());
                return false;
            }
        }
        quietUntil.put(key, windowEnd(now));
        String described = reason == null ? null
                : reason.length() > REASON_LENGTH ? reason.substring(0, REASON_LENGTH) : reason;
        events.publish(CareEvent.of(CareEvent.Type.CREDENTIALS_FAILING, now, null, "platform", platform.id(),
                "account", account, "doing", doing, "reason", described));
        return true;
    }

    /** The end of the epoch-aligned window {@code now} falls in, as the store's budgets align theirs. */
    private static Instant windowEnd(Instant now) {
        long size = INTERVAL.toMillis();
        return Instant.ofEpochMilli((now.toEpochMilli() / size + 1) * size);
    }
}
