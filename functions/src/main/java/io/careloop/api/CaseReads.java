package io.careloop.api;

import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.store.CaseRepository;
import io.careloop.store.Drafts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The inbox, one case with its timeline, and the API's own description. */
final class CaseReads {
    private static final int MAX_PAGE = 100;
    private static final Set<String> FILTERS = Set.of("status", "priority", "team", "assignee", "platform", "incident");

    /** How many waiting drafts the inbox looks through to mark its cases. */
    private static final int WAITING_DRAFTS = 1_000;

    private final CaseRepository cases;
    private final Drafts drafts;

    CaseReads(CaseRepository cases, Drafts drafts) {
        this.cases = cases;
        this.drafts = drafts;
    }

    HttpResponse list(HttpRequest request) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            request.queryParam(name).filter(v -> !v.isBlank()).ifPresent(v -> filters.put(name, v));
        }
        boolean open = !"false".equals(request.queryParam("open").orElse("true"));
        if (filters.containsKey("status")) {
            CaseStatus status = RequestBodies.enumValue(CaseStatus.class, "status", filters.get("status"));
            filters.put("status", status.name());
            open = status.isOpen();
        }
        if (filters.containsKey("priority")) {
            filters.put("priority", RequestBodies.enumValue(Priority.class, "priority", filters.get("priority")).name());
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
        Set<String> waiting = new HashSet<>();
        drafts.waitingDrafts(Map.of(), WAITING_DRAFTS).forEach(d -> waiting.add(d.caseId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cases", page.cases().stream().map(c -> CaseViews.summary(c, waiting.contains(c.id()))).toList());
        body.put("next", page.next());
        return HttpResponse.json(200, body);
    }

    HttpResponse read(String caseId) {
        var found = cases.getCaseWithTimeline(caseId).orElseThrow(() -> new ApiException(404, "no case " + caseId));
        return HttpResponse.json(200, CaseViews.detail(found.theCase(), found.timeline(), found.draftWaiting()));
    }

    static HttpResponse openApi() {
        try (InputStream in = CaseApi.class.getResourceAsStream(CaseApi.OPENAPI_RESOURCE)) {
            return new HttpResponse(200, Map.of("content-type", "application/json"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new ApiException(500, "the API description is missing from the package");
        }
    }
}
