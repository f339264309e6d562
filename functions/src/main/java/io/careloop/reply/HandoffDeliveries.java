package io.careloop.reply;

import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.NotPosted;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.HandoffDestination;
import io.careloop.http.TimestampedSignature;
import io.careloop.observe.Log;
import io.careloop.store.CaseRepository;
import io.careloop.store.OutboundLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A hand-off's case summary, POSTed to the team's own HTTPS endpoint and signed as careloop's own inbound webhooks
 * are checked ({@link TimestampedSignature}: {@code X-Careloop-Timestamp}, {@code X-Careloop-Signature:
 * sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}), with {@code X-Careloop-Delivery} naming the delivery
 * so the tool can ignore a repeat.
 *
 * <p>Through the outbound ledger like every message: a delivery the endpoint took (2xx) is never sent again. A 5xx,
 * a 429, a timeout or an unreachable endpoint frees the key and the action comes back on its queue (then its
 * dead-letter queue); the tool may then see a delivery twice (a timeout after it took it), with the same delivery
 * id. Any other answer is the endpoint refusing it: settled, never retried, with a note on the case saying why.
 */
public final class HandoffDeliveries {
    /** How long careloop waits to connect, and then for the answer: well inside the reply function's timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** How much of a refusal's answer goes on the case: enough to see why, never a whole page. */
    private static final int REASON_LENGTH = 200;
    private static final Log LOG = Log.of(HandoffDeliveries.class);

    private final OutboundLedger ledger;
    private final CaseRepository cases;
    private final BrandConfig brand;
    private final Function<String, Optional<String>> secrets;
    private final Clock clock;
    /** Whether a plain-http endpoint on this machine may be used: locally yes, in AWS Lambda no (see below). */
    private final boolean plainHttpToThisMachine;

    /** Run locally: a brand file's {@code http://localhost} endpoint is a tool on this machine. */
    public HandoffDeliveries(OutboundLedger ledger, CaseRepository cases, BrandConfig brand,
                             Function<String, Optional<String>> secrets, Clock clock) {
        this(ledger, cases, brand, secrets, clock, true);
    }

    /**
     * @param secrets                careloop's secret by name (the team's signing secret is one of its keys)
     * @param plainHttpToThisMachine false in AWS Lambda: there no team's tool runs beside the function, and the
     *                               loopback address is Lambda's own Runtime API and extensions, which must never
     *                               receive a signed case summary (a brand file's local test URL, deployed)
     */
    public HandoffDeliveries(OutboundLedger ledger, CaseRepository cases, BrandConfig brand,
                             Function<String, Optional<String>> secrets, Clock clock, boolean plainHttpToThisMachine) {
        this.ledger = ledger;
        this.cases = cases;
        this.brand = brand;
        this.secrets = secrets;
        this.clock = clock;
        this.plainHttpToThisMachine = plainHttpToThisMachine;
    }

