package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.events.CareEvent;
import io.careloop.routing.Routing;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The survey's answer: read tolerantly, recorded on the closed case, never opening a new one. */
class SurveyAnswersTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final List<CareEvent> events = new ArrayList<>();
    private final BrandConfig brand = Brands.acme();
    private final TriageService triage = new TriageService(Classifier.forBrand(brand), store, store, store, store, actions,
            brand, clock, new RecordingMetrics(), new Routing(store, store, events::add, brand, clock), events::add);
    private final Author dana = new Author("id-dana", "dana", "Dana Kim", 120, false);

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "4|4", " 5 |5", "4/5|4", "5 out of 5|5", "3 stars|3", "Four|4", "five!|5", "8/10|4", "10/10|5",
            "⭐⭐⭐|3", "3 - ok I guess|3", "I'd say 2|2", "I’d say 2|2", "1, it was awful|1", "5, great service|5",
            "⭐⭐⭐⭐⭐ thanks!|5", "4/5 thank you|4", "Five stars, thanks so much!|5"})
    void aRatingIsReadHoweverItIsWritten(String text, int rating) {
        assertThat(SurveyAnswers.parse(text)).isEqualTo(OptionalInt.of(rating));
    }

    @ParameterizedTest(name = "\"{0}\" is no rating")
    @CsvSource(delimiter = '|', value = {"7", "0", "between 3 and 4", "thanks!", "order 88812345",
            "still broken after 2 days", "2 days and still no refund", "5 stars but where is my order",
            "4, can you also check my bill?", "⭐ it broke again", "one more thing: the app crashes",
            "my widget broke again after 2 days, please help me with this one more time ok"})
    void anythingElseIsNoRating(String text) {
        assertThat(SurveyAnswers.parse(text)).isEmpty();
    }

    @Test
    void aRatingTriageReadsAsAComplaintOrQuestionIsNoRating() {
        Judgement complaint = new Judgement(Intent.COMPLAINT, true, 0.9, -0.6, "en", "general", List.of(), false, List.of(), null);
        Judgement question = new Judgement(Intent.QUESTION, false, 0.1, 0, "en", "general", List.of(), false, List.of(), null);
        Judgement problem = new Judgement(Intent.OTHER, false, 0.1, 0, "en", "general", List.of(), false, List.of(), "billing");
        Judgement plain = Classifier.forBrand(brand).judge("5 stars, thank you");

        assertThat(SurveyAnswers.parse("1, it was awful", complaint)).isEmpty();
        assertThat(SurveyAnswers.parse("4", question)).isEmpty();
        assertThat(SurveyAnswers.parse("4", problem)).isEmpty();
        assertThat(SurveyAnswers.parse("5 stars, thank you", plain)).isEqualTo(OptionalInt.of(5));
    }

    @Test
    void aNewComplaintSoonAfterTheSurveyOpensANewCaseInsteadOfARating() {
        surveyedClosedCase();

        TriageService.Outcome outcome = triage.triage(dm("dm-9", "still broken after 2 days"));

        assertThat(outcome).isEqualTo(TriageService.Outcome.OPENED);
        assertThat(events).extracting(CareEvent::type).doesNotContain(CareEvent.Type.CSAT_RECEIVED);
        assertThat(store.timeline("c_closed")).noneSatisfy(e -> assertThat(e.note()).startsWith("csat answer"));
        assertThat(store.allCases()).hasSize(2);
        assertThat(actions.sent()).singleElement().satisfies(a -> assertThat(a.caseId()).isNotEqualTo("c_closed"));
    }

    @Test
    void theAnswerInTheConversationThatOpenedTheCaseIsCounted() {
        surveyedClosedCase(DM_THREAD);

        TriageService.Outcome outcome = triage.triage(dmInConversation("dm-9", "4"));

        assertThat(outcome).isEqualTo(TriageService.Outcome.JOINED);
        assertThat(store.allCases()).hasSize(1);
        assertThat(store.timeline("c_closed")).anySatisfy(e -> assertThat(e.note()).isEqualTo("csat answer 4/5"));
        assertThat(events).extracting(CareEvent::type).containsExactly(CareEvent.Type.CSAT_RECEIVED);
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aNewProblemInTheConversationOfAClosedCaseOpensANewCase() {
        Case closed = surveyedClosedCase(DM_THREAD);

        TriageService.Outcome outcome = triage.triage(dmInConversation("dm-9", "my widget broke again, it won't charge at all"));

        assertThat(outcome).isEqualTo(TriageService.Outcome.OPENED);
        assertThat(store.allCases()).hasSize(2);
        assertThat(store.timeline(closed.id())).noneSatisfy(e -> assertThat(e.ref()).isEqualTo("dm-9"));
        Case opened = store.allCases().stream().filter(c -> !c.id().equals(closed.id())).findFirst().orElseThrow();
        assertThat(opened.threadId()).isEqualTo(DM_THREAD);
        assertThat(actions.sent()).singleElement().satisfies(a -> assertThat(a.caseId()).isEqualTo(opened.id()));

        // The customer's next message in the conversation joins the new case, not the closed one.
        assertThat(triage.triage(dmInConversation("dm-10", "any news? it still won't charge"))).isEqualTo(TriageService.Outcome.JOINED);
        assertThat(store.timeline(opened.id())).anySatisfy(e -> assertThat(e.ref()).isEqualTo("dm-10"));
    }

    private Case surveyedClosedCase() {
        return surveyedClosedCase("t");
    }

    /** Dana's case, closed a day ago, whose satisfaction survey went out; opened in {@code threadId}. */
    private Case surveyedClosedCase(String threadId) {
        Case c = new Case("c_closed", CaseStatus.CLOSED, Priority.P3, Platform.X, dana, threadId, "m", "words", "Ana Kim", "Care",
                "widget", clock.instant().minus(Duration.ofDays(2)), clock.instant(), null, clock.instant().minus(Duration.ofDays(1)),
                false, null, false, 0, 0);
        store.givenOpenCase(c);
        store.givenResolved("x#id-dana", c.id(), clock.instant().minus(Duration.ofDays(1)));
        store.apply(io.careloop.cases.CaseChange.of(store.getCase(c.id()).orElseThrow(), store.getCase(c.id()).orElseThrow(),
                new TimelineEntry(clock.instant().minus(Duration.ofHours(20)), TimelineKind.REPLY, "careloop", "how was it?",
                        true, "dm-1", "csat_survey c_closed#CSAT_SURVEY")));
        return c;
    }

    /** Every direct message from Dana carries the same conversation id, as the platforms' DM deliveries do. */
    private static final String DM_THREAD = "dm-id-dana";

    private Mention dmInConversation(String id, String text) {
        return new Mention(Platform.X, id, dana, text, clock.instant(), DM_THREAD, null, true, true, "test");
    }

    private Mention dm(String id, String text) {
        return new Mention(Platform.X, id, dana, text, clock.instant(), null, null, true, true, "test");
    }

    @Test
    void theAnswerIsRecordedOnTheClosedCaseAndReported() {
        surveyedClosedCase();

        TriageService.Outcome outcome = triage.triage(dm("dm-9", "5 stars, thank you"));

        assertThat(outcome).isEqualTo(TriageService.Outcome.JOINED);
        assertThat(store.allCases()).hasSize(1);
        assertThat(store.timeline("c_closed")).anySatisfy(e -> assertThat(e.note()).isEqualTo("csat answer 5/5"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(CareEvent.Type.CSAT_RECEIVED);
            assertThat(e.detail()).containsEntry("score", 5).containsEntry("assignee", "Ana Kim");
        });
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aSecondRatingOrOneWithoutASurveyIsAnOrdinaryMessage() {
        surveyedClosedCase();
        triage.triage(dm("dm-1", "4"));
        events.clear();

        triage.triage(dm("dm-2", "my widget broke again"));

        assertThat(events).extracting(CareEvent::type).doesNotContain(CareEvent.Type.CSAT_RECEIVED);
        assertThat(store.allCases()).hasSize(2); // the new problem is a new case
    }
}
