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
            "⭐⭐⭐|3", "3 - ok I guess|3", "I'd say 2|2", "1, it was awful|1"})
    void aRatingIsReadHoweverItIsWritten(String text, int rating) {
        assertThat(SurveyAnswers.parse(text)).isEqualTo(OptionalInt.of(rating));
    }

    @ParameterizedTest(name = "\"{0}\" is no rating")
    @CsvSource(delimiter = '|', value = {"7", "0", "between 3 and 4", "thanks!", "order 88812345",
            "my widget broke again after 2 days, please help me with this one more time ok"})
    void anythingElseIsNoRating(String text) {
        assertThat(SurveyAnswers.parse(text)).isEmpty();
    }

    private Case surveyedClosedCase() {
        Case c = new Case("c_closed", CaseStatus.CLOSED, Priority.P3, Platform.X, dana, "t", "m", "words", "Ana Kim", "Care",
                "widget", clock.instant().minus(Duration.ofDays(2)), clock.instant(), null, clock.instant().minus(Duration.ofDays(1)),
                false, null, false, 0, 0);
        store.givenOpenCase(c);
        store.givenResolved("x#id-dana", c.id(), clock.instant().minus(Duration.ofDays(1)));
        store.apply(io.careloop.cases.CaseChange.of(store.getCase(c.id()).orElseThrow(), store.getCase(c.id()).orElseThrow(),
                new TimelineEntry(clock.instant().minus(Duration.ofHours(20)), TimelineKind.REPLY, "careloop", "how was it?",
                        true, "dm-1", "csat_survey c_closed#CSAT_SURVEY")));
        return c;
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
