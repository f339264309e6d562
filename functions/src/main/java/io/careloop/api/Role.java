package io.careloop.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a caller of the agents' API may do. Each role includes the ones before it: a viewer reads the inbox,
 * cases, incidents and stats; an agent also works cases (reply, assign, hand off, promise, resolve, moderate);
 * a lead also resolves incidents, which posts to the whole community at once.
 *
 * <p>The roles come from the verified token: Cognito groups named {@code viewer}, {@code agent} or {@code lead}
 * (claim {@code cognito:groups}, or {@code groups} for other issuers), or OAuth scopes {@code careloop/viewer},
 * {@code careloop/agent}, {@code careloop/lead} (claim {@code scope} or {@code scp}). A token with none of them
 * is authenticated but may do nothing: 403, never a silent read-only view.
 */
public enum Role {
    VIEWER, AGENT, LEAD;

    private static final String SCOPE_PREFIX = "careloop/";

    /** Whether this role carries the rights of {@code needed}. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The highest role a caller's claims grant, or null for none. */
    public static Role of(Map<String, String> claims) {
        Set<Role> granted = EnumSet.noneOf(Role.class);
        for (String claim : new String[] {"cognito:groups", "groups"}) {
            for (String group : values(claims.get(claim))) {
                role(group).ifPresent(granted::add);
            }
        }
        for (String claim : new String[] {"scope", "scp"}) {
            for (String scope : values(claims.get(claim))) {
                if (scope.startsWith(SCOPE_PREFIX)) {
                    role(scope.substring(SCOPE_PREFIX.length())).ifPresent(granted::add);
                }
            }
        }
        return granted.stream().max(Enum::compareTo).orElse(null);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static java.util.Optional<Role> role(String name) {
        for (Role r : values()) {
            if (r.id().equals(name)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * API Gateway flattens a list claim into one string: {@code [agent lead]} from a JWT array, or a
     * space-separated {@code scope}. Accept both, and a JSON array or comma list from other callers.
     */
    private static String[] values(String raw) {
        if (raw == null || raw.isBlank()) {
            return new String[0];
        }
        String inner = raw.strip().replaceAll("^\\[|]$", "");
        return inner.replace("\"", "").split("[\\s,]+");
    }
}
