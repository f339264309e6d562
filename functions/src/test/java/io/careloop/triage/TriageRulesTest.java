package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Priority;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriageRulesTest {
    private final Classifier classifier = new Classifier();

    private static Mention mention(String text, boolean direct, long followers, boolean verified) {
        return new Mention(Platform.X, "1", new Author("42", "dana_k", "Dana", followers, verified), text,
                Instant.EPOCH, null, null, direct, false, "test");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp my widget has been broken for 5 days now. Its disgusting! | COMPLAINT",
        "@AcmeHelp how do I reset my password?                              | QUESTION",
        "@AcmeHelp thanks, you folks are amazing                             | PRAISE",
        "Get free followers now, click here bit.ly/x                          | SPAM",
        "@AcmeHelp you are all idiots                                         | ABUSE",
        "@AcmeHelp good morning                                               | OTHER",
    })
    void readsTheIntentOfAMention(String text, Intent expected) {
        assertThat(classifier.judge(text).intent()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} direct={1} -> case={2}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp my widget is broken               | true  | true",
        "@AcmeHelp how do I return this?             | true  | true",
        "my #acme widget is broken                    | false | false",
        "@AcmeHelp love it                            | true  | false",
    })
    void onlyDirectComplaintsAndQuestionsOpenCases(String text, boolean direct, boolean opensCase) {
        Mention m = mention(text, direct, 0, false);

        assertThat(TriageService.needsCase(m, classifier.judge(text))).isEqualTo(opensCase);
    }

    @ParameterizedTest(name = "{0} followers={1} verified={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp my widget is broken                          | 10     | false | P3",
        "@AcmeHelp my widget is broken, worst, terrible, awful  | 10     | false | P2",
        "@AcmeHelp the charger caught fire                       | 10     | false | P1",
        "@AcmeHelp my widget is broken                          | 50000  | false | P2",
        "@AcmeHelp my widget is broken                          | 10     | true  | P2",
        "@AcmeHelp how do I pair it?                            | 10     | false | P4",
    })
    void priorityFollowsUrgencySentimentAndReach(String text, long followers, boolean verified, Priority expected) {
        Mention m = mention(text, true, followers, verified);

        assertThat(TriageService.priority(m, classifier.judge(text))).isEqualTo(expected);
    }
}