    ReplyService.Result deliver(Action action) {
        Instant now = clock.instant();
        switch (ledger.beginOutbound(action.key(), now, ReplyService.LEASE)) {
            case POSTED -> {
                return ReplyService.Result.ALREADY_POSTED;
            }
            case BUSY -> throw new ReplyService.RetryLater("another attempt holds the lease for " + action.key());
            case UNCERTAIN -> {
                // An attempt stopped mid-request: the tool may have it; send again under the same delivery id.
                if (!ledger.retakeOutbound(action.key(), now, ReplyService.LEASE)) {
                    throw new ReplyService.RetryLater("another attempt settles " + action.key());
                }
            }
            case ACQUIRED -> {
                // ours to deliver
            }
        }
        String team = action.team();
        HandoffDestination destination = brand.team(team).handoffDestination();
        if (destination == null) {
            return refused(action, now, "the " + team + " team has no hand-off endpoint any more (brand file teams."
                    + team + ".handoff.url)");
        }
        if (!plainHttpToThisMachine && !"https".equalsIgnoreCase(destination.url().getScheme())) {
            return refused(action, now, "the " + team + " team's hand-off endpoint is plain http ("
                    + destination.url() + "), which is only for a tool beside careloop run locally; in AWS set an "
                    + "https:// URL in brand file teams." + team + ".handoff.url");
        }
        Optional<String> secret = secrets.apply(destination.secretName());
        if (secret.isEmpty()) {
            // A person must add the secret; sending unsigned would let anyone forge hand-offs to the team's tool.
            return refused(action, now, "the secret '" + destination.secretName() + "' that signs the " + team
                    + " team's hand-offs is not configured (README, Hand-offs)");
        }
        byte[] body = action.text().getBytes(StandardCharsets.UTF_8);
        Answer answer;
        try {
            answer = post(destination, secret.get(), action.key(), body, now);
        } catch (IOException e) {
            ledger.abandonOutbound(action.key());
            LOG.warn("hand-off endpoint unreachable; will retry", "actionKey", action.key(), "caseId", action.caseId(),
                    "team", team, "error", e.getClass().getSimpleName());
            throw new ReplyService.RetryLater("the " + team + " team's hand-off endpoint did not answer ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            complete(action, "delivered", now, "hand-off delivered to the " + team + " team's endpoint (HTTP "
                    + answer.status() + ")", TimelineKind.HANDOFF);
            LOG.info("hand-off delivered", "actionKey", action.key(), "caseId", action.caseId(), "team", team,
                    "status", answer.status());
            return ReplyService.Result.POSTED;
        }
        if (answer.status() >= 500 || answer.status() == 429 || answer.status() == 408) {
            ledger.abandonOutbound(action.key());
            LOG.warn("hand-off endpoint failed; will retry", "actionKey", action.key(), "caseId", action.caseId(),
                    "team", team, "status", answer.status());
            // No retry time for the queue, even with Retry-After: a deferred action is sent again on its last receive
            // and never reaches the dead-letter queue, which suits a platform's rate limit but would retry an
            // endpoint that is down for good forever, with nobody told. Plain retries end in the dead-letter queue
            // and its alarm.
            throw new ReplyService.RetryLater("the " + team + " team's hand-off endpoint answered " + answer.status());
        }
        return refused(action, now, "the " + team + " team's hand-off endpoint refused it: HTTP " + answer.status()
                + (answer.reason().isEmpty() ? "" : " " + answer.reason()));
    }

    /** Settled for good, with a note on the case that says why: a person takes the hand-off to the team. */
    private ReplyService.Result refused(Action action, Instant now, String why) {
        LOG.warn("hand-off not delivered", "actionKey", action.key(), "caseId", action.caseId(), "team", action.team(),
                "reason", why);
        complete(action, NotPosted.NOT_SENT.stored(), now, "hand-off not delivered: " + why
                + "; tell the team another way", TimelineKind.ALERT);
        return ReplyService.Result.REFUSED;
    }

    /** A lost race is read again and redone; the last one goes back to the queue, the ledger's lease holding the key. */
    private void complete(Action action, String outcome, Instant now, String note, TimelineKind kind) {
        ConflictRetry.untilApplied(() -> {
            Optional<Case> c = cases.getCase(action.caseId());
            CaseChange change = c.map(found -> CaseChange.of(found, found,
                    new TimelineEntry(now, kind, "careloop", null, true, action.key(), note))).orElse(null);
            ledger.completeOutbound(action.key(), outcome, now, change);
        });
    }

    /** What the endpoint answered. */
    private record Answer(int status, String reason) {
    }

    private Answer post(HandoffDestination destination, String secret, String deliveryId, byte[] body, Instant now)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) destination.url().toURL().openConnection();
        try {
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false); // a signed payload goes where the brand file says, nowhere else
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            connection.setRequestProperty("User-Agent", "careloop-handoff");
            connection.setRequestProperty("X-Careloop-Delivery", deliveryId);
            for (Map.Entry<String, String> header : TimestampedSignature.sign(secret, now, body).entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            String reason = "";
            if (status >= 400) {
                try (InputStream err = connection.getErrorStream()) {
                    if (err != null) {
                        reason = oneLine(new String(err.readNBytes(REASON_LENGTH), StandardCharsets.UTF_8));
                    }
                }
            }
            return new Answer(status, reason);
        } finally {
            connection.disconnect();
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
