package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.core.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mastodon as it is: since 4.3 a notification the account's policy filtered (a mention from someone the brand does
 * not follow, a new account) is left out of {@code GET /api/v1/notifications} unless asked for, and a brand wants
 * every mention; status creation is limited to 300 per 3 hours, which the sandbox enforces as Mastodon does.
 */
class MastodonNotificationsAndLimitsTest {

    private static void mention(TestStack stack, String id, boolean filtered) {
        stack.send("POST", "/sandbox/mastodon/notifications", Json.write(Map.of("id", id, "type", "mention", "filtered", filtered,
                "created_at", "2026-11-23T09:00:00.000Z", "account", Map.of("id", "77" + id, "acct", "new" + id + "@other.example",
                        "display_name", "New Account"),
                "status", Map.of("id", "1130" + id, "created_at", "2026-11-23T09:00:00.000Z", "visibility", "public",
                        "content", "<p>@acme my parcel " + id + " never arrived</p>", "account", Map.of("id", "77" + id,
                                "acct", "new" + id + "@other.example", "display_name", "New Account")))), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Integer>> poll(TestStack stack) {
        return (Map<String, Map<String, Integer>>) stack.runtime.functions().get("PollFunction").invoke(Map.of());
    }

    @Test
    void filteredMentionsAreReadByDefault() {
        try (TestStack stack = new TestStack()) {
            mention(stack, "501", false);
            mention(stack, "502", true);

            assertThat(poll(stack).get("found")).containsEntry("mastodon-notifications", 2);
            assertThat(stack.runtime.sandbox().requests()).anySatisfy(r -> {
                assertThat(r.path()).isEqualTo("/mastodon/api/v1/notifications");
                assertThat(r.query()).contains("include_filtered=true");
            });
        }
    }

    @Test
    void theSandboxRefusesThe301stStatusInThreeHoursAsMastodonDoes() {
        try (TestStack stack = new TestStack()) {
            Map<String, String> auth = Map.of("authorization", "Bearer dev-mastodon-access-token");
            for (int i = 0; i < 300; i++) {
                assertThat(stack.send("POST", "/sandbox/mastodon/api/v1/statuses", Json.write(Map.of("status", "update " + i)),
                        auth).statusCode()).isEqualTo(200);
            }
            var refused = stack.send("POST", "/sandbox/mastodon/api/v1/statuses", Json.write(Map.of("status", "one more")), auth);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("x-ratelimit-limit")).contains("300");
            assertThat(refused.headers().firstValue("x-ratelimit-reset").orElseThrow()).endsWith(":00:00Z");
        }
    }

    @Test
    void aBrandThatLeavesItsPolicyInChargeDoesNotSeeThem() {
        try (TestStack stack = new TestStack(Map.of("CARELOOP_MASTODON_INCLUDE_FILTERED", "false"))) {
            mention(stack, "601", false);
            mention(stack, "602", true);

            assertThat(poll(stack).get("found")).containsEntry("mastodon-notifications", 1);
        }
    }
}
