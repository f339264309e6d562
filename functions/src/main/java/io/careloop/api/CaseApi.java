package io.careloop.api;

import io.careloop.core.Platform;
import io.careloop.cases.TimelineKind;
import io.careloop.queue.QueueSendException;
import io.careloop.cases.ConflictRetry;
import io.careloop.observe.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.MessagingWindow;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.queue.ActionQueue;
import io.careloop.voice.Guardrails;
import io.careloop.voice.Templates;
import io.careloop.cases.CaseChange;
import io.careloop.store.CaseRepository;
import io.careloop.store.Agents;
import io.careloop.store.Drafts;
import io.careloop.routing.Routing;
import io.careloop.events.CareEvents;
import io.careloop.reports.Reports;
import io.careloop.store.ReportRollups;
import io.careloop.store.SavedReplies;
import io.careloop.store.Incidents;
import io.careloop.store.InvalidCursorException;
import io.careloop.cases.ConcurrentUpdateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agents' API (see {@code openapi.json}): the inbox, a case with its timeline, and the steps of the case
 * process — reply, assign, hand off, promise, resolve, moderate — plus incidents and stats. Every outbound
 * message goes through ActionQueue with a key, so it is posted once however often the request is retried
 * (send an {@code idempotencyKey} to make a retried request safe). Public text passes the guardrails first:
 * a blocked text is answered with 422 and the rule that fired.
 */
public final class CaseApi {
    public static final String OPENAPI_RESOURCE = "/io/careloop/api/openapi.json";
        private static final Set<String> MODERATION_CATEGORIES = Set.of("spam", "abuse");
    private static final Log LOG = Log.of(CaseApi.class);

    private final CaseRepository cases;
    private final Incidents incidents;
    private final ActionQueue actions;
    private final BrandConfig brand;
    private final Templates templates;
    private final PublicTexts publicTexts;
    private final CaseReads reads;
    private final IncidentEndpoints incidentEndpoints;
    private final DraftEndpoints draftEndpoints;
    private final Clock clock;
    private final Console console;
    /** Null where the API is built without routing: then /agents answers 404. */
    private final AgentEndpoints agentEndpoints;
    private final CareEvents events;
    /** Null where the API is built without reports: then /reports answers 404. */
    private final Reports reports;
    /** Null where the API is built without saved replies. */
    private final SavedReplyEndpoints savedReplyEndpoints;
    /** Null where the API is built without the hand-off webhook. */
    private final HandoffWebhook handoffWebhook;

    public CaseApi(CaseRepository cases, Incidents incidents, Drafts drafts, ActionQueue actions, BrandConfig brand,
                   Clock clock, Console console, Metrics metrics) {
        this(cases, incidents, drafts, actions, brand, clock, console, metrics, null, null, CareEvents.none(), null, null,
                null);
    }

    /**
     * @param agents  the roster, or null for an API without {@code /agents}
     * @param events  where resolutions and resolved incidents are told (and rolled up for reports)
     * @param rollups the reports' rolled-up days, or null for an API without {@code /reports}
     * @param savedReplies the teams' saved replies, or null for an API without them
     * @param handoffSecret the secret teams' tools sign hand-off progress with, or null for no hand-off webhook
     */
    public CaseApi(CaseRepository cases, Incidents incidents, Drafts drafts, ActionQueue actions, BrandConfig brand,
                   Clock clock, Console console, Metrics metrics, Agents agents, Routing routing, CareEvents events,
                   ReportRollups rollups, SavedReplies savedReplies,
                   java.util.function.Supplier<java.util.Optional<String>> handoffSecret) {
        this.events = events;
        this.reports = rollups == null ? null : new Reports(rollups);
        this.agentEndpoints = agents == null ? null : new AgentEndpoints(agents, routing);
        this.console = console;
        this.cases = cases;
        this.incidents = incidents;
        this.actions = actions;
        this.brand = brand;
        this.templates = new Templates(brand);
        this.publicTexts = new PublicTexts(new Guardrails(brand), metrics);
        this.reads = new CaseReads(cases, drafts);
        this.incidentEndpoints = new IncidentEndpoints(cases, incidents, actions, brand, templates, publicTexts, clock, events);
        this.draftEndpoints = new DraftEndpoints(drafts, cases, incidents, actions, publicTexts, clock);
        this.clock = clock;
        this.savedReplyEndpoints = savedReplies == null ? null
                : new SavedReplyEndpoints(savedReplies, templates, publicTexts, clock);
        this.handoffWebhook = handoffSecret == null ? null
                : new HandoffWebhook(cases, brand, clock, handoffSecret, events, publicTexts);
    }

