package io.careloop.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.core.Json;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.lambda.Log;
import io.careloop.queue.ActionQueue;
import io.careloop.reply.Templates;
import io.careloop.store.CaseChange;
import io.careloop.store.CaseStore;
import io.careloop.store.ConcurrentUpdateException;
import io.careloop.store.DynamoCaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The agents' API: list the inbox, read a case with its timeline, reply, assign, resolve. Every outbound
 * message goes through ActionQueue with a key, so it is posted once however often the request is retried
 * (send an {@code idempotencyKey} to make a retried request safe).
 */
public final class CaseApi {
    private static final int MAX_PAGE = 100;
    private static final int MAX_TEXT = 5_000;
    private static final Log LOG = Log.of(CaseApi.class);

    private final CaseStore store;
    private final ActionQueue actions;
    private final BrandConfig brand;
    private final Templates templates;
    private final Clock clock;

    public CaseApi(CaseStore store, ActionQueue actions, BrandConfig brand, Clock clock) {
        this.store = store;
        this.actions = actions;
        this.brand = brand;
        this.templates = new Templates(brand);
        this.clock = clock;
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return HttpResponse.error(e.status(), e.getMessage());
        } catch (ConcurrentUpdateException e) {
            return HttpResponse.error(409, e.getMessage());
        } catch (DynamoCaseStore.InvalidCursorException e) {
            return HttpResponse.error(400, e.getMessage());
        }
    }

    private HttpResponse route(HttpRequest request) {
        String[] parts = request.path().replaceAll("^/+|/+$", "").split("/");
        String method = request.method();
        if (parts[0].equals("cases")) {
            if (parts.length == 1 && method.equals("GET")) {
                return list(request);
            }
            if (parts.length == 2 && method.equals("GET")) {
                return read(parts[1]);
            }
            if (parts.length == 3 && method.equals("POST")) {
                JsonNode body = body(request);
                String actor = actor(request);
                return switch (parts[2]) {
                    case "reply" -> reply(parts[1], body, actor);
                    case "assign" -> assign(parts[1], body, actor);
                    case "resolve" -> resolve(parts[1], body, actor);
                    default -> throw new ApiException(404, "no case action '" + parts[2] + "'; use reply, assign or resolve");
                };
            }
        }
        if (parts[0].equals("incidents")) {
            if (parts.length == 1 && method.equals("GET")) {
                return HttpResponse.json(200, Map.of("incidents", store.listIncidents().stream().map(CaseApi::incident).toList()));
            }
            if (parts.length == 2 && method.equals("GET")) {
                return HttpResponse.json(200, incident(store.getIncident(parts[1])
                        .orElseThrow(() -> new ApiException(404, "no incident " + parts[1]))));
            }
            if (parts.length == 3 && method.equals("POST")) {
                throw new ApiException(501, "acting on incidents (resolve with a community note) is not built yet");
            }
        }
        throw new ApiException(404, "no route " + method + " " + request.path());
    }

    private HttpResponse list(HttpRequest request) {
        boolean open = !"false".equals(request.queryParam("open").orElse("true"));
        String status = request.queryParam("status").map(s -> {
            try {
                return CaseStatus.valueOf(s.toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "status must be one of " + List.of(CaseStatus.values()));
            }
        }).orElse(null);
        if (status != null) {
            open = CaseStatus.valueOf(status).isOpen();
        }
        int limit = request.queryParam("limit").map(l -> {
            try {
                return Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw new ApiException(400, "limit must be a whole number from 1 to " + MAX_PAGE);
            }
        }).orElse(50);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ApiException(400, "limit must be a whole number from 1 to " + MAX_PAGE);
        }
        var page = store.listCases(open, status, limit, request.queryParam("cursor").orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cases", page.cases().stream().map(CaseViews::summary).toList());
        body.put("next", page.next());
        return HttpResponse.json(200, body);
    }

    private HttpResponse read(String caseId) {
        var found = store.getCaseWithTimeline(caseId).orElseThrow(() -> notFound(caseId));
        return HttpResponse.json(200, CaseViews.detail(found.theCase(), found.timeline()));
    }

    private HttpResponse reply(String caseId, JsonNode body, String actor) {
        String text = requiredText(body, "text");
        boolean isPrivate = body.path("private").asBoolean(false);
        Case c = load(caseId);
        if (c.status() == CaseStatus.CLOSED || c.status() == CaseStatus.MODERATED) {
            throw new ApiException(409, "case is " + c.status() + "; it takes no more replies");
        }
        String key = idempotencyKey(body);
        Action action = new Action(c.id() + "#" + ActionType.AGENT_REPLY.name() + "#" + key, ActionType.AGENT_REPLY,
                c.id(), c.platform(), isPrivate ? null : c.replyTo(), text, isPrivate || c.replyTo() == null, actor);
        actions.send(action);
        LOG.info("agent reply queued", "caseId", c.id(), "actionKey", action.key());
        return HttpResponse.json(202, Map.of("queued", action.key()));
    }

    private HttpResponse assign(String caseId, JsonNode body, String actor) {
        String assignee = requiredText(body, "assignee");
        Case c = load(caseId);
        TimelineEntry entry = new TimelineEntry(clock.instant(), "assign", actor, null, false, null,
                "assigned to " + assignee + (c.assignee() == null ? "" : " (was " + c.assignee() + ")"));
        store.apply(CaseChange.of(c, c.withAssignee(assignee), entry));
        return read(caseId);
    }

    private HttpResponse resolve(String caseId, JsonNode body, String actor) {
        String summary = requiredText(body, "summary");
        String publicNote = body.hasNonNull("publicNote") ? body.get("publicNote").asText().trim() : "";
        Case c = load(caseId);
        if (!c.status().canMoveTo(CaseStatus.RESOLVED)) {
            throw new ApiException(409, "a " + c.status() + " case cannot be resolved");
        }
        Instant now = clock.instant();
        TimelineEntry entry = new TimelineEntry(now, "status", actor, summary, true, null, "resolved");
        store.apply(CaseChange.of(c, c.resolvedAt(now), entry)
                .recordingResolution()
                .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP)
                .settingDue(new DueItem(c.id(), DueKind.CLOSE_LOOP, now.plus(brand.closeLoopAfter()))));
        if (!publicNote.isEmpty() && c.replyTo() != null) {
            String text = templates.render("resolution", c, false, publicNote);
            actions.send(new Action(c.id() + "#" + ActionType.RESOLUTION.name(), ActionType.RESOLUTION, c.id(),
                    c.platform(), c.replyTo(), text, false, actor));
        }
        LOG.info("case resolved", "caseId", c.id());
        return read(caseId);
    }

    private static Map<String, Object> incident(io.careloop.store.Incident i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", i.id());
        v.put("platform", i.platform().id());
        v.put("topic", i.topic());
        v.put("status", i.status());
        v.put("openedAt", i.openedAt().toString());
        v.put("cases", i.caseIds());
        return v;
    }

    private Case load(String caseId) {
        return store.getCase(caseId).orElseThrow(() -> notFound(caseId));
    }

    private static ApiException notFound(String caseId) {
        return new ApiException(404, "no case " + caseId);
    }

    private static JsonNode body(HttpRequest request) {
        if (request.body().length == 0) {
            throw new ApiException(400, "a JSON body is required");
        }
        try {
            JsonNode node = Json.parse(request.body());
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(400, field + " is required and must be a non-empty string");
        }
        if (v.asText().length() > MAX_TEXT) {
            throw new ApiException(400, field + " is longer than " + MAX_TEXT + " characters");
        }
        return v.asText().trim();
    }

    private static String idempotencyKey(JsonNode body) {
        JsonNode v = body.get("idempotencyKey");
        if (v == null || v.isNull()) {
            return UUID.randomUUID().toString();
        }
        if (!v.isTextual() || !v.asText().matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new ApiException(400, "idempotencyKey must be 1-64 letters, digits or _.:-");
        }
        return v.asText();
    }

    /** The agent's name from the verified token: name, then email, then subject. */
    static String actor(HttpRequest request) {
        Map<String, String> claims = request.claims();
        for (String claim : List.of("name", "email", "cognito:username", "sub")) {
            String v = claims.get(claim);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "agent";
    }
}
