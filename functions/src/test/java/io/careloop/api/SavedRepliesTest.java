package io.careloop.api;

import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.caller;
import static io.careloop.api.ApiCalls.error;
import static io.careloop.api.ApiCalls.get;
import static io.careloop.api.ApiCalls.json;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.events.CareEvents;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A team's saved replies: managed by a lead, checked when saved, filled for the case and checked again when sent. */
class SavedRepliesTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final CaseApi api = new CaseApi(store, store, store, actions, Brands.acme(), clock,
            new Console(Console.SignIn.LOCAL_TOKEN), new RecordingMetrics(), store, null, CareEvents.none(), store, store, null);
    private static final Map<String, String> LEAD = caller("Lee Lead", Role.LEAD);

    private static HttpRequest put(String path, String json, Map<String, String> claims) {
        return new HttpRequest("PUT", path, Map.of("content-type", "application/json"), Map.of(), Map.of(),
                json.getBytes(StandardCharsets.UTF_8), claims);
    }

    private HttpResponse save(String id, String text) {
        return api.handle(put("/teams/support/replies/" + id, "{\"title\": \"Replacement\", \"text\": \"" + text + "\"}", LEAD));
    }

    @Test
    void aLeadSavesAReplyThatAgentsListAndSendFilledForTheCase() {
        assertThat(save("replacement", "{greeting}I'm sorry about your {topic}: a replacement is on its way. {signature}")
                .status()).isEqualTo(200);
        Case c = store.givenOpenCase(ApiCalls.aCase("c1", CaseStatus.ACKNOWLEDGED));

        HttpResponse list = api.handle(get("/teams/support/replies", Map.of(), agent(ANA)));
        assertThat(json(list).path("replies").findValuesAsText("id")).containsExactly("replacement");

        HttpResponse preview = api.handle(post("/cases/c1/reply", "{\"savedReply\": \"replacement\", \"preview\": true}", agent(ANA)));
        assertThat(json(preview).path("text").asText()).startsWith("@dana_k I'm sorry about your widget")
                .doesNotContain("{");
        HttpResponse sent = api.handle(post("/cases/c1/reply", "{\"savedReply\": \"replacement\"}", agent(ANA)));
        assertThat(sent.status()).isEqualTo(202);
        assertThat(actions.sent(ActionType.AGENT_REPLY)).singleElement()
                .satisfies(a -> assertThat(a.text()).contains("a replacement is on its way").doesNotContain("{"));
        assertThat(c.team()).isEqualTo("support");
    }

    @Test
    void aSavedReplyWithAnUnknownVariableOrWordsTheGuardrailsRefuseIsNotSaved() {
        HttpResponse unknown = save("bad", "Hi {firstname}, sorted!");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(error(unknown)).contains("{firstname}");
        HttpResponse arguing = save("argue", "{greeting}As we already said, this is user error. {signature}");
        assertThat(arguing.status()).isEqualTo(422);
        assertThat(json(arguing).path("rule").asText()).isEqualTo("no-arguing");
        assertThat(store.savedReplies("support")).isEmpty();
    }

    @Test
    void onlyALeadManagesSavedRepliesAndAMissingOneIs404() {
        HttpResponse byAgent = api.handle(put("/teams/support/replies/x", "{\"title\": \"t\", \"text\": \"hello\"}", agent(ANA)));
        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(save("Not An Id", "hello").status()).isEqualTo(400);
        store.givenOpenCase(ApiCalls.aCase("c2", CaseStatus.ACKNOWLEDGED));
        HttpResponse missing = api.handle(post("/cases/c2/reply", "{\"savedReply\": \"nope\"}", agent(ANA)));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(error(missing)).contains("support").contains("nope");
        assertThat(actions.sent()).isEmpty();
    }
}
