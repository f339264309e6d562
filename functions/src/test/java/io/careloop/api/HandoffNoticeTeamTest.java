package io.careloop.api;

import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.aCase;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.CaseStatus;
import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.platform.PlatformConnector;
import io.careloop.queue.ActionQueue;
import io.careloop.reply.ReplyService;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-off notice is queued before the case records its new team, and the reply function may post it in between:
 * it still names the team the agent handed the case to, not the one the case had.
 */
class HandoffNoticeTeamTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final FakeConnector x = new FakeConnector(Platform.X, null);
    private final ReplyService reply = new ReplyService(store, store, store, store,
            new Connectors(List.<PlatformConnector>of(x)), Brands.acmeWithoutReview(), clock, null, new RecordingMetrics());
    private final List<ReplyService.Result> results = new ArrayList<>();

    /** The reply function at its quickest: it handles each action the moment it is queued. */
    private final ActionQueue postedAtOnce = actions -> actions.forEach(a -> results.add(reply.handle(a)));

    @Test
    void aNoticePostedBeforeTheCaseRecordsTheHandOffNamesTheNewTeam() {
        store.givenOpenCase(aCase("c_1", CaseStatus.ACKNOWLEDGED).toBuilder().assignee(ANA).team("support").build());
        CaseApi api = new CaseApi(store, store, store, postedAtOnce, Brands.acmeWithoutReview(), clock,
                new Console(Console.SignIn.LOCAL_TOKEN), new RecordingMetrics());

        var response = api.handle(post("/cases/c_1/handoff", "{\"team\":\"billing\",\"updateEvery\":\"4h\"}", agent(ANA)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(results).containsExactly(ReplyService.Result.POSTED);
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text())
                .contains("our billing team").doesNotContain("support team"));
        assertThat(store.getCase("c_1").orElseThrow().team()).isEqualTo("billing");
    }
}
