package io.careloop.api;

import io.careloop.http.HttpRequest;
import io.careloop.observe.Log;
import java.util.List;
import java.util.Map;

/** Who is calling the agents' API, from the verified token's claims, and what their role lets them do. */
final class Callers {
    private static final Log LOG = Log.of(Callers.class);

    private Callers() {
    }

    /** 403 with the reason when the caller's token does not carry the role this request needs. */
    static void requireRole(HttpRequest request, Role needed) {
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
}
