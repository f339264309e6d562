package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.local.signing.WebhookSigner;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hand-off that reaches the team's tool and comes back: the hand-off is a care event on the bus (a rule sends it
 * to the team's API destination), and the team's signed progress feeds the customer's update; "done" goes to an
 * agent to confirm, or resolves the case where the team's policy says so.
 */
class HandoffTest {
    private static final String SECRET = "test-handoff-secret";

    @RegisterExtension
    final TestStack stack = TestStack.perTest(environment());

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(TestStack.withoutReview());
        env.put("CARELOOP_HANDOFF_WEBHOOK_SECRET", SECRET);
        return env;
    }

    private String handedOffCase() {
        stack.postWebhook(TestStack.mention("x", "995", "95", "kim_t", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#995");
        HttpResponse<String> handoff = stack.api("POST", "/cases/" + caseId + "/handoff",
                "{\"team\": \"Engineering\", \"note\": \"firmware 2.1 suspected\", \"updateEvery\": \"1h\"}");
        assertThat(handoff.statusCode()).as(handoff.body()).isEqualTo(200);
        stack.runtime.drain();
        return caseId;
    }

    private HttpResponse<String> fromTheTeam(String team, String body, String secret) {
        return stack.send("POST", "/webhooks/handoff/" + team, body, WebhookSigner.generic(secret, body, stack.clock.instant()));
    }

    @Test
    void theTeamsToolGetsTheHandOffAndItsProgressReachesTheCustomer() {
        String caseId = handedOffCase();
        JsonNode handedOff = null;
        for (JsonNode e : stack.apiJson("GET", "/sandbox/events", null).path("events")) {
            if (e.path("detail-type").asText().equals("Case Handed Off")) {
                handedOff = e;
            }
        }
        assertThat(handedOff).isNotNull();
        assertThat(handedOff.path("detail").path("team").asText()).isEqualTo("Engineering");
        assertThat(handedOff.path("detail").path("note").asText()).isEqualTo("firmware 2.1 suspected");
        assertThat(handedOff.path("detail").path("firstWords").asText()).contains("my widget stopped working");

        HttpResponse<String> progress = fromTheTeam("Engineering",
                "{\"caseId\": \"" + caseId + "\", \"note\": \"We found the fault and a fix ships tonight.\", \"reference\": \"ENG-42\"}",
                SECRET);
        assertThat(progress.statusCode()).as(progress.body()).isEqualTo(202);
        stack.clock.advance(Duration.ofMinutes(61));
        stack.runtime.fireSchedule("FollowUpFunction");
        stack.runtime.drain();
        List<String> posted = stack.postsMentioning("@kim_t").stream().map(p -> p.path("body").path("text").asText()).toList();
        assertThat(posted).anySatisfy(t -> assertThat(t).contains("We found the fault and a fix ships tonight."));

        HttpResponse<String> done = fromTheTeam("Engineering", "{\"caseId\": \"" + caseId + "\", \"note\": \"Fixed in 2.2.\", "
                + "\"status\": \"done\"}", SECRET);
        assertThat(done.statusCode()).isEqualTo(202);
        JsonNode c = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(c.path("status").asText()).isEqualTo("HANDED_OFF"); // an agent confirms (the default policy)
        assertThat(c.path("timeline").findValuesAsText("note").toString()).contains("the team reports it done");
        assertThat(stack.apiJson("GET", "/sandbox/events", null).path("events").findValuesAsText("detail-type"))
                .contains("Hand-off Done");
    }

    @Test
    void unsignedWronglySignedOrMisdirectedProgressIsRefusedWithAReason() {
        String caseId = handedOffCase();
        String body = "{\"caseId\": \"" + caseId + "\", \"note\": \"progress\"}";
        HttpResponse<String> unsigned = stack.send("POST", "/webhooks/handoff/Engineering", body, Map.of());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("X-Careloop-Signature");
        assertThat(fromTheTeam("Engineering", body, "wrong-secret").statusCode()).isEqualTo(401);
        HttpResponse<String> otherTeam = fromTheTeam("Billing", body, SECRET);
        assertThat(otherTeam.statusCode()).isEqualTo(409);
        assertThat(otherTeam.body()).contains("with team Engineering");
        HttpResponse<String> arguing = fromTheTeam("Engineering", "{\"caseId\": \"" + caseId
                + "\", \"note\": \"As we already said, this is user error.\"}", SECRET);
        assertThat(arguing.statusCode()).isEqualTo(422);
        assertThat(fromTheTeam("Engineering", "not json", SECRET).statusCode()).isEqualTo(400);
    }
}
