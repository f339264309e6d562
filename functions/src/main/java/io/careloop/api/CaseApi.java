package io.careloop.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.core.Json;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.queue.ActionQueue;
import io.careloop.reply.Guardrails;
import io.careloop.reply.Templates;
import io.careloop.cases.CaseChange;
import io.careloop.store.CaseRepository;
import io.careloop.store.Incidents;
import io.careloop.store.InvalidCursorException;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.incidents.Incident;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The agents' API (see {@code openapi.json}): the inbox, a case with its timeline, and the steps of the case
 * process — reply, assign, hand off, promise, resolve, moderate — plus incidents and stats. Every outbound
 * message goes through ActionQueue with a key, so it is posted once however often the request is retried
 * (send an {@code idempotencyKey} to make a retried request safe). Public text passes the guardrails first:
 * a blocked text is answered with 422 and the rule that fired.
 */
public final class CaseApi {
    public static final String OPENAPI_RESOURCE = "/io/careloop/api/openapi.json";
    private static final int MAX_PAGE = 100;
    private static final int MAX_TEXT = 5_000;
    private static final Set<String> FILTERS = Set.of("status", "priority", "team", "assignee", "platform", "incident");
    private static final Set<String> MODERATION_CATEGORIES = Set.of("spam", "abuse");
    private static final DateTimeFormatter HUMAN_TIME =
            DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Log LOG = Log.of(CaseApi.class);

    private final CaseRepository cases;
    private final Incidents incidents;
    private final ActionQueue actions;
    private final BrandConfig brand;
    private final Templates templates;
    private final Guardrails guardrails;
    private final Clock clock;
    private final Console console;

