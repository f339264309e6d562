package io.careloop.api;

import io.careloop.cases.TimelineKind;
import java.util.List;
import java.util.ArrayList;
import io.careloop.observe.Log;
import io.careloop.incidents.IncidentStatus;
import io.careloop.cases.ConflictRetry;
import static io.careloop.api.RequestBodies.optionalText;
import static io.careloop.api.RequestBodies.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.http.HttpResponse;
import io.careloop.incidents.Incident;
import io.careloop.queue.ActionQueue;
import io.careloop.voice.Templates;
import io.careloop.store.CaseRepository;
import io.careloop.store.Incidents;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The incident routes: read one, and resolve it with the outcome for the community and every linked case. */
final class IncidentEndpoints {
    private static final Log LOG = Log.of(IncidentEndpoints.class);

    private final CaseRepository cases;
    private final Incidents incidents;
    private final ActionQueue actions;
    private final BrandConfig brand;
    private final Templates templates;
    private final PublicTexts publicTexts;
    private final Clock clock;
    private final io.careloop.events.CareEvents events;

    IncidentEndpoints(CaseRepository cases, Incidents incidents, ActionQueue actions, BrandConfig brand, Templates templates,
                      PublicTexts publicTexts, Clock clock, io.careloop.events.CareEvents events) {
        this.events = events;
        this.cases = cases;
        this.incidents = incidents;
        this.actions = actions;
        this.brand = brand;
        this.templates = templates;
        this.publicTexts = publicTexts;
        this.clock = clock;
    }

    HttpResponse route(String[] parts, io.careloop.http.HttpRequest request, String actor) {
        String method = request.method();
        if (parts.length == 1 && method.equals("GET")) {
            return HttpResponse.json(200, Map.of("incidents", incidents.listIncidents().stream().map(IncidentEndpoints::view).toList()));
        }
        if (parts.length == 2 && method.equals("GET")) {
            return HttpResponse.json(200, read(parts[1]));
        }
        if (parts.length == 3 && method.equals("POST")) {
            if (!parts[2].equals("resolve")) {
                throw new ApiException(404, "no incident action '" + parts[2] + "'; use resolve");
            }
            return resolve(parts[1], RequestBodies.body(request), actor);
        }
        throw new ApiException(404, "no route " + method + " " + request.path());
    }

    /** Posts the outcome and advice to the community and answers and resolves every linked case. */
    HttpResponse resolve(String incidentId, JsonNode body, String actor) {
        String outcome = RequestBodies.requiredText(body, "outcome");
        String advice = RequestBodies.optionalText(body, "advice");
        Incident incident = loadIncident(incidentId);
        String note = advice == null ? outcome : outcome + " " + advice;
        String community = templates.render("incident_resolved", incident.platform(), null, null, false, note,
                Map.of("topic", incident.topic()));
        publicTexts.check(community);
        if (incident.status() != IncidentStatus.OPEN) {
            throw new ApiException(409, "incident " + incidentId + " is already resolved");
        }
        List<Case> open = incident.caseIds().stream().map(id -> cases.getCase(id).orElse(null))
                .filter(c -> c != null && c.status().canMoveTo(CaseStatus.RESOLVED)).toList();
        // Everything the resolution says is queued first, in one batch: a refused enqueue changes nothing, so the
        // lead's retry goes through as if new; once queued, the keys make a repeat harmless.
        List<Action> messages = new ArrayList<>();
        if (incident.platform().hasCommunityFeed()) {
            messages.add(Action.incidentResolved(incidentId, incident.platform(), community, actor));
        }
        for (Case c : open) {
            if (c.replyTo() != null) {
                messages.add(Action.resolution(c, templates.render("resolution", c, false, outcome), actor));
            }
        }
        if (!messages.isEmpty()) {
            actions.send(messages);
        }
        if (!incidents.resolveIncident(incident, clock.instant())) {
            throw new ApiException(409, "incident " + incidentId + " is already resolved");
        }
        events.publish(io.careloop.events.CareEvent.of(io.careloop.events.CareEvent.Type.INCIDENT_RESOLVED, clock.instant(),
                incidentId, "platform", incident.platform().id(), "topic", incident.topic(), "cases", open.size(),
                "by", actor));
        int answered = 0;
        for (Case c : open) {
            Instant now = clock.instant();
            try {
                ConflictRetry.untilApplied(() -> {
                    Case current = cases.getCase(c.id()).orElseThrow();
                    if (current.status().canMoveTo(CaseStatus.RESOLVED)) {
                        cases.apply(CaseChange.of(current, current.resolvedAt(now), new TimelineEntry(now, TimelineKind.STATUS, actor,
                                        outcome, true, incidentId, "resolved with incident " + incidentId))
                                .recordingResolution()
                                .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP, DueKind.PROMISE,
                                        DueKind.HANDOFF_UPDATE)
                                .settingDue(new DueItem(c.id(), DueKind.CLOSE_LOOP, now.plus(brand.closeLoopAfter()))));
                        events.publish(io.careloop.reports.ResolutionFigures.event(current, now, brand.team(current.team()),
                                brand.review().firstResponseHuman()));
                    }
                });
                answered++;
            } catch (ConcurrentUpdateException e) {
                LOG.warn("case kept changing while its incident was resolved", "caseId", c.id(), "incidentId", incidentId);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>(view(loadIncident(incidentId)));
        result.put("casesAnswered", answered);
        return HttpResponse.json(200, result);
    }

    static Map<String, Object> view(Incident i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", i.id());
        v.put("platform", i.platform().id());
        v.put("topic", i.topic());
        v.put("status", i.status());
        v.put("openedAt", i.openedAt().toString());
        v.put("cases", i.caseIds());
        return v;
    }

    Map<String, Object> read(String incidentId) {
        return view(loadIncident(incidentId));
    }

    private Incident loadIncident(String id) {
        return incidents.getIncident(id).orElseThrow(() -> new ApiException(404, "no incident " + id));
    }
}
