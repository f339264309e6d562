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

    @ParameterizedTest(name = "{0} influential={1} repeat={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp my widget stopped working yesterday              | false | false | P3",
        "@AcmeHelp my widget is broken, worst, terrible, awful     | false | false | P2",
        "@AcmeHelp the charger caught fire                          | false | false | P1",
        "@AcmeHelp my widget stopped working yesterday              | true  | false | P2",
        "@AcmeHelp my widget stopped working yesterday              | false | true  | P2",
        "@AcmeHelp my widget stopped working yesterday              | true  | true  | P1",
        "@AcmeHelp how do I pair it?                               | false | false | P4",
    })
    void priorityFollowsUrgencySentimentReachAndRepeatContact(String text, boolean influential, boolean repeat,
                                                              Priority expected) {
        Mention m = mention(text, true, 0, false);

        assertThat(TriageService.priority(m, classifier.judge(text), repeat, influential)).isEqualTo(expected);
    }
}
