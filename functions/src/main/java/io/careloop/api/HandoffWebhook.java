package io.careloop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.TeamPolicy;
import io.careloop.core.Json;
import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.reports.ResolutionFigures;
import io.careloop.store.CaseRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /webhooks/handoff/{team}}: the tool of the team a case was handed off to (Jira, Zendesk, ServiceNow,
 * anything that can sign) reports progress back. Signed as the generic webhook is: {@code X-Careloop-Timestamp}
 * (Unix seconds, within 5 minutes) and {@code X-Careloop-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "."
 * + raw body)>} with the stack secret's {@code handoff_webhook_secret}. Body {@code {"caseId", "note", "status":
 * "progress"|"done", "reference"}}: a progress note feeds the customer's next periodic update (after the guardrails);
 * "done" resolves the case, or, where the team's {@code handoff.done} is {@code review} (the default), tells the
 * care team to confirm and resolve it.
 */
final class HandoffWebhook {
    static final String SECRET = "handoff_webhook_secret";
    static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
    static final int MAX_NOTE = 1_000;
    private static final Log LOG = Log.of(HandoffWebhook.class);

    private final CaseRepository cases;
    private final BrandConfig brand;
    private final Clock clock;
    private final Supplier<Optional<String>> secret;
    private final CareEvents events;
    private final PublicTexts publicTexts;

    HandoffWebhook(CaseRepository cases, BrandConfig brand, Clock clock, Supplier<Optional<String>> secret,
                   CareEvents events, PublicTexts publicTexts) {
        this.cases = cases;
        this.brand = brand;
        this.clock = clock;
        this.secret = secret;
        this.events = events;
        this.publicTexts = publicTexts;
    }

    HttpResponse handle(String team, HttpRequest request) {
        if (!request.method().equals("POST")) {
            throw new ApiException(405, "the hand-off webhook takes POST");
        }
        verify(request).ifPresent(reason -> {
            LOG.info("hand-off delivery refused", "team", team, "reason", reason);
            throw new ApiException(401, reason);
        });
        JsonNode body;
        try {
            body = Json.parse(request.body() == null ? new byte[0] : request.body());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "the body must be JSON: {\"caseId\", \"note\", \"status\": \"progress\" or \"done\"}");
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        String caseId = RequestBodies.requiredText(body, "caseId");
        String note = RequestBodies.requiredText(body, "note");
        if (note.length() > MAX_NOTE) {
            throw new ApiException(400, "note is at most " + MAX_NOTE + " characters");
        }
        String status = body.path("status").asText("progress");
        if (!status.equals("progress") && !status.equals("done")) {
            throw new ApiException(400, "status must be progress or done");
        }
        String reference = RequestBodies.optionalText(body, "reference");
        Case c = cases.getCase(caseId).orElseThrow(() -> new ApiException(404, "no case " + caseId));
        if (!team.equals(c.team())) {
            throw new ApiException(409, "case " + caseId + " is with team " + c.team() + ", not " + team);
        }
        if (status.equals("done") && !c.status().isOpen()) {
            return HttpResponse.json(200, Map.of("caseId", caseId, "status", c.status().name(), "recorded", "nothing: already closed"));
        }
        if (c.status() != CaseStatus.HANDED_OFF) {
            throw new ApiException(409, "case " + caseId + " is " + c.status() + ", not handed off to a team");
        }
        if (c.replyTo() != null) {
            publicTexts.check(note); // the customer's next update says it in public
        }
        String actor = "team " + team;
        Instant now = clock.instant();
        TeamPolicy policy = brand.team(team);
        boolean resolve = status.equals("done") && policy.handoffDoneResolves();
        ConflictRetry.untilApplied(() -> {
            Case current = cases.getCase(caseId).orElseThrow();
            if (current.status() != CaseStatus.HANDED_OFF) {
                throw new ApiException(409, "case " + caseId + " is " + current.status() + ", not handed off to a team");
            }
            if (resolve) {
                cases.apply(CaseChange.of(current, current.resolvedAt(now), new TimelineEntry(now, TimelineKind.STATUS, actor,
                                note, true, reference, "resolved: the team reports it done"))
                        .recordingResolution()
                        .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP, DueKind.PROMISE, DueKind.HANDOFF_UPDATE)
                        .settingDue(new DueItem(caseId, DueKind.CLOSE_LOOP, now.plus(brand.closeLoopAfter()))));
                events.publish(ResolutionFigures.event(current, now, brand.team(current.team()),
                        brand.review().firstResponseHuman()));
            } else {
                cases.apply(CaseChange.of(current, current.toBuilder().progressNote(note).build(), new TimelineEntry(now,
                        TimelineKind.PROGRESS, actor, note, true, reference, status.equals("done")
                        ? "the team reports it done: an agent confirms and resolves; the customer's next update says it"
                        : "for the customer's next update")));
            }
        });
        if (status.equals("done") && !resolve) {
            events.publish(CareEvent.of(CareEvent.Type.HANDOFF_DONE, now, caseId, "team", team, "assignee", c.assignee(),
                    "priority", c.priority().name(), "reference", reference));
        }
        LOG.info("hand-off progress recorded", "caseId", caseId, "team", team, "status", status, "resolved", resolve);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("caseId", caseId);
        answer.put("recorded", status);
        answer.put("resolved", resolve);
        return HttpResponse.json(202, answer);
    }

    /** Empty when the delivery is signed with the hand-off secret within the window, else why it is refused. */
    private Optional<String> verify(HttpRequest request) {
        Optional<String> key;
        try {
            key = secret.get().filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            LOG.warn("hand-off secret unreadable", "error", e.getClass().getSimpleName());
            key = Optional.empty();
        }
        if (key.isEmpty()) {
            return Optional.of("hand-offs are not set up: the stack secret has no " + SECRET);
        }
        return io.careloop.http.TimestampedSignature.check(request, key.get(), clock, REPLAY_WINDOW);
    }
}
