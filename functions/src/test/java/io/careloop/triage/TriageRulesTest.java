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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp my order never arrived and nobody answers             | en",
        "@AcmeHelp mi pedido no ha llegado y nadie me responde           | es",
        "@AcmeHelp ma commande n'est pas arrivée et je suis très déçu     | fr",
        "@AcmeHelp meine Bestellung ist nicht angekommen und ich warte noch | de",
        "@AcmeHelp 注文した商品がまだ届きません                              | ja",
        "@AcmeHelp мой заказ не пришёл                                     | ru",
    })
    void guessesTheLanguageSoOnlyEnglishIsAnsweredAutomatically(String text, String language) {
        assertThat(classifier.judge(text).language()).isEqualTo(language);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp the charger caught fire last night                 | safety",
        "@AcmeHelp I have spoken to my lawyer about this               | legal",
        "@AcmeHelp your site is down for everyone                      | outage",
        "@AcmeHelp I want to cancel my subscription, done with you     | cancellation",
    })
    void spotsUrgency(String text, String cue) {
        var judgement = classifier.judge(text);

        assertThat(judgement.urgency()).contains(cue);
        assertThat(judgement.reasons()).anySatisfy(r -> assertThat(r).startsWith("urgent (" + cue + ")"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp my widget stopped working                   | widget",
        "@AcmeHelp the charger is faulty                         | charger",
        "@AcmeHelp I was charged twice this month                | billing",
        "@AcmeHelp the site is down and I can't log in           | outage",
        "@AcmeHelp my parcel never arrived                       | delivery",
        "@AcmeHelp hello there                                   | general",
    })
    void namesTheTopicIncidentsClusterOn(String text, String topic) {
        Classifier forAcme = new Classifier(io.careloop.triage.text.ComplaintModel.bundled(),
                io.careloop.triage.text.Topics.defaults(java.util.List.of("widget", "charger")));

        assertThat(forAcme.judge(text).topic()).isEqualTo(topic);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp this is the worst service, my order is three weeks late   | COMPLAINT | false",
        "@AcmeHelp this is f***ing ridiculous, the app crashed again          | COMPLAINT | false",
        "@AcmeHelp you are all idiots                                        | ABUSE     | true",
        "@AcmeHelp my widget broke, you idiots                               | COMPLAINT | true",
    })
    void negativeButLegitimateIsNeverAbuseAndHostilityIsNoted(String text, Intent intent, boolean hostile) {
        var judgement = classifier.judge(text);

        assertThat(judgement.intent()).isEqualTo(intent);
        assertThat(judgement.hostile()).isEqualTo(hostile);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "@AcmeHelp I love it, thank you so much     | 0.5  | 1.0",
        "@AcmeHelp this is terrible and I hate it    | -1.0 | -0.5",
        "@AcmeHelp this is not good                  | -1.0 | -0.05",
        "@AcmeHelp the parcel arrived on Tuesday     | -0.1 | 0.1",
    })
    void sentimentRunsFromMinusOneToOneAndHonoursNegation(String text, double low, double high) {
        assertThat(classifier.judge(text).sentiment()).isBetween(low, high);
    }
}
