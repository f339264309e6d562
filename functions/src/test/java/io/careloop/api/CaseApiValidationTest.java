package io.careloop.api;

import io.careloop.testing.RecordingMetrics;
import static io.careloop.api.ApiCalls.ANA;
import static io.careloop.api.ApiCalls.aCase;
import static io.careloop.api.ApiCalls.agent;
import static io.careloop.api.ApiCalls.caller;
import static io.careloop.api.ApiCalls.error;
import static io.careloop.api.ApiCalls.get;
import static io.careloop.api.ApiCalls.json;
import static io.careloop.api.ApiCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.http.HttpResponse;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the agents' API refuses: each with its status and a reason, and nothing changed or queued. */
class CaseApiValidationTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final CaseApi api = api();
    private Case theCase;

    private CaseApi api() {
        return new CaseApi(store, store, store, actions, Brands.acme(), clock, new Console(Console.SignIn.LOCAL_TOKEN), metrics);
    }

    @BeforeEach
    void aNewPublicCase() {
        theCase = store.givenOpenCase(aCase("c_1", CaseStatus.NEW));
    }

    private HttpResponse act(String action, String body) {
        return api.handle(post("/cases/c_1/" + action, body, agent(ANA)));
    }

    private void assertNothingChanged() {
        assertThat(actions.sent()).isEmpty();
        assertThat(store.getCase("c_1")).contains(theCase);
        assertThat(store.timeline("c_1")).isEmpty();
        assertThat(store.allDue()).isEmpty();
    }

    // ---- hand-off ------------------------------------------------------------------------------

    @Test
    void aHandOffNeedsATeam() {
        HttpResponse r = act("handoff", "{\"note\":\"needs a refund check\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("team is required and must be a non-empty string");
        assertNothingChanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"14m", "5m", "PT10M", "60s"})
    void handOffUpdatesCannotComeMoreOftenThanEveryFifteenMinutes(String every) {
        HttpResponse r = act("handoff", "{\"team\":\"billing\",\"updateEvery\":\"" + every + "\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("updateEvery must be at least 15m (the brand's policy.minUpdateEvery)");
        assertNothingChanged();
    }

    @Test
    void fifteenMinutesIsOftenEnough() {
        assertThat(act("handoff", "{\"team\":\"billing\",\"updateEvery\":\"15m\"}").status()).isEqualTo(200);
    }

    @Test
    void anUpdateIntervalThatIsNoDurationIsRefused() {
        HttpResponse r = act("handoff", "{\"team\":\"billing\",\"updateEvery\":\"weekly\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).startsWith("updateEvery must be a duration like 30s");
        assertNothingChanged();
    }

    // ---- promise -------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"due\":\"tomorrow afternoon\"}     | due must be an ISO-8601 time like 2026-11-23T15:00:00Z or a delay like 2h",
        "{\"due\":\"2026-11-23 15:00\"}       | due must be an ISO-8601 time like 2026-11-23T15:00:00Z or a delay like 2h",
        "{\"due\":\"2026-11-23T11:59:59Z\"}   | due must be in the future",
        "{\"due\":\"2026-11-23T12:00:00Z\"}   | due must be in the future",
        "{\"due\":\"0m\"}                     | due must be in the future",
        "{\"text\":\"Back soon\"}     | due is required and must be a non-empty string",
    })
    void aPromiseNeedsADueTimeInTheFuture(String body, String reason) {
        HttpResponse r = act("promise", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo(reason);
        assertNothingChanged();
    }

    @Test
    void aPromiseWithAMalformedIdempotencyKeyChangesNothing() {
        HttpResponse r = act("promise", "{\"due\":\"2h\",\"idempotencyKey\":\"not a key!\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).startsWith("idempotencyKey must be");
        assertNothingChanged();
    }

    // ---- reply ---------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"text\":\"\"}                  | text must be a non-empty string",
        "{\"text\":\"   \"}               | text must be a non-empty string",
        "{\"text\":42}                    | text must be a non-empty string",
        "{\"private\":true}               | text is required and must be a non-empty string",
        "{\"text\":\"hi\\u0000there\"}    | text contains control characters or broken unicode that cannot be posted",
    })
    void aReplyNeedsText(String body, String reason) {
        HttpResponse r = act("reply", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo(reason);
        assertNothingChanged();
    }

    @Test
    void aReplyLongerThanFiveThousandCharactersIsRefused() {
        HttpResponse r = act("reply", "{\"text\":\"" + "a".repeat(5_001) + "\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("text is longer than 5000 characters");
        assertNothingChanged();
    }

    @Test
    void aReplyFromAnUnknownTemplateIsRefused() {
        HttpResponse r = act("reply", "{\"template\":\"grovel\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).startsWith("template must be one of [").contains("follow_up");
        assertNothingChanged();
    }

    @Test
    void aReplyWithAMalformedIdempotencyKeyQueuesNothing() {
        HttpResponse r = act("reply", "{\"text\":\"On it now.\",\"idempotencyKey\":\"a/b\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("idempotencyKey must be 1-64 letters, digits or _.:-");
        assertNothingChanged();
    }

    // ---- moderation ----------------------------------------------------------------------------

    @Test
    void onlySpamAndAbuseAreModerated() {
        HttpResponse r = act("moderate", "{\"action\":\"hide\",\"category\":\"negative\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(error(r)).isEqualTo("only spam and abuse are moderated; a negative comment is answered, not removed");
        assertNothingChanged();
    }

    @Test
    void aModerationIsHideDeleteOrUnhide() {
        HttpResponse r = act("moderate", "{\"action\":\"ban\",\"category\":\"spam\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("action must be hide, delete or unhide");
        assertNothingChanged();
    }

    // ---- bodies, routes, unknown cases ---------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL              | a JSON body is required",
        "[\"team\"]        | the body must be a JSON object",
        "{\"team\":        | body is not valid JSON",
    })
    void aChangeNeedsAJsonObject(String body, String reason) {
        HttpResponse r = act("assign", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).startsWith(reason);
        assertNothingChanged();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "reply    | {\"text\":\"On it now.\"}",
        "assign   | {\"assignee\":\"Bo Lee\"}",
        "handoff  | {\"team\":\"billing\"}",
        "promise  | {\"due\":\"2h\"}",
        "resolve  | {\"summary\":\"replaced the charger\"}",
        "moderate | {\"action\":\"hide\",\"category\":\"spam\"}",
    })
    void anUnknownCaseIsNotFound(String action, String body) {
        HttpResponse r = api.handle(post("/cases/c_nope/" + action, body, agent(ANA)));

        assertThat(r.status()).isEqualTo(404);
        assertThat(error(r)).isEqualTo("no case c_nope");
        assertNothingChanged();
    }

    @Test
    void readingAnUnknownCaseIsNotFound() {
        HttpResponse r = api.handle(get("/cases/c_nope", Map.of(), caller(ANA, Role.VIEWER)));

        assertThat(r.status()).isEqualTo(404);
        assertThat(error(r)).isEqualTo("no case c_nope");
    }

    @Test
    void anUnknownCaseActionIsNotFound() {
        HttpResponse r = act("escalate", "{}");

        assertThat(r.status()).isEqualTo(404);
        assertThat(error(r)).startsWith("no case action 'escalate'");
        assertNothingChanged();
    }

    // ---- the inbox -----------------------------------------------------------------------------

    @Test
    void aCursorTheApiDidNotHandOutIsRefused() {
        HttpResponse r = api.handle(get("/cases", Map.of("cursor", "not-a-cursor"), caller(ANA, Role.VIEWER)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("cursor is not one this API returned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "ten", "-1"})
    void aPageHoldsOneToAHundredCases(String limit) {
        HttpResponse r = api.handle(get("/cases", Map.of("limit", limit), caller(ANA, Role.VIEWER)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("limit must be a whole number from 1 to 100");
    }

    @Test
    void aCursorTheApiHandedOutReadsTheNextPage() {
        store.givenOpenCase(aCase("c_2", CaseStatus.NEW));
        HttpResponse first = api.handle(get("/cases", Map.of("limit", "1"), caller(ANA, Role.VIEWER)));
        String next = json(first).path("next").asText();

        HttpResponse second = api.handle(get("/cases", Map.of("limit", "1", "cursor", next), caller(ANA, Role.VIEWER)));

        assertThat(second.status()).isEqualTo(200);
        assertThat(json(first).path("cases").get(0).path("id").asText()).isEqualTo("c_1");
        assertThat(json(second).path("cases").get(0).path("id").asText()).isEqualTo("c_2");
        assertThat(json(second).path("next").isNull()).isTrue();
    }

    // ---- roles ---------------------------------------------------------------------------------

    @Test
    void aViewerReadsButCannotChangeACase() {
        Map<String, String> viewer = caller(ANA, Role.VIEWER);

        HttpResponse read = api.handle(get("/cases/c_1", Map.of(), viewer));
        HttpResponse reply = api.handle(post("/cases/c_1/reply", "{\"text\":\"On it now.\"}", viewer));
        HttpResponse assign = api.handle(post("/cases/c_1/assign", "{\"assignee\":\"Ana Kim\"}", viewer));

        assertThat(read.status()).isEqualTo(200);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(error(reply)).isEqualTo("this needs the agent role; the token carries only viewer");
        assertThat(assign.status()).isEqualTo(403);
        assertNothingChanged();
    }

    @Test
    void aTokenWithoutACareloopRoleMayNotEvenRead() {
        Map<String, String> nobody = Map.of("name", ANA, "cognito:groups", "[billing]");

        HttpResponse r = api.handle(get("/cases", Map.of(), nobody));

        assertThat(r.status()).isEqualTo(403);
        assertThat(error(r)).startsWith("this needs the viewer role; the token carries no careloop role");
    }
}