    public HttpResponse handle(HttpRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return HttpResponse.error(e.status(), e.getMessage());
        } catch (Templates.UnfilledVariable e) {
            return HttpResponse.json(422, Map.of("error", "the text was not sent: " + e.getMessage(),
                    "rule", "unfilled-variable"));
        } catch (PublicTexts.Blocked e) {
            return HttpResponse.json(422, Map.of("error", "the text was not sent: " + e.violation().reason(),
                    "rule", e.violation().rule()));
        } catch (ConcurrentUpdateException e) {
            return HttpResponse.error(409, e.getMessage());
        } catch (InvalidCursorException e) {
            return HttpResponse.error(400, e.getMessage());
        } catch (QueueSendException e) {
            // Nothing was sent; the request can be repeated as it is (its idempotency key makes that safe).
            LOG.warn("action queue refused an agent's request", "path", request.path());
            return HttpResponse.error(503, "the action queue did not take this request; send it again");
        }
    }

    private HttpResponse route(HttpRequest request) {
        String[] parts = request.path().replaceAll("^/+|/+$", "").split("/");
        String method = request.method();
        if (parts[0].equals("openapi.json") && method.equals("GET")) {
            return CaseReads.openApi();
        }
        if (parts[0].equals("console") && method.equals("GET")) {
            return console.page(parts.length == 1 ? "" : parts[1]);
        }
        if (parts[0].equals("webhooks") && parts.length == 3 && parts[1].equals("handoff") && handoffWebhook != null) {
            return handoffWebhook.handle(parts[2], request); // signed by the team's tool, not an agent's token
        }
        Callers.requireRole(request, method.equals("GET") ? Role.VIEWER : parts[0].equals("incidents") ? Role.LEAD : Role.AGENT);
        String actor = Callers.actor(request);
        switch (parts[0]) {
            case "stats" -> {
                return HttpResponse.json(200, new CaseStats(cases, clock, brand.review().firstResponseHuman(), brand::team).compute());
            }
            case "cases" -> {
                if (parts.length == 1 && method.equals("GET")) {
                    return reads.list(request);
                }
                if (parts.length == 2 && method.equals("GET")) {
                    return reads.read(parts[1]);
                }
                if (parts.length == 3 && method.equals("POST")) {
                    JsonNode body = RequestBodies.body(request);
                    return switch (parts[2]) {
                        case "reply" -> reply(parts[1], body, actor);
                        case "assign" -> assign(parts[1], body, actor);
                        case "handoff" -> handoff(parts[1], body, actor);
                        case "progress" -> progress(parts[1], body, actor);
                        case "promise" -> promise(parts[1], body, actor);
                        case "resolve" -> resolve(parts[1], body, actor);
                        case "moderate" -> moderate(parts[1], body, actor, Role.of(request.claims()));
                        default -> throw new ApiException(404, "no case action '" + parts[2]
                                + "'; use reply, assign, handoff, progress, promise, resolve or moderate");
                    };
                }
            }
            case "incidents" -> {
                return incidentEndpoints.route(parts, request, actor);
            }
            case "drafts" -> {
                return draftEndpoints.route(parts, request, actor);
            }
            case "reports" -> {
                if (reports != null && parts.length == 1) {
                    return ReportEndpoint.report(reports, request);
                }
            }
            case "teams" -> {
                if (savedReplyEndpoints != null) {
                    return savedReplyEndpoints.route(parts, request, actor);
                }
            }
            case "agents" -> {
                if (agentEndpoints != null) {
                    return agentEndpoints.route(parts, request, actor);
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw new ApiException(404, "no route " + method + " " + request.path());
    }

    // ---- the case process ----------------------------------------------------------------------

    private HttpResponse reply(String caseId, JsonNode body, String actor) {
        boolean isPrivate = body.path("private").asBoolean(false);
        Case c = owned(caseId, actor);
        if (c.status() == CaseStatus.CLOSED || c.status() == CaseStatus.MODERATED) {
            throw new ApiException(409, "case is " + c.status() + "; it takes no more replies");
        }
        String text;
        if (body.hasNonNull("savedReply") && savedReplyEndpoints != null) {
            text = savedReplyEndpoints.render(c, RequestBodies.requiredText(body, "savedReply"), isPrivate, actor,
                    RequestBodies.optionalText(body, "note"));
        } else if (body.hasNonNull("template")) {
            try {
                text = templates.render(RequestBodies.templateName(body.get("template").asText()),
                        body.hasNonNull("language") ? body.get("language").asText() : "en", c.platform(), c.customer(),
                        c.assignee() == null ? actor : c.assignee(), isPrivate, RequestBodies.optionalText(body, "note"),
                        c.topic() == null ? Map.of() : Map.of("topic", c.topic()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, e.getMessage());
            }
        } else {
            text = RequestBodies.requiredText(body, "text");
        }
        boolean privately = isPrivate || c.replyTo() == null;
        if (body.path("preview").asBoolean(false)) {
            return preview(text, privately);
        }
        if (!privately) {
            publicTexts.check(text);
        }
        Action action = Action.byAgent(c, ActionType.AGENT_REPLY, RequestBodies.idempotencyKey(body), text, privately, actor);
        refuseOutsideMessagingWindow(c, action);
        Case after = c.assignee() == null ? c.withAssignee(actor) : c;
        if (after != c) {
            cases.apply(CaseChange.of(c, after, new TimelineEntry(clock.instant(), TimelineKind.ASSIGN, actor, null, false, null,
                    "assigned to " + actor + " (first to reply)")));
        }
        actions.send(action);
        LOG.info("agent reply queued", "caseId", c.id(), "actionKey", action.key());
        return HttpResponse.json(202, Map.of("queued", action.key()));
    }

    /**
     * A message in the customer's Messenger or Instagram conversation more than 7 days after they last wrote cannot
     * go (Meta's windows): the agent hears it now, not from an alert later.
     */
    private void refuseOutsideMessagingWindow(Case c, Action action) {
        if (!MessagingWindow.applies(action) || !c.threadId().startsWith("dm-")) {
            return; // a private reply to a comment has its own 7 days, from the comment (the reply function routes it)
        }
        Instant last = cases.getCaseWithTimeline(c.id())
                .map(found -> MessagingWindow.lastCustomerMessage(c, found.timeline())).orElse(c.createdAt());
        if (MessagingWindow.decide(last, clock.instant(), true) == MessagingWindow.Decision.CLOSED) {
            throw new ApiException(409, "the customer last wrote more than 7 days ago; " + c.platform().id()
                    + " takes no message after that until they write again: invite them to write or email instead");
        }
    }

    /** What a reply would say and whether the guardrails let it out, so an agent sees it before sending. */
    private HttpResponse preview(String text, boolean privately) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("text", text);
        v.put("private", privately);
        var violation = privately ? java.util.Optional.<Guardrails.Violation>empty() : publicTexts.guardrails().check(text);
        v.put("allowed", violation.isEmpty());
        violation.ifPresent(x -> {
            v.put("rule", x.rule());
            v.put("reason", x.reason());
        });
        return HttpResponse.json(200, v);
    }

    private HttpResponse assign(String caseId, JsonNode body, String actor) {
        String assignee = RequestBodies.requiredText(body, "assignee");
        Case c = load(caseId);
        TimelineEntry entry = new TimelineEntry(clock.instant(), TimelineKind.ASSIGN, actor, null, false, null,
                "assigned to " + assignee + (c.assignee() == null ? "" : " (was " + c.assignee() + ")"));
        cases.apply(CaseChange.of(c, c.withAssignee(assignee), entry));
        return reads.read(caseId);
    }

    /** An internal team takes the case over; the customer hears from us every {@code updateEvery} until it is resolved. */
    private HttpResponse handoff(String caseId, JsonNode body, String actor) {
        String team = RequestBodies.requiredText(body, "team");
        String note = RequestBodies.optionalText(body, "note");
        Duration every = RequestBodies.duration(body, "updateEvery", Duration.ofHours(24));
        if (every.compareTo(brand.minUpdateEvery()) < 0) {
            throw new ApiException(400, "updateEvery must be at least " + RequestBodies.human(brand.minUpdateEvery())
                    + " (the brand's policy.minUpdateEvery)");
        }
        Case c = owned(caseId, actor);
        transition(c, CaseStatus.HANDED_OFF); // refused (409) before anything is queued
        Instant now = clock.instant();
        // No black box: the customer hears at once who has it and when they hear next. Queued first, so a refused
        // enqueue changes nothing and the agent's retry hands off as if new; the notice carries the team, since the
        // reply function may post it before the case below records it.
        Action notice = Action.handoffNotice(c, now, now.plus(every), actor, team);
        io.careloop.config.HandoffDestination destination = brand.team(team).handoffDestination();
        if (destination == null) {
            actions.send(notice);
        } else {
            // The team's own endpoint gets the case summary, signed, from the reply function (retried there on its
            // failures). Queued before the notice and on its own: SQS takes or fails a batch's messages one by one, so
            // a batch of both could leave the public notice queued while the agent is told to send the hand-off again,
            // and the customer would read it twice. This way a refused enqueue leaves nothing public behind; at worst
            // the team's tool sees the hand-off of that case twice, under two delivery ids.
            java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
            summary.put("caseId", c.id());
            summary.put("team", team);
            summary.put("priority", c.priority().name());
            summary.put("platform", c.platform().id());
            summary.put("note", note == null ? "" : note);
            summary.put("customerWrote", c.replyTo() == null ? "" : c.firstWords());
            summary.put("handedOffBy", actor);
            summary.put("handedOffAt", now.toString());
            summary.put("updateEverySeconds", every.toSeconds());
            actions.send(Action.handoffDelivery(c, now, actor, team, io.careloop.core.Json.write(summary)));
            actions.send(notice);
        }
        // The team's tool hears of it (a rule on the bus sends it to their API destination): the case, the agent's note
        // and the customer's public opening words — what the team needs to pick it up.
        events.publish(io.careloop.events.CareEvent.of(io.careloop.events.CareEvent.Type.CASE_HANDED_OFF, now, c.id(),
                "team", team, "note", note == null ? "" : note, "firstWords", c.replyTo() == null ? "" : c.firstWords(),
                "priority", c.priority().name(), "platform", c.platform().id(), "by", actor,
                "updateEverySeconds", every.toSeconds()));
        ConflictRetry.untilApplied(() -> {
            Case current = load(caseId);
            cases.apply(CaseChange.of(current, transition(current, CaseStatus.HANDED_OFF).withTeam(team),
                            new TimelineEntry(now, TimelineKind.HANDOFF, actor, note, true, null, "handed off to " + team
                                    + "; the customer gets an update every " + RequestBodies.human(every)))
                    .settingDue(new DueItem(c.id(), DueKind.HANDOFF_UPDATE, now.plus(every), every)));
        });
        return reads.read(caseId);
    }

    /** The internal team's progress: recorded now, and said to the customer in their next periodic update. */
    private HttpResponse progress(String caseId, JsonNode body, String actor) {
        String note = RequestBodies.requiredText(body, "note");
        Case c = load(caseId);
        if (c.status() != CaseStatus.HANDED_OFF) {
            throw new ApiException(409, "progress notes are for a case handed off to a team, which updates the customer; "
                    + "this one is " + c.status());
        }
        if (c.replyTo() != null) {
            publicTexts.check(note); // it will be said in public
        }
        Instant now = clock.instant();
        cases.apply(CaseChange.of(c, c.toBuilder().progressNote(note).build(), new TimelineEntry(now, TimelineKind.PROGRESS,
                actor, note, true, null, "for the customer's next update")));
        return reads.read(caseId);
    }

    /** "I'll get back to you by 3pm": posted, and tracked as a deadline that escalates if it passes unkept. */
    private HttpResponse promise(String caseId, JsonNode body, String actor) {
        Instant now = clock.instant();
        Instant due = RequestBodies.instantOrDuration(body, "due", now);
        if (!due.isAfter(now)) {
            throw new ApiException(400, "due must be in the future");
        }
        String idempotencyKey = RequestBodies.idempotencyKey(body); // every field is checked before anything is written
        Case c = owned(caseId, actor);
        if (!c.status().isOpen()) {
            throw new ApiException(409, "a " + c.status() + " case takes no promises");
        }
        boolean privately = body.path("private").asBoolean(false) || c.replyTo() == null;
        String text = body.hasNonNull("text") ? RequestBodies.requiredText(body, "text")
                : templates.render("promise", c.platform(), c.customer(), c.assignee() == null ? actor : c.assignee(),
                        privately, null, Map.of("due", Templates.humanTime(due)));
        if (!privately) {
            publicTexts.check(text);
        }
        cases.apply(CaseChange.of(c, c.assignee() == null ? c.withAssignee(actor) : c,
                        new TimelineEntry(now, TimelineKind.PROMISE, actor, text, privately, null, "promised by " + due))
                .settingDue(new DueItem(c.id(), DueKind.PROMISE, due)));
        Action action = Action.byAgent(c, ActionType.PROMISE, idempotencyKey, text, privately, actor);
        actions.send(action);
        return HttpResponse.json(202, Map.of("queued", action.key(), "due", due.toString()));
    }

    private HttpResponse resolve(String caseId, JsonNode body, String actor) {
        String summary = RequestBodies.requiredText(body, "summary");
        String publicNote = RequestBodies.optionalText(body, "publicNote");
        Case c = load(caseId);
        transition(c, CaseStatus.RESOLVED); // refused (409) before anything is queued
        String text = null;
        if (publicNote != null && c.replyTo() != null) {
            text = templates.render("resolution", c, false, publicNote);
            publicTexts.check(text);
        }
        // Queued first: a refused enqueue writes nothing, so the agent's retry resolves and sends as if new. Once
        // queued, the resolution is recorded even if the reply function touched the case meanwhile.
        if (text != null) {
            actions.send(Action.resolution(c, text, actor));
        }
        Instant now = clock.instant();
        ConflictRetry.untilApplied(() -> {
            Case current = load(caseId);
            Case resolved = current.status() == CaseStatus.RESOLVED ? current
                    : transition(current, CaseStatus.RESOLVED).resolvedAt(now);
            cases.apply(CaseChange.of(current, resolved, new TimelineEntry(now, TimelineKind.STATUS, actor, summary, true, null,
                            "resolved"))
                    .recordingResolution()
                    .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP, DueKind.PROMISE, DueKind.HANDOFF_UPDATE)
                    .settingDue(new DueItem(c.id(), DueKind.CLOSE_LOOP, now.plus(brand.closeLoopAfter()))));
       
            if (current.status() != CaseStatus.RESOLVED) {
                events.publish(io.careloop.reports.ResolutionFigures.event(current, now, brand.team(current.team()),
                        brand.review().firstResponseHuman()));
            }
        });
        LOG.info("case resolved", "caseId", c.id());
        return reads.read(caseId);
    }

    /** Only spam and abuse are moderated; negative but legitimate comments never are. */
    /**
     * Only spam and abuse are moderated. A post triage judged worth answering (any case but triage's own moderation
     * record) is a customer's complaint until someone senior says otherwise: hiding or deleting it takes a lead and a
     * reason, both recorded.
     */
    private HttpResponse moderate(String caseId, JsonNode body, String actor, Role role) {
        String action = RequestBodies.requiredText(body, "action");
        String category = RequestBodies.requiredText(body, "category");
        if (!action.equals("hide") && !action.equals("delete") && !action.equals("unhide")) {
            throw new ApiException(400, "action must be hide, delete or unhide");
        }
        if (!MODERATION_CATEGORIES.contains(category)) {
            throw new ApiException(422, "only spam and abuse are moderated; a negative comment is answered, not removed");
        }
        Case c = load(caseId);
        if (c.replyTo() == null) {
            throw new ApiException(409, "the case has no public comment to moderate");
        }
        String reason = RequestBodies.optionalText(body, "reason");
        if (action.equals("unhide")) {
            // Undoing a hide shows the customer's words again: any agent may, and it is recorded like the hide.
            cases.apply(CaseChange.of(c, c, new TimelineEntry(clock.instant(), TimelineKind.MODERATION, actor, reason, false,
                    c.replyTo(), "unhide requested, category " + category)));
            actions.send(Action.unhideCase(c, category, actor));
            return reads.read(caseId);
        }
        boolean judgedLegitimate = c.status() != CaseStatus.MODERATED;
        if (judgedLegitimate && (role == null || !role.covers(Role.LEAD))) {
            throw new ApiException(403, "triage judged this post a customer's complaint: only a lead may " + action
                    + " it as " + category + ", with a reason");
        }
        if (judgedLegitimate && reason == null) {
            throw new ApiException(400, "reason is required to " + action + " a post triage judged a customer's complaint");
        }
        Case after = c.status().canMoveTo(CaseStatus.MODERATED) ? c.withStatus(CaseStatus.MODERATED) : c;
        cases.apply(CaseChange.of(c, after, new TimelineEntry(clock.instant(), TimelineKind.MODERATION, actor, reason, false,
                c.replyTo(), action + " requested, category " + category + (judgedLegitimate
                        ? "; confirmed by a lead over triage's judgement" : ""))).clearingDue(DueKind.FOLLOW_UP,
                DueKind.FIRST_RESPONSE_SLA));
        actions.send(Action.moderateCase(c, action, category, actor));
        boolean note = body.hasNonNull("publicNote") ? body.get("publicNote").asBoolean() : brand.removedCommentNote();
        // Only where the platform lets the brand remove a reply (Bluesky hides through the thread's threadgate):
        // elsewhere nothing was removed to speak of.
        if (note && c.platform() != Platform.MASTODON) {
            actions.send(Action.removedNote(c, category, actor));
        }
        return reads.read(caseId);
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

    private Case load(String caseId) {
        return cases.getCase(caseId).orElseThrow(() -> notFound(caseId));
    }

    private static ApiException notFound(String caseId) {
        return new ApiException(404, "no case " + caseId);
    }


}
