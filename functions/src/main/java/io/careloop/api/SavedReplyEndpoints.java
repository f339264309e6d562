package io.careloop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Case;
import io.careloop.cases.SavedReply;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.store.SavedReplies;
import io.careloop.voice.Templates;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Each team's saved replies: {@code GET /teams/{team}/replies} for anyone who reads the inbox, {@code PUT} and
 * {@code DELETE /teams/{team}/replies/{id}} for a lead. A saved reply is checked when it is saved — every variable
 * one careloop fills, the words within the guardrails — and again, filled for the case, when it is sent.
 */
final class SavedReplyEndpoints {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final int MAX_TITLE = 100;
    static final int MAX_TEXT = 2_000;
    /** Who a saved reply is tried on when it is saved: every variable filled as for a real case. */
    private static final Author SAMPLE_CUSTOMER = new Author("0", "customer", "Sam Customer", 0, false);
    private static final Log LOG = Log.of(SavedReplyEndpoints.class);

    private final SavedReplies replies;
    private final Templates templates;
    private final PublicTexts publicTexts;
    private final Clock clock;

    SavedReplyEndpoints(SavedReplies replies, Templates templates, PublicTexts publicTexts, Clock clock) {
        this.replies = replies;
        this.templates = templates;
        this.publicTexts = publicTexts;
        this.clock = clock;
    }

    /** {@code parts}: teams, {team}, replies[, {id}]. */
    HttpResponse route(String[] parts, HttpRequest request, String actor) {
        if (parts.length < 3 || !parts[2].equals("replies") || parts.length > 4) {
            throw new ApiException(404, "no route " + request.method() + " " + request.path()
                    + "; use /teams/{team}/replies[/{id}]");
        }
        String team = parts[1];
        String method = request.method();
        if (parts.length == 3 && method.equals("GET")) {
            return HttpResponse.json(200, Map.of("team", team,
                    "replies", replies.savedReplies(team).stream().map(SavedReplyEndpoints::view).toList()));
        }
        if (parts.length == 4 && method.equals("GET")) {
            return HttpResponse.json(200, view(replies.savedReply(team, parts[3])
                    .orElseThrow(() -> new ApiException(404, "team " + team + " has no saved reply " + parts[3]))));
        }
        if (parts.length == 4 && (method.equals("PUT") || method.equals("DELETE"))) {
            Callers.requireRole(request, Role.LEAD);
            if (method.equals("DELETE")) {
                if (!replies.deleteReply(team, parts[3])) {
                    throw new ApiException(404, "team " + team + " has no saved reply " + parts[3]);
                }
                return HttpResponse.json(200, Map.of("deleted", parts[3], "team", team));
            }
            return put(team, parts[3], RequestBodies.body(request), actor);
        }
        throw new ApiException(404, "no route " + method + " " + request.path());
    }

    private HttpResponse put(String team, String id, JsonNode body, String actor) {
        if (!ID.matcher(id).matches()) {
            throw new ApiException(400, "a saved reply's id is 1 to 64 lower-case letters, digits and dashes, like refund-policy");
        }
        String title = RequestBodies.requiredText(body, "title");
        String text = RequestBodies.requiredText(body, "text");
        if (title.length() > MAX_TITLE || text.length() > MAX_TEXT) {
            throw new ApiException(400, "title is at most " + MAX_TITLE + " characters and text at most " + MAX_TEXT);
        }
        String sample;
        try {
            sample = templates.fill("saved reply " + team + "/" + id, text, Platform.X, SAMPLE_CUSTOMER, actor, false, "",
                    Map.of("topic", "widget", "team", team));
        } catch (Templates.UnfilledVariable e) {
            throw new ApiException(400, "the text uses a variable careloop does not fill: " + e.getMessage()
                    + "; use {greeting}, {name}, {signature}, {contact}, {contactClause}, {brand}, {topic}, {team}, "
                    + "{sorryAbout}, {topicForEveryone}");
        }
        publicTexts.check(sample); // 422 with the rule, before it is ever offered to an agent
        SavedReply saved = new SavedReply(team, id, title, text, clock.instant(), actor);
        replies.saveReply(saved);
        LOG.info("saved reply stored", "team", team, "id", id, "by", actor);
        return HttpResponse.json(200, view(saved));
    }

    /** The saved reply's words filled for a case, as {@code POST /cases/{id}/reply {"savedReply"}} sends them. */
    String render(Case c, String id, boolean isPrivate, String actor, String note) {
        if (c.team() == null) {
            throw new ApiException(409, "case " + c.id() + " has no team, so no saved replies");
        }
        SavedReply reply = replies.savedReply(c.team(), id)
                .orElseThrow(() -> new ApiException(404, "team " + c.team() + " has no saved reply " + id));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("team", c.team());
        if (c.topic() != null) {
            extra.put("topic", c.topic());
        }
        return templates.fill("saved reply " + c.team() + "/" + id, reply.text(), c.platform(), c.customer(),
                c.assignee() == null ? actor : c.assignee(), isPrivate, note, extra);
    }

    static Map<String, Object> view(SavedReply r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("team", r.team());
        v.put("title", r.title());
        v.put("text", r.text());
        v.put("updatedAt", r.updatedAt().toString());
        v.put("updatedBy", r.updatedBy());
        return v;
    }
}
