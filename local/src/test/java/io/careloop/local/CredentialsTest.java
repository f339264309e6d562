package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A platform refuses careloop's token (401): the secrets are read again, once; a rotated token is picked up
 * without a restart; a revoked one shows up as an alert on the case and a log error, never as silent loss.
 */
class CredentialsTest {
    private TestStack stack;
    private Path secrets;

    @BeforeEach
    void start() throws Exception {
        secrets = Files.createTempFile("careloop-secrets", ".json");
        Files.writeString(secrets, "{\"x_access_token\":\"old-x-token\"}");
        stack = new TestStack(Map.of("CARELOOP_SECRETS_FILE", secrets.toString()));
        stack.visibilityTimeout("ActionQueue", 1);
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        Files.deleteIfExists(secrets);
    }

    private void xAccepts(String token) {
        stack.send("POST", "/sandbox/tokens", "{\"platform\":\"x\",\"accept\":[\"" + token + "\"]}", Map.of());
    }

    @Test
    void aRotatedTokenIsReadAgainOnThe401AndThePostGoesOutOnce() throws Exception {
        stack.postWebhook(TestStack.mention("x", "980001", "981", "rotated", "@AcmeHelp my order never arrived, terrible"));
        xAccepts("new-x-token");
        Files.writeString(secrets, "{\"x_access_token\":\"new-x-token\"}"); // rotated after careloop read it
        stack.runtime.drain();

        assertThat(stack.postsMentioning("@rotated")).hasSize(1);
        assertThat(stack.runtime.sandbox().calls().stream().filter(c -> c.status() == 401)).as("one refusal, then the new token").hasSize(1);
    }

    @Test
    void aRevokedTokenLeavesAnAlertOnTheCaseAndTheActionWaitsForTheFix() throws Exception {
        xAccepts("new-x-token"); // the old token is revoked and nobody has updated the secret
        stack.postWebhook(TestStack.mention("x", "980002", "982", "revoked", "@AcmeHelp my order never arrived, terrible"));
        stack.runtime.drain();

        assertThat(stack.postsMentioning("@revoked")).isEmpty();
        JsonNode c = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#980002"), null);
        assertThat(c.path("timeline").toString()).contains("x refused careloop's credentials").contains("update the secret")
                .doesNotContain("old-x-token");
        assertThat(stack.messagesWaiting("ActionQueue")).as("kept for a retry, not dropped").isEqualTo(1);

        Files.writeString(secrets, "{\"x_access_token\":\"new-x-token\"}"); // the team fixes the secret
        Thread.sleep(1_200);
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@revoked")).hasSize(1);
    }

    private java.util.List<JsonNode> credentialEvents() {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        stack.apiJson("GET", "/sandbox/events", null).path("events").forEach(e -> {
            if (e.path("detail-type").asText().equals("Platform Credentials Failing")) {
                found.add(e);
            }
        });
        return found;
    }

    @Test
    void aRevokedTokenIsToldToTheCareTeamOnceAnHourWithPlatformAndAccountButNeverTheToken() throws Exception {
        xAccepts("new-x-token");
        stack.postWebhook(TestStack.mention("x", "980003", "983", "told", "@AcmeHelp my order never arrived, terrible"));
        stack.runtime.drain();
        Thread.sleep(1_200); // the action comes back on its queue and is refused again
        stack.runtime.drain();

        assertThat(stack.runtime.sandbox().calls().stream().filter(c -> c.status() == 401)).as("refused on every attempt")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(credentialEvents()).as("one event for the account within the hour").singleElement().satisfies(e -> {
            assertThat(e.path("source").asText()).isEqualTo("careloop");
            assertThat(e.path("detail").path("platform").asText()).isEqualTo("x");
            assertThat(e.path("detail").path("doing").asText()).isEqualTo("post");
            assertThat(e.path("detail").path("reason").asText()).contains("401");
            assertThat(e.toString()).doesNotContain("old-x-token").doesNotContain("new-x-token");
        });

        // An hour on, the poll of the account's mentions meets the same refusal: told again.
        stack.clock.advance(java.time.Duration.ofMinutes(61));
        stack.runtime.fireSchedule("PollFunction");

        assertThat(credentialEvents()).hasSize(2).last().satisfies(e -> {
            assertThat(e.path("detail").path("platform").asText()).isEqualTo("x");
            assertThat(e.path("detail").path("doing").asText()).isEqualTo("poll");
            assertThat(e.toString()).doesNotContain("old-x-token");
        });
    }
}
