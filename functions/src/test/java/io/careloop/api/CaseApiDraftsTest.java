package io.careloop.api;

import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.caller;
import static io.careloop.api.ApiCalls.error;
import static io.careloop.api.ApiCalls.get;
import static io.careloop.api.ApiCalls.json;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Draft;
import io.careloop.cases.TimelineKind;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.followup.FollowUpService;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Metrics;
import io.careloop.platform.Connectors;
import io.careloop.reply.ReplyService;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The review queue through the agents' API, with the reply function and the follow-up schedule around it: a draft
 * is listed, approved (as written or edited) and posted once, or rejected and never posted; community posts need a
 * lead; a draft past its deadline escalates its case and is never posted by itself.
 */
class CaseApiDraftsTest {
    private static final String ANA = "Ana Kim";
    private static final String LEE = "Lee Lead";

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock = MutableClock.at("2026-11-23T09:05:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final FakeConnector x = new FakeConnector(Platform.X, null);
    private final CaseApi api = new CaseApi(store, store, store, actions, Brands.acme(), clock,
            new Console(Console.SignIn.LOCAL_TOKEN), metrics);
    private final ReplyService reply = new ReplyService(store, store, store, store, new Connectors(List.of(x)),
            Brands.acme(), clock, null, metrics);
    private final FollowUpService followUp = new FollowUpService(store, store, store, actions, clock, metrics);

    /** Dana's case, whose acknowledgement triage wants a person to see: an outreach. */
    private Case anOutreachWaitingForReview() {
        Case c = store.givenOpenCase(ApiCalls.aCase("c_1", CaseStatus.NEW));
        Mention m = new Mention(Platform.X, c.replyTo(), c.customer(), c.firstWords(), c.createdAt(), c.threadId(), null,
                false, false, "poll:x");
        assertThat(reply.handle(Action.acknowledge(c.id(), m).reviewedFor(List.of("outreach"))))
                .isEqualTo(ReplyService.Result.DRAFTED);
        return c;
    }

    private String draftId() {
        return store.allDrafts().get(0).id();
    }

    /** What the reply function makes of everything the API queued. */
    private void replyFunctionRuns() {
        for (Action a : actions.sent()) {
            reply.handle(a);
        }
        actions.clear();
    }

    @Test
    void theQueueListsWaitingDraftsSoonestDeadlineFirstWithTheirReasons() {
        anOutreachWaitingForReview();
        reply.handle(Action.incidentPost("i_1", Platform.X)); // no deadline: last

        JsonNode list = json(api.handle(get("/drafts", Map.of(), agent(ANA))));

        assertThat(list.path("drafts")).hasSize(2);
        JsonNode first = list.path("drafts").get(0);
        assertThat(first.path("id").asText()).isEqualTo(draftId());
        assertThat(first.path("caseId").asText()).isEqualTo("c_1");
        assertThat(first.path("kind").asText()).isEqualTo("acknowledge");
        assertThat(first.path("text").asText()).startsWith("@dana_k I'm so sorry");
        assertThat(first.path("reasons").get(0).asText()).isEqualTo("outreach");
        assertThat(first.path("deadline").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(first.path("status").asText()).isEqualTo("WAITING");
        assertThat(list.path("drafts").get(1).path("kind").asText()).isEqualTo("incident_post");
        assertThat(json(api.handle(get("/drafts", Map.of("kind", "incident_post"), agent(ANA)))).path("drafts")).hasSize(1);
        assertThat(json(api.handle(get("/drafts", Map.of("team", "billing"), agent(ANA)))).path("drafts")).isEmpty();
        assertThat(json(api.handle(get("/drafts/" + draftId(), Map.of(), agent(ANA)))).path("status").asText())
                .isEqualTo("WAITING");
    }

    @Test
    void theCaseAndTheInboxShowAWaitingDraft() {
        anOutreachWaitingForReview();

        assertThat(json(api.handle(get("/cases/c_1", Map.of(), agent(ANA)))).path("draftWaiting").asBoolean()).isTrue();
        assertThat(json(api.handle(get("/cases", Map.of(), agent(ANA)))).path("cases").get(0).path("draftWaiting")
                .asBoolean()).isTrue();
    }

    @Test
    void anApprovedDraftIsPostedExactlyOnceEvenWhenApprovedTwice() {
        anOutreachWaitingForReview();
        String text = store.allDrafts().get(0).text();

        HttpResponse first = api.handle(post("/drafts/" + draftId() + "/approve", null, agent(ANA)));
        replyFunctionRuns();
        HttpResponse second = api.handle(post("/drafts/" + draftId() + "/approve", "{}", agent("Bo Lee")));
        replyFunctionRuns();

        assertThat(first.status()).isEqualTo(202);
        assertThat(json(first).path("status").asText()).isEqualTo("APPROVED");
        assertThat(second.status()).isEqualTo(409);
        assertThat(json(second).path("alreadyApproved").asBoolean()).isTrue();
        assertThat(x.posts()).singleElement().satisfies(p -> {
            assertThat(p.text()).isEqualTo(text);
            assertThat(p.inReplyTo()).isEqualTo("m-c_1");
        });
        Case after = store.getCase("c_1").orElseThrow();
        assertThat(after.firstHumanResponseAt()).isEqualTo(clock.instant());
        assertThat(after.status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(store.timeline("c_1")).anyMatch(e -> e.kind() == TimelineKind.DRAFT && e.actor().equals(ANA)
                && e.note().equals("acknowledge approved by " + ANA));
        assertThat(json(api.handle(get("/cases/c_1", Map.of(), agent(ANA)))).path("draftWaiting").asBoolean()).isFalse();
    }

    @Test
    void anEditIsCheckedByTheGuardrailsAgainAndARefusedOneChangesNothing() {
        anOutreachWaitingForReview();

        HttpResponse refused = api.handle(post("/drafts/" + draftId() + "/approve",
                "{\"text\": \"@dana_k So sorry, we'll send you a full refund.\"}", agent(ANA)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(json(refused).path("rule").asText()).isEqualTo("no-compensation");
        assertThat(actions.sent()).isEmpty();
        assertThat(store.allDrafts().get(0).status()).isEqualTo(Draft.Status.WAITING);

        HttpResponse edited = api.handle(post("/drafts/" + draftId() + "/approve",
                "{\"text\": \"@dana_k So sorry about your widget. Could you DM us the details? ^AK\"}", agent(ANA)));
        replyFunctionRuns();

        assertThat(edited.status()).isEqualTo(202);
        assertThat(x.posts()).singleElement().satisfies(p ->
                assertThat(p.text()).isEqualTo("@dana_k So sorry about your widget. Could you DM us the details? ^AK"));
        assertThat(store.timeline("c_1")).anyMatch(e -> e.kind() == TimelineKind.DRAFT
                && e.note().equals("acknowledge approved by " + ANA + " (edited)"));
    }

    @Test
    void aRejectedDraftIsNeverPosted() {
        Case c = anOutreachWaitingForReview();

        assertThat(api.handle(post("/drafts/" + draftId() + "/reject", "{}", agent(ANA))).status()).isEqualTo(400);
        HttpResponse rejected = api.handle(post("/drafts/" + draftId() + "/reject",
                "{\"reason\": \"she is a journalist; PR answers\"}", agent(ANA)));
        Mention m = new Mention(Platform.X, c.replyTo(), c.customer(), c.firstWords(), c.createdAt(), c.threadId(), null,
                false, false, "poll:x");
        ReplyService.Result redelivered = reply.handle(Action.acknowledge(c.id(), m).reviewedFor(List.of("outreach")));
        HttpResponse approveAfter = api.handle(post("/drafts/" + draftId() + "/approve", null, agent(ANA)));

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(json(rejected).path("status").asText()).isEqualTo("REJECTED");
        assertThat(json(rejected).path("note").asText()).isEqualTo("she is a journalist; PR answers");
        assertThat(redelivered).as("the rejection settled its key as not sent").isEqualTo(ReplyService.Result.ALREADY_POSTED);
        assertThat(approveAfter.status()).isEqualTo(409);
        assertThat(actions.sent()).isEmpty();
        assertThat(x.calls()).isZero();
        assertThat(store.timeline("c_1")).anyMatch(e -> e.kind() == TimelineKind.DRAFT
                && e.note().equals("acknowledge rejected by " + ANA + ": she is a journalist; PR answers"));
    }

    @Test
    void aRejectedCloseTheLoopStillClosesTheCaseAndFreesTheCustomer() {
        Case resolved = store.givenOpenCase(ApiCalls.aCase("c_1", CaseStatus.RESOLVED));
        assertThat(reply.handle(Action.due(resolved, ActionType.CLOSE_LOOP, clock.instant()).reviewedFor(List.of("vip"))))
                .isEqualTo(ReplyService.Result.DRAFTED);

        HttpResponse rejected = api.handle(post("/drafts/" + draftId() + "/reject",
                "{\"reason\": \"we will call her instead\"}", agent(ANA)));

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(store.getCase("c_1").orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(store.openCaseOf(resolved.platform().id() + "#" + resolved.customer().id())).isEmpty();
        assertThat(x.calls()).isZero();
    }

    @Test
    void aDraftOfACommunityPostNeedsALead() {
        String incident = store.openIncident("x#widget", Platform.X, "widget", clock.instant()).incidentId();
        reply.handle(Action.incidentPost(incident, Platform.X));

        HttpResponse byAgent = api.handle(post("/drafts/" + draftId() + "/approve", null, agent(ANA)));
        HttpResponse rejectByAgent = api.handle(post("/drafts/" + draftId() + "/reject", "{\"reason\":\"no\"}", agent(ANA)));
        HttpResponse byLead = api.handle(post("/drafts/" + draftId() + "/approve", null, caller(LEE, Role.LEAD)));
        replyFunctionRuns();

        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(error(byAgent)).isEqualTo("a incident post is posted to the whole community: its draft needs the lead role");
        assertThat(rejectByAgent.status()).isEqualTo(403);
        assertThat(byLead.status()).isEqualTo(202);
        assertThat(x.posts()).hasSize(1);
    }

    @Test
    void anIncidentPostDraftIsOutOfDateOnceTheIncidentIsOver() {
        String incident = store.openIncident("x#widget", Platform.X, "widget", clock.instant()).incidentId();
        reply.handle(Action.incidentPost(incident, Platform.X));
        store.resolveIncident(store.getIncident(incident).orElseThrow(), clock.instant());

        HttpResponse r = api.handle(post("/drafts/" + draftId() + "/approve", null, caller(LEE, Role.LEAD)));
        replyFunctionRuns();

        assertThat(r.status()).isEqualTo(409);
        assertThat(error(r)).contains("the incident is over");
        assertThat(x.posts()).isEmpty();
    }

    @Test
    void aFirstReplyDraftIsOutOfDateOnceAPersonAnsweredTheCustomer() {
        Case c = anOutreachWaitingForReview();
        Case stored = store.getCase(c.id()).orElseThrow();
        store.apply(io.careloop.cases.CaseChange.of(stored, stored.toBuilder().firstHumanResponseAt(clock.instant()).build(),
                new io.careloop.cases.TimelineEntry(clock.instant(), io.careloop.cases.TimelineKind.REPLY, ANA, "hello", false,
                        "p-1", null)));

        HttpResponse r = api.handle(post("/drafts/" + draftId() + "/approve", null, agent(ANA)));
        replyFunctionRuns();

        assertThat(r.status()).isEqualTo(409);
        assertThat(error(r)).contains("a person has answered this customer since");
        assertThat(x.posts()).isEmpty();
    }

    @Test
    void aViewerReadsTheQueueButDecidesNothing() {
        anOutreachWaitingForReview();

        assertThat(api.handle(get("/drafts", Map.of(), caller("Vi", Role.VIEWER))).status()).isEqualTo(200);
        assertThat(api.handle(post("/drafts/" + draftId() + "/approve", null, caller("Vi", Role.VIEWER))).status())
                .isEqualTo(403);
        assertThat(api.handle(get("/drafts/not-a-draft", Map.of(), agent(ANA))).status()).isEqualTo(404);
    }

    @Test
    void aDraftStillWaitingAtItsDeadlineEscalatesTheCaseAndIsNeverPostedByItself() {
        anOutreachWaitingForReview();
        clock.set(Instant.parse("2026-11-23T10:00:01Z"));

        followUp.run();
        followUp.run();

        Case after = store.getCase("c_1").orElseThrow();
        assertThat(after.status()).isEqualTo(CaseStatus.ESCALATED);
        assertThat(store.timeline("c_1")).filteredOn(e -> e.kind() == TimelineKind.ALERT)
                .singleElement().satisfies(e -> assertThat(e.note()).contains("wait for review past their deadline"));
        assertThat(metrics.total(Metrics.Name.DraftsOverdue)).isEqualTo(1);
        assertThat(actions.sent()).isEmpty();
        assertThat(x.calls()).isZero();
        assertThat(store.allDrafts().get(0).status()).isEqualTo(Draft.Status.WAITING);
    }

    @Test
    void aDraftDecidedBeforeItsDeadlineEscalatesNothing() {
        anOutreachWaitingForReview();
        api.handle(post("/drafts/" + draftId() + "/approve", null, agent(ANA)));
        replyFunctionRuns();
        clock.set(Instant.parse("2026-11-23T10:00:01Z"));

        followUp.run();

        assertThat(store.getCase("c_1").orElseThrow().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(metrics.total(Metrics.Name.DraftsOverdue)).isZero();
    }

    @Test
    void aFirstReplysDraftNoLongerRacesOnceAnAgentAnsweredTheCustomer() {
        anOutreachWaitingForReview();
        api.handle(post("/cases/c_1/reply", "{\"text\": \"Hi Dana, I'm looking into it now.\", \"idempotencyKey\": \"k1\"}",
                agent(ANA)));
        replyFunctionRuns();
        clock.set(Instant.parse("2026-11-23T10:00:01Z"));

        followUp.run();

        assertThat(store.getCase("c_1").orElseThrow().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(metrics.total(Metrics.Name.DraftsOverdue)).isZero();
        assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo("Hi Dana, I'm looking into it now."));
    }

    @Test
    void statsGiveTheAutomaticAcknowledgementAndAPersonsFirstResponseApart() {
        Instant opened = Instant.parse("2026-11-23T09:00:00Z");
        store.givenOpenCase(ApiCalls.aCase("c_1", CaseStatus.ACKNOWLEDGED).toBuilder()
                .firstResponseAt(opened.plusSeconds(60)).firstHumanResponseAt(opened.plus(Duration.ofMinutes(90))).build());
        store.givenOpenCase(ApiCalls.aCase("c_2", CaseStatus.ACKNOWLEDGED).toBuilder()
                .customer(new io.careloop.core.Author("43", "lee", "Lee", 1, false))
                .firstResponseAt(opened.plus(Duration.ofMinutes(20))).firstHumanResponseAt(opened.plus(Duration.ofMinutes(20)))
                .build());

        JsonNode human = json(api.handle(get("/stats", Map.of(), agent(ANA))));
        JsonNode any = json(new CaseApi(store, store, store, actions, Brands.withPolicy("\"firstResponse\": \"any\""), clock,
                new Console(Console.SignIn.LOCAL_TOKEN), metrics).handle(get("/stats", Map.of(), agent(ANA))));

        assertThat(human.path("automaticAcknowledgementSeconds").path("count").asInt()).isEqualTo(1);
        assertThat(human.path("automaticAcknowledgementSeconds").path("p50").asLong()).isEqualTo(60);
        assertThat(human.path("firstHumanResponseSeconds").path("count").asInt()).isEqualTo(2);
        assertThat(human.path("firstHumanResponseSeconds").path("p50").asLong()).isEqualTo(20 * 60);
        assertThat(human.path("firstHumanResponseSeconds").path("p90").asLong()).isEqualTo(90 * 60);
        assertThat(human.path("slaMeasuredOn").asText()).isEqualTo("human");
        assertThat(human.path("slaAttainment").asDouble()).isEqualTo(0.5); // a person answered c_1 after its hour
        assertThat(any.path("slaMeasuredOn").asText()).isEqualTo("any");
        assertThat(any.path("slaAttainment").asDouble()).isEqualTo(1.0);
    }
}
