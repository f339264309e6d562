package io.careloop.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void cognitoGroupsAsApiGatewayFlattensThem() {
        assertThat(Role.of(Map.of("cognito:groups", "[agent]"))).isEqualTo(Role.AGENT);
        assertThat(Role.of(Map.of("cognito:groups", "[viewer lead]"))).isEqualTo(Role.LEAD);
        assertThat(Role.of(Map.of("groups", "[\"viewer\",\"billing\"]"))).isEqualTo(Role.VIEWER);
    }

    @Test
    void oauthScopesWithTheCareloopPrefix() {
        assertThat(Role.of(Map.of("scope", "openid email careloop/agent"))).isEqualTo(Role.AGENT);
        assertThat(Role.of(Map.of("scp", "careloop/viewer"))).isEqualTo(Role.VIEWER);
        // A bare "agent" scope from some other API is not a careloop role.
        assertThat(Role.of(Map.of("scope", "agent lead"))).isNull();
    }

    @Test
    void noRoleIsNoRoleAndLookalikesDoNotCount() {
        assertThat(Role.of(Map.of())).isNull();
        assertThat(Role.of(Map.of("cognito:groups", "[agents leaders Lead]"))).isNull();
        assertThat(Role.of(Map.of("name", "lead"))).isNull();
    }

    @Test
    void eachRoleIncludesTheOnesBelow() {
        assertThat(Role.LEAD.covers(Role.AGENT)).isTrue();
        assertThat(Role.AGENT.covers(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.covers(Role.AGENT)).isFalse();
        assertThat(Role.AGENT.covers(Role.LEAD)).isFalse();
    }
}
