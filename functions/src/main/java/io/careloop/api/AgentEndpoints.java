package io.careloop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Agent;
import io.careloop.core.Platform;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.routing.Routing;
import io.careloop.store.Agents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /agents} and {@code PUT /agents/{id}}: who takes cases, for which teams, in which languages and on
 * which platforms, and how many open cases at most. An agent sets their own presence; a lead sets anyone's.
 * Going away hands the agent's open cases back to their teams; coming back takes the teams' waiting cases.
 */
final class AgentEndpoints {
    /** A cap above this is a typo, not a workload. */
    static final int MAX_CAP = 500;
    /** The cap of an agent first seen without one. */
    static final int DEFAULT_CAP = 10;
    /** {@code /agents/me}: the caller, as their token names them. */
    static final String ME = "me";
    private static final Log LOG = Log.of(AgentEndpoints.class);

    private final Agents agents;
    private final Routing routing;

    AgentEndpoints(Agents agents, Routing routing) {
        this.agents = agents;
        this.routing = routing;
    }

    HttpResponse route(String[] parts, HttpRequest request, String actor) {
        String method = request.method();
        if (parts.length == 1 && method.equals("GET")) {
            List<Map<String, Object>> views = agents.roster().stream().map(AgentEndpoints::view).toList();
            return HttpResponse.json(200, Map.of("agents", views));
        }
        if (parts.length == 2 && parts[1].equals(ME)) {
            parts = new String[] {parts[0], actor}; // the caller, whatever their token names them
            if (method.equals("GET")) {
                Agent self = agents.agent(actor).orElse(newAgent(actor));
                return HttpResponse.json(200, view(self));
            }
        }
        if (parts.length == 2 && method.equals("GET")) {
            String id = parts[1];
            return agents.agent(id).map(a -> HttpResponse.json(200, view(a)))
                    .orElseThrow(() -> new ApiException(404, "no agent " + id));
        }
        if (parts.length == 2 && method.equals("PUT")) {
            Role role = Role.of(request.claims());
            if (!parts[1].equals(actor) && (role == null || !role.covers(Role.LEAD))) {
                throw new ApiException(403, "an agent sets their own presence (" + actor + "); setting "
                        + parts[1] + "'s takes the lead role");
            }
            return put(parts[1], RequestBodies.body(request), actor);
        }
        throw new ApiException(404, "no route " + method + " " + request.path() + "; use GET /agents or PUT /agents/{id}");
    }

    private HttpResponse put(String agentId, JsonNode body, String actor) {
        if (agentId.isBlank() || agentId.length() > 200) {
            throw new ApiException(400, "agent id must be 1 to 200 characters");
        }
        Agent stored = agents.agent(agentId).orElse(null);
        Agent before = stored != null ? stored : newAgent(agentId);
        boolean available = body.has("available") ? bool(body, "available") : before.available();
        List<String> teams = body.has("teams") ? strings(body.get("teams"), "teams") : before.teams();
        JsonNode skills = body.path("skills");
        if (body.has("skills") && !skills.isObject()) {
            throw new ApiException(400, "skills must be an object {\"languages\": [...], \"platforms\": [...]}");
        }
        Set<String> languages = skills.has("languages") ? languages(skills.get("languages")) : before.languages();
        Set<Platform> platforms = skills.has("platforms") ? platforms(skills.get("platforms")) : before.platforms();
        int cap = before.maxOpenCases();
        if (body.has("maxOpenCases")) {
            JsonNode max = body.get("maxOpenCases");
            if (!max.isInt() || max.asInt() < 0 || max.asInt() > MAX_CAP) {
                throw new ApiException(400, "maxOpenCases must be a whole number from 0 to " + MAX_CAP);
            }
            cap = max.asInt();
        }
        Agent after = before.withProfile(available, teams, languages, platforms, cap);
        agents.saveProfile(after);
        LOG.info("agent profile saved", "agent", agentId, "available", available, "by", actor);
        Map<String, Object> result = new LinkedHashMap<>();
        if (before.available() && !available) {
            Routing.Handback back = routing.handBack(agentId);
            result.put("reassigned", back.reassigned());
            result.put("unassigned", back.unassigned());
        }
        if (available) {
            result.put("taken", routing.takeWaiting(agentId));
        }
        Map<String, Object> view = new LinkedHashMap<>(view(agents.agent(agentId).orElse(after)));
        view.putAll(result);
        return HttpResponse.json(200, view);
    }

    /** An agent first seen: away, in no team, with the default cap. */
    private static Agent newAgent(String id) {
        return new Agent(id, false, List.of(), Set.of(), Set.of(), DEFAULT_CAP, 0, null);
    }

    static Map<String, Object> view(Agent a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("available", a.available());
        v.put("teams", a.teams());
        v.put("skills", Map.of("languages", new TreeSet<>(a.languages()),
                "platforms", a.platforms().stream().map(Platform::id).sorted().toList()));
        v.put("maxOpenCases", a.maxOpenCases());
        v.put("openCases", a.openCases());
        if (a.lastAssignedAt() != null) {
            v.put("lastAssignedAt", a.lastAssignedAt().toString());
        }
        return v;
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (!v.isBoolean()) {
            throw new ApiException(400, field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static List<String> strings(JsonNode array, String field) {
        if (array == null || !array.isArray() || array.size() > 50) {
            throw new ApiException(400, field + " must be an array of at most 50 names");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 100) {
                throw new ApiException(400, field + " must hold names of 1 to 100 characters");
            }
            if (!values.contains(v.asText().strip())) {
                values.add(v.asText().strip());
            }
        }
        return values;
    }

    private static Set<String> languages(JsonNode array) {
        Set<String> codes = new TreeSet<>();
        for (String code : strings(array, "skills.languages")) {
            if (!code.matches("[A-Za-z]{2,3}")) {
                throw new ApiException(400, "skills.languages holds ISO 639-1 codes such as en, es, fr; not '" + code + "'");
            }
            codes.add(code.toLowerCase(Locale.ROOT));
        }
        return codes;
    }

    private static Set<Platform> platforms(JsonNode array) {
        Set<Platform> platforms = new java.util.HashSet<>();
        for (String id : strings(array, "skills.platforms")) {
            platforms.add(Platform.fromId(id).orElseThrow(() -> new ApiException(400, "skills.platforms: unknown platform '"
                    + id + "'; use " + java.util.Arrays.stream(Platform.values()).map(Platform::id).toList())));
        }
        return platforms;
    }
}
