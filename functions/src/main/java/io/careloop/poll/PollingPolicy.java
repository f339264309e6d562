package io.careloop.poll;

import io.careloop.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Whether to read a source the platform's webhook also delivers, and from when. X charges for every post a poll
 * reads, so reading again what a healthy webhook delivered pays twice for each mention.
 * <ul>
 *   <li>{@code always}: every run reads every source from its cursor (the poll as a plain gap filler).</li>
 *   <li>{@code webhook-first} (default): while the webhook has delivered within {@link #silence}, a covered source
 *       is not read, except for a reconciliation every {@link #reconcileEvery} that reads only the last
 *       {@link #reconcileLookback}. When the webhook falls silent the source is read again from shortly before its
 *       last delivery, never from a cursor hours old. When a reconciliation finds a mention the webhook missed, the
 *       source is read on every run for {@link #degradedFor}.</li>
 * </ul>
 * The trade-off: with a healthy-looking webhook that drops some deliveries, a dropped mention outside the
 * reconciliation windows is found only if the customer writes again (or not at all) — in exchange for paying for
 * each mention once. Sources no webhook covers (X's keyword search, Bluesky) are always read.
 */
public record PollingPolicy(Mode mode, Duration silence, Duration reconcileEvery, Duration reconcileLookback,
                            Duration degradedFor) {
    /** Before the last delivery: a delivery in flight when the webhook failed is still read. */
    static final Duration RESUME_MARGIN = Duration.ofMinutes(5);

    public enum Mode { ALWAYS, WEBHOOK_FIRST }

    /** What a run does with one source. {@code notBefore} null: read from the cursor alone. */
    public record Decision(boolean read, Instant notBefore, boolean reconciliation, String why) {
        static Decision skip(String why) {
            return new Decision(false, null, false, why);
        }
    }

    public static PollingPolicy always() {
        return new PollingPolicy(Mode.ALWAYS, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public static PollingPolicy webhookFirst() {
        return new PollingPolicy(Mode.WEBHOOK_FIRST, Duration.ofMinutes(15), Duration.ofHours(6), Duration.ofMinutes(30),
                Duration.ofHours(24));
    }

    /** {@code CARELOOP_POLL_MODE} ({@code webhook-first} or {@code always}) and {@code CARELOOP_POLL_WEBHOOK_SILENCE}. */
    public static PollingPolicy from(Settings settings) {
        String mode = settings.get("CARELOOP_POLL_MODE", "webhook-first").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "always" -> always();
            case "webhook-first" -> {
                PollingPolicy d = webhookFirst();
                yield new PollingPolicy(Mode.WEBHOOK_FIRST, settings.duration("CARELOOP_POLL_WEBHOOK_SILENCE", d.silence()),
                        settings.duration("CARELOOP_POLL_RECONCILE_EVERY", d.reconcileEvery()), d.reconcileLookback(),
                        d.degradedFor());
            }
            default -> throw new IllegalArgumentException("CARELOOP_POLL_MODE must be webhook-first or always, not " + mode);
        };
    }

    /**
     * @param lastHeard      when the webhook last delivered a mention of the source's platform; null if never
     * @param lastReconciled when this source was last reconciled; null if never
     * @param degradedUntil  until when a missed delivery keeps the source read on every run; null if not
     */
    public Decision decide(boolean coveredByWebhook, Instant now, Instant lastHeard, Instant lastReconciled,
                           Instant degradedUntil) {
        if (mode == Mode.ALWAYS || !coveredByWebhook) {
            return new Decision(true, null, false, "read on every run");
        }
        if (lastHeard == null) {
            return new Decision(true, null, false, "no webhook delivery seen yet");
        }
        if (degradedUntil != null && now.isBefore(degradedUntil)) {
            return new Decision(true, null, false, "the webhook missed a mention recently");
        }
        boolean healthy = Duration.between(lastHeard, now).compareTo(silence) < 0;
        if (!healthy) {
            return new Decision(true, lastHeard.minus(RESUME_MARGIN), false, "webhook silent since " + lastHeard);
        }
        if (lastReconciled == null || Duration.between(lastReconciled, now).compareTo(reconcileEvery) >= 0) {
            return new Decision(true, now.minus(reconcileLookback), true, "reconciliation");
        }
        return Decision.skip("webhook healthy");
    }
}
