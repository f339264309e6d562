package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may do what on the agents' API (401 without a valid token, 403 without the role), and the console's files. */
class AccessTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass(Map.of("CARELOOP_LOCAL_TOKENS", "viewer:viewer-token,agent:agent-token,none:no-role-token"));

    private static HttpResponse<String> as(String token, String method, String path, String body) {
        return stack.send(method, path, body, token == null ? Map.of() : Map.of("authorization", "Bearer " + token));
    }

    private static int customers;

    private static String openCase() {
        String handle = "mia" + ++customers;
        assertThat(stack.postWebhook(TestStack.mention("x", "acc-" + customers, "u-acc-" + customers, handle,
                "@AcmeHelp my order never arrived, terrible service")).statusCode()).isEqualTo(202);
        stack.runtime.drain();
        var cases = stack.apiJson("GET", "/cases", null).path("cases");
        for (var c : cases) {
            if (c.path("customer").path("handle").asText().equals(handle)) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError("no case for " + handle + " in " + cases);
    }

    @Test
    void aMissingOrWrongTokenIs401() {
        assertThat(as(null, "GET", "/cases", null).statusCode()).isEqualTo(401);
        assertThat(as("not-a-token", "GET", "/cases", null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/cases", null, Map.of("authorization", "Basic dGVzdA==")).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutACareloopRoleIs403WithTheReason() {
        HttpResponse<String> r = as("no-role-token", "GET", "/cases", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("needs the viewer role");
        assertThat(as("no-role-token", "GET", "/stats", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerReadsButCannotWorkACase() {
        String caseId = openCase();
        assertThat(as("viewer-token", "GET", "/cases", null).statusCode()).isEqualTo(200);
        assertThat(as("viewer-token", "GET", "/cases/" + caseId, null).statusCode()).isEqualTo(200);
        HttpResponse<String> reply = as("viewer-token", "POST", "/cases/" + caseId + "/reply", "{\"text\":\"Hello\"}");
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.body()).contains("needs the agent role").contains("only viewer");
        stack.runtime.drain();
        assertThat(stack.apiJson("GET", "/sandbox/posts", null).toString()).doesNotContain("Hello");
    }

    @Test
    void anAgentWorksCasesButOnlyALeadResolvesAnIncident() {
        String caseId = openCase();
        assertThat(as("agent-token", "POST", "/cases/" + caseId + "/assign", "{\"assignee\":\"Local agent\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> incident = as("agent-token", "POST", "/incidents/i_1/resolve", "{\"outcome\":\"Fixed.\"}");
        assertThat(incident.statusCode()).isEqualTo(403);
        assertThat(incident.body()).contains("needs the lead role");
        // The lead gets past the role check to the incident itself, which does not exist.
        assertThat(stack.api("POST", "/incidents/i_1/resolve", "{\"outcome\":\"Fixed.\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void theConsoleIsServedWithoutATokenAndLocksDownWhatThePageMayLoad() {
        HttpResponse<String> page = as(null, "GET", "/console", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("content-security-policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(page.body()).contains("<script src=\"/console/app.js\"");
        assertThat(as(null, "GET", "/console/app.js", null).headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        HttpResponse<String> config = as(null, "GET", "/console/config.json", null);
        assertThat(config.body()).contains("\"signIn\":\"token\"").contains("\"acknowledge.private\"")
                .doesNotContain(TestStack.API_TOKEN);
        assertThat(as(null, "GET", "/console/../template.yaml", null).statusCode()).isIn(400, 404);
        assertThat(as(null, "GET", "/console/secrets.json", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aReplyPreviewShowsTheTextAndTheGuardrailsVerdictAndSendsNothing() {
        String caseId = openCase();
        var blocked = stack.apiJson("POST", "/cases/" + caseId + "/reply",
                "{\"text\":\"Actually you are wrong, read the manual.\",\"preview\":true}");
        assertThat(blocked.path("allowed").asBoolean()).isFalse();
        assertThat(blocked.path("rule").asText()).isNotEmpty();
        var fine = stack.apiJson("POST", "/cases/" + caseId + "/reply", "{\"template\":\"apologise_private\",\"preview\":true}");
        assertThat(fine.path("allowed").asBoolean()).isTrue();
        assertThat(fine.path("text").asText()).contains("DM");
        stack.runtime.drain();
        assertThat(stack.apiJson("GET", "/sandbox/posts", null).toString()).doesNotContain("read the manual");
    }
}