    public CaseApi(CaseRepository cases, Incidents incidents, ActionQueue actions, BrandConfig brand, Clock clock,
                   Console console) {
        this.console = console;
        this.cases = cases;
        this.incidents = incidents;
        this.actions = actions;
        this.brand = brand;
        this.templates = new Templates(brand);
        this.guardrails = new Guardrails(brand);
        this.clock = clock;
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return HttpResponse.error(e.status(), e.getMessage());
        } catch (Blocked e) {
            return HttpResponse.json(422, Map.of("error", "the text was not sent: " + e.violation.reason(),
                    "rule", e.violation.rule()));
        } catch (ConcurrentUpdateException e) {
            return HttpResponse.error(409, e.getMessage());
        } catch (InvalidCursorException e) {
            return HttpResponse.error(400, e.getMessage());
        }
    }

    private HttpResponse route(HttpRequest request) {
        String[] parts = request.path().replaceAll("^/+|/+$", "").split("/");
        String method = request.method();
        if (parts[0].equals("openapi.json") && method.equals("GET")) {
            return openApi();
        }
        if (parts[0].equals("console") && method.equals("GET")) {
            return console.page(parts.length == 1 ? "" : parts[1]);
        }
        requireRole(request, method.equals("GET") ? Role.VIEWER : parts[0].equals("incidents") ? Role.LEAD : Role.AGENT);
        String actor = actor(request);
        switch (parts[0]) {
            case "stats" -> {
                return HttpResponse.json(200, new CaseStats(cases, clock).compute());
            }
            case "cases" -> {
                if (parts.length == 1 && method.equals("GET")) {
                    return list(request);
                }
                if (parts.length == 2 && method.equals("GET")) {
                    return read(parts[1]);
                }
                if (parts.length == 3 && method.equals("POST")) {
                    JsonNode body = body(request);
                    return switch (parts[2]) {
                        case "reply" -> reply(parts[1], body, actor);
                        case "assign" -> assign(parts[1], body, actor);
                        case "handoff" -> handoff(parts[1], body, actor);
                        case "promise" -> promise(parts[1], body, actor);
                        case "resolve" -> resolve(parts[1], body, actor);
                        case "moderate" -> moderate(parts[1], body, actor);
                        default -> throw new ApiException(404, "no case action '" + parts[2]
                                + "'; use reply, assign, handoff, promise, resolve or moderate");
                    };
                }
            }
            case "incidents" -> {
                if (parts.length == 1 && method.equals("GET")) {
                    return HttpResponse.json(200, Map.of("incidents", incidents.listIncidents().stream().map(CaseApi::incident).toList()));
                }
                if (parts.length == 2 && method.equals("GET")) {
                    return HttpResponse.json(200, incident(loadIncident(parts[1])));
                }
                if (parts.length == 3 && method.equals("POST")) {
                    if (!parts[2].equals("resolve")) {
                        throw new ApiException(404, "no incident action '" + parts[2] + "'; use resolve");
                    }
                    return resolveIncident(parts[1], body(request), actor);
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw new ApiException(404, "no route " + method + " " + request.path());
    }

    // ---- reading -------------------------------------------------------------------------------

    private HttpResponse list(HttpRequest request) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            request.queryParam(name).filter(v -> !v.isBlank()).ifPresent(v -> filters.put(name, v));
        }
        boolean open = !"false".equals(request.queryParam("open").orElse("true"));
        if (filters.containsKey("status")) {
            CaseStatus status = enumValue(CaseStatus.class, "status", filters.get("status"));
            filters.put("status", status.name());
            open = status.isOpen();
        }
        if (filters.containsKey("priority")) {
            filters.put("priority", enumValue(Priority.class, "priority", filters.get("priority")).name());
        }
        if (filters.containsKey("incident")) {
            filters.put("incidentId", filters.remove("incident"));
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
        var page = cases.listCases(open, filters, limit, request.queryParam("cursor").orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cases", page.cases().stream().map(CaseViews::summary).toList());
        body.put("next", page.next());
        return HttpResponse.json(200, body);
    }

    private HttpResponse read(String caseId) {
        var found = cases.getCaseWithTimeline(caseId).orElseThrow(() -> notFound(caseId));
        return HttpResponse.json(200, CaseViews.detail(found.theCase(), found.timeline()));
    }

    private HttpResponse openApi() {
        try (InputStream in = CaseApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            return new HttpResponse(200, Map.of("content-type", "application/json"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new ApiException(500, "the API description is missing from the package");
        }
    }

    // ---- the case process ----------------------------------------------------------------------

    private HttpResponse reply(String caseId, JsonNode body, String actor) {
        boolean isPrivate = body.path("private").asBoolean(false);
        Case c = owned(caseId, actor);
        if (c.status() == CaseStatus.CLOSED || c.status() == CaseStatus.MODERATED) {
            throw new ApiException(409, "case is " + c.status() + "; it takes no more replies");
        }
        String text;
        if (body.hasNonNull("template")) {
            try {
                text = templates.render(templateName(body.get("template").asText()),
                        body.hasNonNull("language") ? body.get("language").asText() : "en", c.platform(), c.customer(),
                        c.assignee() == null ? actor : c.assignee(), isPrivate, optionalText(body, "note"), Map.of());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, e.getMessage());
            }
        } else {
            text = requiredText(body, "text");
        }
        boolean privately = isPrivate || c.replyTo() == null;
        if (body.path("preview").asBoolean(false)) {
            return preview(text, privately);
        }
        if (!privately) {
            checkPublic(text);
        }
        Action action = Action.byAgent(c, ActionType.AGENT_REPLY, idempotencyKey(body), text, privately, actor);
        Case after = c.assignee() == null ? c.withAssignee(actor) : c;
        if (after != c) {
            cases.apply(CaseChange.of(c, after, new TimelineEntry(clock.instant(), "assign", actor, null, false, null,
                    "assigned to " + actor + " (first to reply)")));
        }
        actions.send(action);
        LOG.info("agent reply queued", "caseId", c.id(), "actionKey", action.key());
        return HttpResponse.json(202, Map.of("queued", action.key()));
    }

    /** What a reply would say and whether the guardrails let it out, so an agent sees it before sending. */
    private HttpResponse preview(String text, boolean privately) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("text", text);
        v.put("private", privately);
        var violation = privately ? java.util.Optional.<Guardrails.Violation>empty() : guardrails.check(text);
        v.put("allowed", violation.isEmpty());
        violation.ifPresent(x -> {
            v.put("rule", x.rule());
            v.put("reason", x.reason());
        });
        return HttpResponse.json(200, v);
    }

    private HttpResponse assign(String caseId, JsonNode body, String actor) {
        String assignee = requiredText(body, "assignee");
        Case c = load(caseId);
        TimelineEntry entry = new TimelineEntry(clock.instant(), "assign", actor, null, false, null,
                "assigned to " + assignee + (c.assignee() == null ? "" : " (was " + c.assignee() + ")"));
        cases.apply(CaseChange.of(c, c.withAssignee(assignee), entry));
        return read(caseId);
    }

    /** An internal team takes the case over; the customer hears from us every {@code updateEvery} until it is resolved. */
    private HttpResponse handoff(String caseId, JsonNode body, String actor) {
        String team = requiredText(body, "team");
        String note = optionalText(body, "note");
        Duration every = duration(body, "updateEvery", Duration.ofHours(24));
        if (every.compareTo(Duration.ofMinutes(15)) < 0) {
            throw new ApiException(400, "updateEvery must be at least 15m");
        }
        Case c = owned(caseId, actor);
        Case after = transition(c, CaseStatus.HANDED_OFF).withTeam(team);
        Instant now = clock.instant();
        cases.apply(CaseChange.of(c, after, new TimelineEntry(now, "handoff", actor, note, true, null,
                        "handed off to " + team + "; the customer gets an update every " + human(every)))
                .settingDue(new DueItem(c.id(), DueKind.HANDOFF_UPDATE, now.plus(every), every)));
        return read(caseId);
    }

    /** "I'll get back to you by 3pm": posted, and tracked as a deadline that escalates if it passes unkept. */
    private HttpResponse promise(String caseId, JsonNode body, String actor) {
        Instant now = clock.instant();
        Instant due = instantOrDuration(body, "due", now);
        if (!due.isAfter(now)) {
            throw new ApiException(400, "due must be in the future");
        }
        Case c = owned(caseId, actor);
        if (!c.status().isOpen()) {
            throw new ApiException(409, "a " + c.status() + " case takes no promises");
        }
        boolean privately = body.path("private").asBoolean(false) || c.replyTo() == null;
        String text = body.hasNonNull("text") ? requiredText(body, "text")
                : templates.render("promise", c.platform(), c.customer(), c.assignee() == null ? actor : c.assignee(),
                        privately, null, Map.of("due", HUMAN_TIME.format(due)));
        if (!privately) {
            checkPublic(text);
        }
        cases.apply(CaseChange.of(c, c.assignee() == null ? c.withAssignee(actor) : c,
                        new TimelineEntry(now, "promise", actor, text, privately, null, "promised by " + due))
                .settingDue(new DueItem(c.id(), DueKind.PROMISE, due)));
        Action action = Action.byAgent(c, ActionType.PROMISE, idempotencyKey(body), text, privately, actor);
        actions.send(action);
        return HttpResponse.json(202, Map.of("queued", action.key(), "due", due.toString()));
    }

    private HttpResponse resolve(String caseId, JsonNode body, String actor) {
        String summary = requiredText(body, "summary");
        String publicNote = optionalText(body, "publicNote");
        Case c = load(caseId);
        Case after = transition(c, CaseStatus.RESOLVED).resolvedAt(clock.instant());
        String text = null;
        if (publicNote != null && c.replyTo() != null) {
            text = templates.render("resolution", c, false, publicNote);
            checkPublic(text);
        }
        Instant now = clock.instant();
        cases.apply(CaseChange.of(c, after, new TimelineEntry(now, "status", actor, summary, true, null, "resolved"))
                .recordingResolution()
                .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP, DueKind.PROMISE, DueKind.HANDOFF_UPDATE)
                .settingDue(new DueItem(c.id(), DueKind.CLOSE_LOOP, now.plus(brand.closeLoopAfter()))));
        if (text != null) {
            actions.send(Action.resolution(c, text, actor));
        }
        LOG.info("case resolved", "caseId", c.id());
        return read(caseId);
    }

    /** Only spam and abuse are moderated; negative but legitimate comments never are. */
    private HttpResponse moderate(String caseId, JsonNode body, String actor) {
        String action = requiredText(body, "action");
        String category = requiredText(body, "category");
        if (!action.equals("hide") && !action.equals("delete")) {
            throw new ApiException(400, "action must be hide or delete");
        }
        if (!MODERATION_CATEGORIES.contains(category)) {
            throw new ApiException(422, "only spam and abuse are moderated; a negative comment is answered, not removed");
        }
        Case c = load(caseId);
        if (c.replyTo() == null) {
            throw new ApiException(409, "the case has no public comment to moderate");
        }
        Case after = c.status().canMoveTo(CaseStatus.MODERATED) ? c.withStatus(CaseStatus.MODERATED) : c;
        cases.apply(CaseChange.of(c, after, new TimelineEntry(clock.instant(), "moderation", actor, null, false,
                c.replyTo(), action + " requested, category " + category)).clearingDue(DueKind.FOLLOW_UP,
                DueKind.FIRST_RESPONSE_SLA));
        actions.send(Action.moderateCase(c, action, category, actor));
        boolean note = body.hasNonNull("publicNote") ? body.get("publicNote").asBoolean() : brand.removedCommentNote();
        if (note) {
            actions.send(Action.removedNote(c, category, actor));
        }
        return read(caseId);
    }

    // ---- incidents -----------------------------------------------------------------------------

    /** Posts the outcome and advice to the community and answers and resolves every linked case. */
    private HttpResponse resolveIncident(String incidentId, JsonNode body, String actor) {
        String outcome = requiredText(body, "outcome");
        String advice = optionalText(body, "advice");
        Incident incident = loadIncident(incidentId);
        String note = advice == null ? outcome : outcome + " " + advice;
        String community = templates.render("incident_resolved", incident.platform(), null, null, false, note,
                Map.of("topic", incident.topic().replace('-', ' ')));
        checkPublic(community);
        if (!incidents.resolveIncident(incident, clock.instant())) {
            throw new ApiException(409, "incident " + incidentId + " is already resolved");
        }
        actions.send(Action.incidentResolved(incidentId, incident.platform(), community, actor));
        int answered = 0;
        for (String caseId : incident.caseIds()) {
            Case c = cases.getCase(caseId).orElse(null);
            if (c == null || !c.status().canMoveTo(CaseStatus.RESOLVED)) {
                continue;
            }
            String reply = templates.render("resolution", c, false, outcome);
            Instant now = clock.instant();
            try {
                cases.apply(CaseChange.of(c, c.resolvedAt(now), new TimelineEntry(now, "status", actor, outcome, true,
                                incidentId, "resolved with incident " + incidentId))
                        .recordingResolution()
                        .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP, DueKind.PROMISE, DueKind.HANDOFF_UPDATE)
                        .settingDue(new DueItem(c.id(), DueKind.CLOSE_LOOP, now.plus(brand.closeLoopAfter()))));
            } catch (ConcurrentUpdateException e) {
                continue; // an agent is working the case right now; it keeps its own course
            }
            if (c.replyTo() != null) {
                actions.send(Action.resolution(c, reply, actor));
            }
            answered++;
        }
        Map<String, Object> result = new LinkedHashMap<>(incident(loadIncident(incidentId)));
        result.put("casesAnswered", answered);
        return HttpResponse.json(200, result);
    }

    private static Map<String, Object> incident(Incident i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", i.id());
        v.put("platform", i.platform().id());
        v.put("topic", i.topic());
        v.put("status", i.status());
        v.put("openedAt", i.openedAt().toString());
        v.put("cases", i.caseIds());
        return v;
    }

    private Incident loadIncident(String id) {
        return incidents.getIncident(id).orElseThrow(() -> new ApiException(404, "no incident " + id));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** One owner per case: someone else's case must be reassigned before you reply. */
    private Case owned(String caseId, String actor) {
        Case c = load(caseId);
        if (c.assignee() != null && !c.assignee().equals(actor)) {
            throw new ApiException(409, "case " + caseId + " is owned by " + c.assignee()
                    + "; reassign it (POST /cases/" + caseId + "/assign) before replying");
        }
        return c;
    }

    private static Case transition(Case c, CaseStatus next) {
        if (!c.status().canMoveTo(next)) {
            throw new ApiException(409, "a " + c.status() + " case cannot be " + next.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '));
        }
        return c.withStatus(next);
    }

    private void checkPublic(String text) {
        var violation = guardrails.check(text);
        if (violation.isPresent()) {
            LOG.info("guardrail blocked a public text", "rule", violation.get().rule());
            io.careloop.observe.Metrics.count(io.careloop.observe.Metrics.Name.GuardrailBlocks, null);
            throw new Blocked(violation.get());
        }
    }

    private Case load(String caseId) {
        return cases.getCase(caseId).orElseThrow(() -> notFound(caseId));
    }

    private static ApiException notFound(String caseId) {
        return new ApiException(404, "no case " + caseId);
    }

    private static String templateName(String name) {
        if (!Templates.names().contains(name)) {
            throw new ApiException(400, "template must be one of " + new java.util.TreeSet<>(Templates.names()));
        }
        return name;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, field + " must be one of " + List.of(type.getEnumConstants()));
        }
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
        String v = optionalText(body, field);
        if (v == null) {
            throw new ApiException(400, field + " is required and must be a non-empty string");
        }
        return v;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(400, field + " must be a non-empty string");
        }
        if (v.asText().length() > MAX_TEXT) {
            throw new ApiException(400, field + " is longer than " + MAX_TEXT + " characters");
        }
        if (!io.careloop.core.Texts.isClean(v.asText())) {
            throw new ApiException(400, field + " contains control characters or broken unicode that cannot be posted");
        }
        return v.asText().trim();
    }

    private static Duration duration(JsonNode body, String field, Duration fallback) {
        String v = optionalText(body, field);
        if (v == null) {
            return fallback;
        }
        try {
            return Settings.parseDuration(field, v);
        } catch (IllegalStateException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    /** An ISO-8601 instant ("2026-11-23T15:00:00Z") or a delay from now ("2h"). */
    private static Instant instantOrDuration(JsonNode body, String field, Instant now) {
        String v = requiredText(body, field);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return now.plus(Settings.parseDuration(field, v));
            } catch (IllegalStateException notADuration) {
                throw new ApiException(400, field + " must be an ISO-8601 time like 2026-11-23T15:00:00Z or a delay like 2h");
            }
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
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

    /** 403 with the reason when the caller's token does not carry the role this request needs. */
    private static void requireRole(HttpRequest request, Role needed) {
        Role role = Role.of(request.claims());
        if (role == null || !role.covers(needed)) {
            LOG.info("caller lacks the role", "needed", needed.id(), "has", role == null ? "none" : role.id());
            throw new ApiException(403, "this needs the " + needed.id() + " role; the token carries "
                    + (role == null ? "no careloop role (group viewer, agent or lead, or scope careloop/<role>)"
                    : "only " + role.id()));
        }
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

    /** A public text the guardrails refused. */
    private static final class Blocked extends RuntimeException {
        private final Guardrails.Violation violation;

        Blocked(Guardrails.Violation violation) {
            super(violation.reason(), null, false, false);
            this.violation = violation;
        }
    }
}
