package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Agent;
import io.careloop.cases.Case;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.events.CareEvents;
import io.careloop.routing.Routing;
import io.careloop.store.dynamo.DynamoStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Automatic assignment against DynamoDB Local through the real SDK: the agent's cap holds under concurrent
 * triage instances, and the agents' API routes new cases, hands cases back and takes waiting ones.
 */
class RoutingTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(withAgentToken());

    private static Map<String, String> withAgentToken() {
        Map<String, String> env = new java.util.HashMap<>(TestStack.withoutReview());
        env.put("CARELOOP_LOCAL_TOKENS", "agent:agent-token");
        return env;
    }

    private DynamoStore store() {
        return new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"), stack.clock);
    }

    private Case open(DynamoStore store, String mentionId) {
        Instant now = stack.clock.instant();
        Mention mention = new Mention(Platform.X, mentionId, new Author("a" + mentionId, "cust" + mentionId,
                "Customer " + mentionId, 10, false), "@AcmeHelp my widget is broken", now, mentionId, null, true, false,
                "test", null, null);
        Case c = new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.NEW, Priority.P3, Platform.X,
                mention.author(), mentionId, mentionId, "my widget is broken", null, "Care", "widget", now,
                now.plus(Duration.ofHours(4)), null, null, false, null, false, 0, 0);
        store.mentionClaims().openCase(CaseOpening.of(c, mention, new TimelineEntry(now, TimelineKind.MENTION,
                "@cust" + mentionId, mention.text(), false, mentionId, "test"), new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA,
                c.firstResponseDue())));
        return c;
    }

    @Test
    void twoTriageInstancesNeverAssignPastAnAgentsCap() throws Exception {
        DynamoStore setup = store();
        setup.agents().saveProfile(new Agent("ana", true, List.of("Care"), Set.of(), Set.of(), 3, 0, null));
        setup.agents().saveProfile(new Agent("bo", true, List.of("Care"), Set.of(), Set.of(), 2, 0, null));
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            caseIds.add(open(setup, "70" + i).id());
        }
        BrandConfig brand = BrandConfig.load(new Settings(Map.of()));
        // Two instances, each with its own store adapter, routing at once from several threads each.
        List<Routing> instances = List.of(
                new Routing(store().agents(), store().cases(), CareEvents.none(), brand, stack.clock),
                new Routing(store().agents(), store().cases(), CareEvents.none(), brand, stack.clock));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> routes = new ArrayList<>();
        for (int i = 0; i < caseIds.size(); i++) {
            Routing routing = instances.get(i % 2);
            String id = caseIds.get(i);
            routes.add(() -> routing.route(id, "en").isPresent());
        }
        long routed = 0;
        for (Future<Boolean> f : pool.invokeAll(routes)) {
            routed += f.get() ? 1 : 0;
        }
        pool.shutdown();

        Map<String, Long> owners = new java.util.HashMap<>();
        for (String id : caseIds) {
            String owner = setup.cases().getCase(id).orElseThrow().assignee();
            if (owner != null) {
                owners.merge(owner, 1L, Long::sum);
            }
        }
        assertThat(routed).isEqualTo(5);
        assertThat(owners).isEqualTo(Map.of("ana", 3L, "bo", 2L));
        assertThat(setup.agents().agent("ana").orElseThrow().openCases()).isEqualTo(3);
        assertThat(setup.agents().agent("bo").orElseThrow().openCases()).isEqualTo(2);
    }

    @Test
    void newCasesAreAssignedAndAnAgentWhoGoesAwayHandsThemBack() {
        HttpResponse<String> put = stack.api("PUT", "/agents/ana", "{\"available\": true, \"teams\": [\"Care\"], "
                + "\"skills\": {\"languages\": [\"en\"], \"platforms\": [\"x\"]}, \"maxOpenCases\": 2}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        stack.api("PUT", "/agents/bo", "{\"available\": true, \"teams\": [\"Care\"], \"maxOpenCases\": 1}");
        for (String[] m : List.of(new String[] {"800", "@AcmeHelp my widget stopped working"},
                new String[] {"801", "@AcmeHelp my charger is broken and nobody answers"},
                new String[] {"802", "@AcmeHelp the widget screen cracked after a day"},
                new String[] {"803", "@AcmeHelp my widget will not turn on"})) {
            assertThat(stack.postWebhook(TestStack.mention("x", m[0], "8" + m[0], "u" + m[0], m[1])).statusCode()).isEqualTo(202);
        }
        stack.runtime.drain();

        JsonNode agents = stack.apiJson("GET", "/agents", null).path("agents");
        assertThat(agents.findValuesAsText("id")).containsExactly("ana", "bo");
        assertThat(agents.get(0).path("openCases").asInt()).isEqualTo(2);
        assertThat(agents.get(1).path("openCases").asInt()).isEqualTo(1);
        List<String> owners = new ArrayList<>();
        for (String m : List.of("800", "801", "802", "803")) {
            JsonNode c = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#" + m), null);
            owners.add(c.path("assignee").asText("-"));
        }
        assertThat(owners).filteredOn(o -> !o.equals("-")).hasSize(3);

        JsonNode away = stack.apiJson("PUT", "/agents/ana", "{\"available\": false}");
        assertThat(away.path("available").asBoolean()).isFalse();
        assertThat(away.path("openCases").asInt()).isZero();
        assertThat(away.path("reassigned").asInt() + away.path("unassigned").asInt()).isEqualTo(2);
        assertThat(stack.apiJson("GET", "/cases?assignee=ana", null).path("cases")).isEmpty();

        // bo was full; ana comes back and takes the waiting cases again, up to her cap
        JsonNode back = stack.apiJson("PUT", "/agents/ana", "{\"available\": true}");
        assertThat(back.path("taken").asInt()).isEqualTo(2);
        assertThat(back.path("openCases").asInt()).isEqualTo(2);
    }

    @Test
    void anAgentSetsOnlyTheirOwnPresenceAndBadProfilesAreRefusedWithAReason() {
        HttpResponse<String> badCap = stack.api("PUT", "/agents/ana", "{\"maxOpenCases\": -1}");
        assertThat(badCap.statusCode()).isEqualTo(400);
        assertThat(badCap.body()).contains("maxOpenCases");
        HttpResponse<String> badPlatform = stack.api("PUT", "/agents/ana", "{\"skills\": {\"platforms\": [\"myspace\"]}}");
        assertThat(badPlatform.statusCode()).isEqualTo(400);
        assertThat(badPlatform.body()).contains("myspace");
        assertThat(stack.api("GET", "/agents/nobody", null).statusCode()).isEqualTo(404);
        HttpResponse<String> someoneElse = stack.send("PUT", "/agents/ana", "{\"available\": false}",
                Map.of("authorization", "Bearer agent-token"));
        assertThat(someoneElse.statusCode()).isEqualTo(403);
        assertThat(someoneElse.body()).contains("lead");
    }
}
