package io.careloop.api;

import io.careloop.cases.CaseStatus;
import io.careloop.incidents.IncidentStatus;
import io.careloop.store.Incidents;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.Draft;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.ReviewPolicy;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.queue.ActionQueue;
import io.careloop.store.CaseRepository;
import io.careloop.store.Drafts;
import io.careloop.voice.Guardrails;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The review queue: replies careloop kept as drafts because a person must approve them (README, "Reviewed
 * replies"). An approval queues the action again with the approved text under its own key, so it is posted once
 * however often it is approved; a rejection means it is never posted. Drafts of posts to the whole community
 * need a lead.
 */
final class DraftEndpoints {
    private static final Log LOG = Log.of(DraftEndpoints.class);
    private static final String[] FILTERS = {"team", "platform", "kind"};

    private final Drafts drafts;
    private final CaseRepository cases;
    private final Incidents incidents;
    private final ActionQueue actions;
    private final PublicTexts publicTexts;
    private final Clock clock;

    DraftEndpoints(Drafts drafts, CaseRepository cases, Incidents incidents, ActionQueue actions, PublicTexts publicTexts,
                   Clock clock) {
        this.drafts = drafts;
        this.cases = cases;
        this.incidents = incidents;
        this.actions = actions;
        this.publicTexts = publicTexts;
        this.clock = clock;
    }

    HttpResponse route(String[] parts, HttpRequest request, String actor) {
        String method = request.method();
        if (parts.length == 1 && method.equals("GET")) {
            Map<String, String> filters = new LinkedHashMap<>();
            for (String name : FILTERS) {
                request.queryParam(name).filter(v -> !v.isBlank()).ifPresent(v -> filters.put(name, v));
            }
            return HttpResponse.json(200, Map.of("drafts", drafts.waitingDrafts(filters, 100).stream()
                    .map(DraftEndpoints::view).toList()));
        }
        if (parts.length == 2 && method.equals("GET")) {
            return HttpResponse.json(200, view(load(parts[1])));
        }
        if (parts.length == 3 && method.equals("POST")) {
            Draft draft = load(parts[1]);
            if (ReviewPolicy.COMMUNITY.contains(draft.kind())) {
                requireLead(request, draft);
            }
            JsonNode body = request.body().length == 0 ? io.careloop.core.Json.object() : RequestBodies.body(request);
            return switch (parts[2]) {
                case "approve" -> approve(draft, RequestBodies.optionalText(body, "text"), actor);
                case "reject" -> reject(draft, RequestBodies.requiredText(body, "reason"), actor);
                default -> throw new ApiException(404, "no draft action '" + parts[2] + "'; use approve or reject");
            };
        }
        throw new ApiException(404, "no route " + method + " " + request.path());
    }

    /** Posts the draft (as edited), once: a second approval queues the same key, which the ledger posts once. */
    private HttpResponse approve(Draft draft, String edited, String actor) {
        if (draft.status() == Draft.Status.REJECTED) {
            throw new ApiException(409, "the draft was rejected by " + draft.decidedBy() + "; it is never posted");
        }
        if (draft.status() == Draft.Status.APPROVED) {
            actions.send(draft.action().approvedWith(draft.text())); // a retry after a refused enqueue; posted once
            return decidedAlready(draft);
        }
        refuseIfOutOfDate(draft);
        String text = edited == null ? draft.text() : edited;
        if (edited != null) {
            Optional<Guardrails.Violation> unfilled = Guardrails.unfilledVariable(text);
            if (unfilled.isPresent()) {
                throw new PublicTexts.Blocked(unfilled.get());
            }
            if (!draft.action().isPrivate()) {
                publicTexts.check(text);
            }
        }
        Instant now = clock.instant();
        Draft decided = draft.decided(Draft.Status.APPROVED, actor, now, text, edited == null ? null : "edited");
        if (!decide(decided, "approved by " + actor + (edited == null ? "" : " (edited)"))) {
            Draft current = load(draft.id());
            if (current.status() != Draft.Status.APPROVED) {
                throw new ApiException(409, "the draft was rejected by " + current.decidedBy() + "; it is never posted");
            }
            return decidedAlready(current);
        }
        actions.send(draft.action().approvedWith(text));
        LOG.info("draft approved", "actionKey", draft.action().key(), "caseId", draft.caseId(), "edited", edited != null);
        Map<String, Object> v = view(decided);
        v.put("queued", draft.action().key());
        return HttpResponse.json(202, v);
    }

    /** A draft written for a moment that has passed is not posted: the case moved on, or the incident is over. */
    private void refuseIfOutOfDate(Draft draft) {
        if (draft.caseId() != null) {
            Case c = cases.getCase(draft.caseId()).orElseThrow(() -> new ApiException(404, "no case " + draft.caseId()));
            // A removal's note belongs to a moderated case; every other draft needs its case still open.
            if (!c.status().isOpen() && !(draft.kind().equals("removed_note") && c.status() == CaseStatus.MODERATED)) {
                throw new ApiException(409, "the case is " + c.status() + " now: this draft is out of date; reject it");
            }
            boolean firstReply = draft.kind().equals("acknowledge") || draft.kind().equals("holding");
            if (firstReply && c.firstHumanResponseAt() != null) {
                throw new ApiException(409, "a person has answered this customer since: this first reply is out of date;"
                        + " reject it");
            }
        }
        String incidentId = draft.action().incidentId();
        if (incidentId != null && draft.kind().startsWith("incident_post")
                && incidents.getIncident(incidentId).map(i -> i.status() != IncidentStatus.OPEN).orElse(true)) {
            throw new ApiException(409, "the incident is over: this post is out of date; reject it");
        }
    }

    private HttpResponse reject(Draft draft, String reason, String actor) {
        if (draft.status() != Draft.Status.WAITING) {
            throw new ApiException(409, "the draft was " + draft.status().name().toLowerCase(java.util.Locale.ROOT)
                    + " by " + draft.decidedBy() + " already");
        }
        Draft decided = draft.decided(Draft.Status.REJECTED, actor, clock.instant(), draft.text(), reason);
        if (!decide(decided, "rejected by " + actor + ": " + reason)) {
            throw new ApiException(409, "the draft was decided by someone else meanwhile");
        }
        LOG.info("draft rejected", "actionKey", draft.action().key(), "caseId", draft.caseId());
        return HttpResponse.json(200, view(decided));
    }

    /** The decision, with a timeline entry on its case (who, when, what), decided once. */
    private boolean decide(Draft decided, String note) {
        if (decided.caseId() == null) {
            return drafts.decideDraft(decided, null);
        }
        boolean[] won = {false};
        ConflictRetry.untilApplied(() -> {
            Case c = cases.getCase(decided.caseId()).orElseThrow(() -> new ApiException(404, "no case " + decided.caseId()));
            CaseChange change = CaseChange.of(c, c, new TimelineEntry(decided.decidedAt(), TimelineKind.DRAFT,
                    decided.decidedBy(), decided.text(), decided.action().isPrivate(), decided.action().key(),
                    decided.kind().replace('_', ' ') + " " + note));
            // A rejected close-the-loop still closes the loop: nothing else would ever close the case, and the
            // customer's next mention would join a resolved case nobody looks at.
            if (decided.status() == Draft.Status.REJECTED && decided.action().type() == io.careloop.cases.ActionType.CLOSE_LOOP
                    && c.status().canMoveTo(io.careloop.cases.CaseStatus.CLOSED)) {
                change = new CaseChange(c, c.withStatus(io.careloop.cases.CaseStatus.CLOSED), change.entries(),
                        change.dueToSet(), change.dueToClear(), change.releaseCustomer(), change.resolution())
                        .clearingDue(io.careloop.cases.DueKind.FOLLOW_UP).releasingCustomer();
            }
            won[0] = drafts.decideDraft(decided, change);
        });
        return won[0];
    }

    /** A second approval: 409, and the approved text queued again under its key, which the ledger posts once. */
    private static HttpResponse decidedAlready(Draft draft) {
        return HttpResponse.json(409, Map.of("error", "the draft was approved by " + draft.decidedBy()
                + " already; it is posted once", "alreadyApproved", true));
    }

    private static void requireLead(HttpRequest request, Draft draft) {
        Role role = Role.of(request.claims());
        if (role == null || !role.covers(Role.LEAD)) {
            throw new ApiException(403, "a " + draft.kind().replace('_', ' ') + " is posted to the whole community: "
                    + "its draft needs the lead role");
        }
    }

    private Draft load(String id) {
        String[] key;
        try {
            key = Draft.parseId(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "no draft " + id);
        }
        return drafts.getDraft(key[0].isEmpty() ? null : key[0], key[1]).orElseThrow(() -> new ApiException(404, "no draft " + id));
    }

    static Map<String, Object> view(Draft d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("caseId", d.caseId());
        v.put("kind", d.kind());
        v.put("text", d.text());
        v.put("reasons", d.reasons());
        v.put("deadline", d.deadline() == null ? null : d.deadline().toString());
        v.put("status", d.status().name());
        v.put("platform", d.action().platform().id());
        v.put("account", d.account());
        v.put("replyTo", d.action().inReplyTo());
        v.put("private", d.action().isPrivate());
        v.put("team", d.team());
        v.put("guardrails", d.guardrails());
        v.put("createdAt", d.createdAt().toString());
        v.put("decidedBy", d.decidedBy());
        v.put("decidedAt", d.decidedAt() == null ? null : d.decidedAt().toString());
        v.put("note", d.note());
        v.put("actionKey", d.action().key());
        return v;
    }
}
