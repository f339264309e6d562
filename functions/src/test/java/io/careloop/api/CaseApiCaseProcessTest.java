package io.careloop.api;

import io.careloop.cases.TimelineKind;
import io.careloop.testing.RecordingMetrics;
import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.BO;
import static io.careloop.api.ApiCalls.aCase;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.caller;
import static io.careloop.api.ApiCalls.error;
import static io.careloop.api.ApiCalls.json;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CasePage;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.CaseWithTimeline;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.http.HttpResponse;
import io.careloop.store.CaseRepository;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The steps of the case process through the agents' API: what each changes, records, schedules and queues. */
class CaseApiCaseProcessTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RacingCases cases = new RacingCases();
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final CaseApi api = api();

    private CaseApi api() {
        return new CaseApi(cases, store, store, actions, Brands.acme(), clock, new Console(Console.SignIn.LOCAL_TOKEN), metrics);
    }

    /** The store's cases, where another agent's write can slip in between a request's read and its write. */
    private final class RacingCases implements CaseRepository {
        private Runnable beforeNextApply;

        void someoneElseWritesFirst(Runnable write) {
            beforeNextApply = write;
        }

        @Override
        public Optional<Case> getCase(String caseId) {
            return store.getCase(caseId);
        }

        @Override
        public Optional<CaseWithTimeline> getCaseWithTimeline(String caseId) {
            return store.getCaseWithTimeline(caseId);
        }

        @Override
        public CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor) {
            return store.listCases(open, filters, limit, cursor);
        }

        @Override
        public void apply(CaseChange change) {
            Runnable write = beforeNextApply;
            beforeNextApply = null;
            if (write != null) {
                write.run();
            }
            store.apply(change);
        }
    }

    private Case given(Case c) {
        return store.givenOpenCase(c);
    }

    private HttpResponse act(String who, String action, String body) {
        return api.handle(post("/cases/c_1/" + action, body, agent(who)));
    }

    private Case stored() {
        return store.getCase("c_1").orElseThrow();
    }

    // ---- reply ---------------------------------------------------------------------------------

    @Test
    void aGoodReplyQueuesOneAgentReplyKeyedByTheIdempotencyKeyAndTheFirstToReplyOwnsTheCase() {
        given(aCase("c_1", CaseStatus.NEW));

        HttpResponse r = act(ANA, "reply", "{\"text\":\"I'm so sorry, I'm on it now.\",\"idempotencyKey\":\"r-1\"}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(json(r).path("queued").asText()).isEqualTo("c_1#AGENT_REPLY#r-1");
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.AGENT_REPLY);
            assertThat(a.key()).isEqualTo("c_1#AGENT_REPLY#r-1");
            assertThat(a.text()).isEqualTo("I'm so sorry, I'm on it now.");
            assertThat(a.inReplyTo()).isEqualTo("m-c_1");
            assertThat(a.isPrivate()).isFalse();
            assertThat(a.actor()).isEqualTo(ANA);
        });
        assertThat(stored().assignee()).isEqualTo(ANA);
        assertThat(store.timeline("c_1")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.ASSIGN);
            assertThat(e.note()).isEqualTo("assigned to Ana Kim (first to reply)");
        });
    }

    @Test
    void aRetriedReplyWithTheSameKeyQueuesTheSameActionKey() {
        given(aCase("c_1", CaseStatus.NEW));
        String body = "{\"text\":\"On it now.\",\"idempotencyKey\":\"r-1\"}";

        HttpResponse first = act(ANA, "reply", body);
        HttpResponse retry = act(ANA, "reply", body);

        assertThat(json(retry).path("queued").asText()).isEqualTo(json(first).path("queued").asText());
        assertThat(actions.sent()).extracting(Action::key).containsOnly("c_1#AGENT_REPLY#r-1");
        assertThat(store.timeline("c_1")).hasSize(1);
    }

    @Test
    void aPrivateReplyIsNotHeldToThePublicRules() {
        given(aCase("c_1", CaseStatus.PRIVATE));

        HttpResponse r = act(ANA, "reply", "{\"text\":\"Your order #1234567 ships today.\",\"private\":true}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.isPrivate()).isTrue();
            assertThat(a.inReplyTo()).isNull();
        });
    }

    @Test
    void aBlockedPublicReplyAnswersWithTheRuleAndQueuesNothing() {
        Case before = given(aCase("c_1", CaseStatus.NEW));

        HttpResponse r = act(ANA, "reply", "{\"text\":\"As we already said, charge it first.\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).path("rule").asText()).isEqualTo("no-arguing");
        assertThat(error(r)).startsWith("the text was not sent: never argue or blame in public");
        assertThat(actions.sent()).isEmpty();
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aPreviewReturnsTheVerdictAndQueuesNothing() {
        Case before = given(aCase("c_1", CaseStatus.NEW));

        JsonNode blocked = json(act(ANA, "reply", "{\"text\":\"We'll refund you $49.99.\",\"preview\":true}"));
        JsonNode fine = json(act(ANA, "reply", "{\"template\":\"follow_up\",\"preview\":true}"));

        assertThat(blocked.path("allowed").asBoolean()).isFalse();
        assertThat(blocked.path("rule").asText()).isEqualTo("no-compensation");
        assertThat(blocked.path("reason").asText()).isNotBlank();
        assertThat(fine.path("allowed").asBoolean()).isTrue();
        assertThat(fine.has("rule")).isFalse();
        assertThat(fine.path("text").asText()).startsWith("@dana_k Just checking in").endsWith("^AK");
        assertThat(fine.path("private").asBoolean()).isFalse();
        assertThat(actions.sent()).isEmpty();
        assertThat(stored()).isEqualTo(before);
    }

    // ---- ownership, transitions, races ---------------------------------------------------------

    @Test
    void someoneElsesCaseIsRefusedUntilItIsReassigned() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED).toBuilder().assignee(BO).build());

        HttpResponse refused = act(ANA, "reply", "{\"text\":\"On it now.\"}");
        HttpResponse handoff = act(ANA, "handoff", "{\"team\":\"billing\"}");
        HttpResponse promise = act(ANA, "promise", "{\"due\":\"2h\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(error(refused)).isEqualTo("case c_1 is owned by Bo Lee; reassign it (POST /cases/c_1/assign) before replying");
        assertThat(handoff.status()).isEqualTo(409);
        assertThat(promise.status()).isEqualTo(409);
        assertThat(actions.sent()).isEmpty();

        HttpResponse assigned = act(ANA, "assign", "{\"assignee\":\"Ana Kim\"}");
        HttpResponse replied = act(ANA, "reply", "{\"text\":\"On it now.\"}");

        assertThat(assigned.status()).isEqualTo(200);
        assertThat(json(assigned).path("assignee").asText()).isEqualTo(ANA);
        assertThat(json(assigned).path("timeline").get(0).path("note").asText())
                .isEqualTo("assigned to Ana Kim (was Bo Lee)");
        assertThat(replied.status()).isEqualTo(202);
        assertThat(actions.sent(ActionType.AGENT_REPLY)).hasSize(1);
    }

    @Test
    void aStepTheCaseStatusDoesNotAllowIsRefusedWithTheReason() {
        given(aCase("c_1", CaseStatus.RESOLVED));

        HttpResponse handoff = act(ANA, "handoff", "{\"team\":\"billing\"}");
        HttpResponse resolve = act(ANA, "resolve", "{\"summary\":\"again\"}");
        HttpResponse promise = act(ANA, "promise", "{\"due\":\"2h\"}");

        assertThat(handoff.status()).isEqualTo(409);
        assertThat(error(handoff)).isEqualTo("a RESOLVED case cannot be handed off");
        assertThat(resolve.status()).isEqualTo(409);
        assertThat(error(resolve)).isEqualTo("a RESOLVED case cannot be resolved");
        assertThat(promise.status()).isEqualTo(409);
        assertThat(error(promise)).isEqualTo("a RESOLVED case takes no promises");
        assertThat(store.timeline("c_1")).isEmpty();
        assertThat(store.allDue()).isEmpty();
    }

    @Test
    void aClosedCaseTakesNoMoreReplies() {
        given(aCase("c_1", CaseStatus.CLOSED));

        HttpResponse r = act(ANA, "reply", "{\"text\":\"One more thing.\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(error(r)).isEqualTo("case is CLOSED; it takes no more replies");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aChangeThatRacesAnotherAgentsIsRefusedAndTheOtherWins() {
        Case before = given(aCase("c_1", CaseStatus.NEW));
        cases.someoneElseWritesFirst(() -> store.apply(CaseChange.of(before, before.withAssignee(BO),
                new TimelineEntry(clock.instant(), TimelineKind.ASSIGN, BO, null, false, null, "assigned to Bo Lee"))));

        HttpResponse r = act(ANA, "assign", "{\"assignee\":\"Ana Kim\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(error(r)).isEqualTo("Case c_1 was changed by someone else; reload it and try again");
        assertThat(stored().assignee()).isEqualTo(BO);
        assertThat(store.timeline("c_1")).hasSize(1);
    }

    @Test
    void aReplyThatLosesARaceQueuesNothing() {
        Case before = given(aCase("c_1", CaseStatus.NEW));
        cases.someoneElseWritesFirst(() -> store.apply(CaseChange.of(before, before.withHostileMessage(),
                new TimelineEntry(clock.instant(), TimelineKind.MENTION, "dana_k", "still broken", false, "m2", null))));

        HttpResponse r = act(ANA, "reply", "{\"text\":\"On it now.\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(actions.sent()).isEmpty();
    }

    // ---- assign, hand off, promise, resolve, moderate ------------------------------------------

    @Test
    void assigningRecordsWhoTookTheCaseOver() {
        given(aCase("c_1", CaseStatus.NEW));

        HttpResponse r = act(ANA, "assign", "{\"assignee\":\"Bo Lee\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).path("assignee").asText()).isEqualTo(BO);
        assertThat(json(r).path("version").asLong()).isEqualTo(2);
        assertThat(store.timeline("c_1")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.ASSIGN);
            assertThat(e.actor()).isEqualTo(ANA);
            assertThat(e.note()).isEqualTo("assigned to Bo Lee");
        });
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aHandOffMovesTheCaseToTheTeamAndSchedulesTheCustomersUpdates() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse r = act(ANA, "handoff", "{\"team\":\"billing\",\"note\":\"refund check\",\"updateEvery\":\"4h\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(CaseStatus.HANDED_OFF);
        assertThat(stored().team()).isEqualTo("billing");
        assertThat(store.timeline("c_1")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.HANDOFF);
            assertThat(e.text()).isEqualTo("refund check");
            assertThat(e.isPrivate()).isTrue();
            assertThat(e.note()).isEqualTo("handed off to billing; the customer gets an update every 4h");
        });
        Duration every = Duration.ofHours(4);
        assertThat(store.allDue()).containsExactly(
                new DueItem("c_1", DueKind.HANDOFF_UPDATE, clock.instant().plus(every), every));
        assertThat(actions.sent()).as("the customer hears at once who has it and when they hear next")
                .singleElement().satisfies(a -> {
                    assertThat(a.type()).isEqualTo(ActionType.HANDOFF_NOTICE);
                    assertThat(a.dueAt()).isEqualTo(clock.instant().plus(every));
                    assertThat(a.inReplyTo()).isEqualTo(stored().replyTo());
                    assertThat(a.team()).as("the team the notice names").isEqualTo("billing");
                });
    }

    @Test
    void aProgressNoteIsRecordedForTheCustomersNextUpdate() {
        given(aCase("c_1", CaseStatus.HANDED_OFF));

        HttpResponse r = act(ANA, "progress", "{\"note\":\"The replacement part ships on Friday.\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(stored().progressNote()).isEqualTo("The replacement part ships on Friday.");
        assertThat(store.timeline("c_1")).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.PROGRESS);
            assertThat(e.isPrivate()).isTrue();
        });
        assertThat(actions.sent()).as("said in the next periodic update, not now").isEmpty();
    }

    @Test
    void aProgressNoteIsForACaseHandedOffToATeam() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse r = act(ANA, "progress", "{\"note\":\"Looking into it.\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(stored().progressNote()).isNull();
    }

    @Test
    void noRemovedCommentNoteWhereThePlatformRemovesNothing() {
        given(aCase("c_1", CaseStatus.MODERATED).toBuilder().platform(io.careloop.core.Platform.MASTODON).build());

        HttpResponse r = act(ANA, "moderate", "{\"action\":\"hide\",\"category\":\"spam\",\"publicNote\":true}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(actions.sent()).extracting(Action::type).containsExactly(ActionType.MODERATE);
    }

    @Test
    void aProgressNoteThatWouldArgueInPublicIsRefused() {
        given(aCase("c_1", CaseStatus.HANDED_OFF));

        HttpResponse r = act(ANA, "progress", "{\"note\":\"As we already said, it was your fault.\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(stored().progressNote()).isNull();
    }

    @Test
    void withoutAnIntervalTheCustomerHearsFromUsDaily() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        act(ANA, "handoff", "{\"team\":\"billing\"}");

        assertThat(store.allDue()).singleElement().satisfies(d -> {
            assertThat(d.every()).isEqualTo(Duration.ofDays(1));
            assertThat(d.dueAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        });
    }

    @Test
    void aPromiseIsQueuedRecordedAndTrackedAsADeadline() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));
        Instant due = Instant.parse("2026-11-23T15:00:00Z");

        HttpResponse r = act(ANA, "promise", "{\"due\":\"2026-11-23T15:00:00Z\",\"idempotencyKey\":\"p-1\"}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(json(r).path("queued").asText()).isEqualTo("c_1#PROMISE#p-1");
        assertThat(json(r).path("due").asText()).isEqualTo(due.toString());
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.PROMISE);
            assertThat(a.text()).startsWith("@dana_k I'll get back to you by 15:00 UTC on").endsWith("^AK");
        });
        assertThat(store.allDue()).containsExactly(new DueItem("c_1", DueKind.PROMISE, due));
        assertThat(store.timeline("c_1")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.PROMISE);
            assertThat(e.note()).isEqualTo("promised by " + due);
        });
        assertThat(stored().assignee()).isEqualTo(ANA);
    }

    @Test
    void aPromiseDueInTwoHoursIsDueTwoHoursFromNow() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse r = act(ANA, "promise", "{\"due\":\"2h\"}");

        assertThat(json(r).path("due").asText()).isEqualTo(clock.instant().plus(Duration.ofHours(2)).toString());
    }

    @Test
    void resolvingClearsWhatWasPendingSchedulesTheCloseTheLoopAndSendsThePublicNote() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED).toBuilder().assignee(ANA).build());
        store.givenDue(new DueItem("c_1", DueKind.FOLLOW_UP, clock.instant().plus(Duration.ofHours(3))));
        store.givenDue(new DueItem("c_1", DueKind.PROMISE, clock.instant().plus(Duration.ofHours(1))));

        HttpResponse r = act(BO, "resolve", "{\"summary\":\"replaced the charger\",\"publicNote\":\"The new charger is on its way.\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(stored().resolvedAt()).isEqualTo(clock.instant());
        assertThat(store.allDue()).containsExactly(
                new DueItem("c_1", DueKind.CLOSE_LOOP, clock.instant().plus(Brands.acme().closeLoopAfter())));
        assertThat(store.timeline("c_1")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.STATUS);
            assertThat(e.text()).isEqualTo("replaced the charger");
            assertThat(e.note()).isEqualTo("resolved");
        });
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("c_1#RESOLUTION");
            assertThat(a.text()).startsWith("@dana_k The new charger is on its way.");
        });
    }

    @Test
    void aResolutionWithoutAPublicNoteSendsNothingAndABlockedNoteResolvesNothing() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse blocked = act(ANA, "resolve", "{\"summary\":\"refunded\",\"publicNote\":\"We sent a full refund.\"}");

        assertThat(blocked.status()).isEqualTo(422);
        assertThat(json(blocked).path("rule").asText()).isEqualTo("no-compensation");
        assertThat(stored().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);

        HttpResponse quiet = act(ANA, "resolve", "{\"summary\":\"refunded\"}");

        assertThat(quiet.status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(CaseStatus.RESOLVED);
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aLeadHidingSpamWithAReasonModeratesTheCaseAndQueuesTheHide() {
        given(aCase("c_1", CaseStatus.NEW));

        HttpResponse r = api.handle(post("/cases/c_1/moderate",
                "{\"action\":\"hide\",\"category\":\"spam\",\"publicNote\":true,\"reason\":\"a link farm, not a customer\"}",
                caller(ANA, Role.LEAD)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(stored().status()).isEqualTo(CaseStatus.MODERATED);
        assertThat(actions.sent()).extracting(Action::key).containsExactly("c_1#MODERATE#m-c_1", "c_1#REMOVED_NOTE#m-c_1");
        assertThat(actions.sent(ActionType.MODERATE)).singleElement().satisfies(a -> {
            assertThat(a.text()).isEqualTo("hide");
            assertThat(a.category()).isEqualTo("spam");
        });
    }

    @Test
    void anAgentCannotHideAPostTriageJudgedAComplaint() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse r = act(ANA, "moderate", "{\"action\":\"hide\",\"category\":\"abuse\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(error(r)).contains("only a lead");
        assertThat(stored().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aLeadMustGiveAReasonToHideAPostTriageJudgedAComplaint() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        HttpResponse r = api.handle(post("/cases/c_1/moderate", "{\"action\":\"hide\",\"category\":\"abuse\"}",
                caller(ANA, Role.LEAD)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).contains("reason is required");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void theLeadsReasonIsRecordedOnTheTimeline() {
        given(aCase("c_1", CaseStatus.ACKNOWLEDGED));

        api.handle(post("/cases/c_1/moderate", "{\"action\":\"hide\",\"category\":\"abuse\",\"reason\":\"threats to staff\"}",
                caller(ANA, Role.LEAD)));

        assertThat(store.timeline("c_1")).last().satisfies(e -> {
            assertThat(e.text()).isEqualTo("threats to staff");
            assertThat(e.actor()).isEqualTo(ANA);
            assertThat(e.note()).contains("confirmed by a lead");
        });
    }

    @Test
    void aPrivateCaseHasNothingPublicToModerate() {
        given(aCase("c_1", CaseStatus.PRIVATE).toBuilder().replyTo(null).build());

        HttpResponse r = act(ANA, "moderate", "{\"action\":\"hide\",\"category\":\"abuse\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(error(r)).isEqualTo("the case has no public comment to moderate");
        assertThat(actions.sent()).isEmpty();
    }
}
