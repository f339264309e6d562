package io.careloop.local;

import java.time.Clock;
import io.careloop.observe.EmfMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.observe.Log;
import io.careloop.local.signing.WebhookSigner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A full run's logs and metrics carry ids, never secrets or what customers and agents wrote. */
class LogHygieneTest {

    @Test
    void aFullRunLogsNoSecretAndNoMessageBodyAtInfo() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Log.configure(capture, Log.Level.INFO);
        try (TestStack stack = new TestStack(Map.of("CARELOOP_X_ACCESS_TOKEN_UNUSED", "x"), null,
                new EmfMetrics(capture, Clock.systemUTC()))) {
            String secretText = "my purple-elephant widget is broken and useless, terrible";
            stack.postWebhook(TestStack.mention("x", "55501", "555", "privacy", "@AcmeHelp " + secretText));
            stack.send("POST", "/webhooks/generic", TestStack.mention("x", "55502", "555", "privacy", "@AcmeHelp forged"),
                    WebhookSigner.generic("guessed-secret", "{}", stack.clock.instant()));
            stack.runtime.drain();
            String caseId = io.careloop.cases.CaseIds.forOpeningMention("x#55501");
            stack.api("POST", "/cases/" + caseId + "/reply", "{\"text\":\"@privacy confidential-reply-words here\"}");
            stack.api("POST", "/cases/" + caseId + "/reply", "{\"text\":\"Your code is 4-secret-agent-note\",\"private\":true}");
            stack.runtime.drain();
            stack.clock.advance(Duration.ofHours(5));
            stack.runtime.fireSchedules();
            stack.runtime.drain();
        } finally {
            Log.configure(System.out, Log.Level.INFO);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        assertThat(logs).contains("case opened").contains("posted").contains("\"caseId\"").contains("MentionsIn");
        for (String secret : new String[] {TestStack.GENERIC_SECRET, TestStack.API_TOKEN, "dev-x-access-token",
                "dev-mastodon-access-token", "dev-meta-page-token", "guessed-secret"}) {
            assertThat(logs).as("secret " + secret).doesNotContain(secret);
        }
        for (String body : new String[] {"purple-elephant", "confidential-reply-words", "4-secret-agent-note", "forged"}) {
            assertThat(logs).as("message body " + body).doesNotContain(body);
        }
    }
}
