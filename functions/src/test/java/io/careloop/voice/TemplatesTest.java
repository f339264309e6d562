package io.careloop.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    private final BrandConfig brand = BrandConfig.load(new Settings(Map.of()));
    private final Templates templates = new Templates(brand);

    private static Case aCase(Platform platform, String assignee) {
        Instant t = Instant.parse("2026-11-23T09:00:00Z");
        return new Case("c_1", CaseStatus.NEW, Priority.P2, platform, new Author("42", "dana_k", "Dana Kim", 10, false),
                "1", "1", "broken", assignee, null, "widget", t, t.plusSeconds(3600), null, null, false, null, false, 0, 1);
    }

    @Test
    void theAcknowledgementApologisesInTheFirstPersonAndInvitesToAPrivateChannel() {
        String text = templates.render(templates.templateFor(ActionType.ACKNOWLEDGE, false), aCase(Platform.X, null),
                false, null);

        assertThat(text).startsWith("@dana_k I'm so sorry about the trouble with your widget.")
                .contains("DM").contains("help@acme.example")
                .doesNotContain(" we ").doesNotContain("{");
    }

    @Test
    void aBrandWithoutAContactHasItsEmailInviteBlockedNeverPostedAsEmailMeAtNothing() {
        Templates noContact = new Templates(io.careloop.testing.Brands.merged("{\"policy\": {\"contact\": \"\"}}"));
        Case onThreads = aCase(Platform.THREADS, null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noContact.render(
                        noContact.templateFor(ActionType.ACKNOWLEDGE, false), onThreads, false, null))
                .isInstanceOf(Templates.UnfilledVariable.class).hasMessageContaining("contact");
        // Words that do not need the contact still go out.
        assertThat(noContact.render(noContact.templateFor(ActionType.ACKNOWLEDGE, false), aCase(Platform.X, null), false,
                null)).doesNotContain("{").doesNotContain("email me at");
    }

    @Test
    void whereCareloopCannotMessagePrivatelyTheAcknowledgementInvitesAnEmailNotADm() {
        Templates dmsOff = new Templates(brand, platform -> platform == Platform.BLUESKY);

        String bluesky = dmsOff.render(dmsOff.templateFor(ActionType.ACKNOWLEDGE, false), aCase(Platform.BLUESKY, null),
                false, null);
        String x = dmsOff.render(dmsOff.templateFor(ActionType.ACKNOWLEDGE, false), aCase(Platform.X, null), false, null);

        assertThat(bluesky).contains("email me the details at help@acme.example").doesNotContain("DM");
        assertThat(x).contains("DM");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            acme-app | about the trouble with your acme app | the acme app
            delivery | about the trouble with your delivery | deliveries
            outage   | about the outage                     | our service
            billing  | about the trouble with your bill     | billing
            general  | this happened                        | our service
            charger-stand-7 | this happened                 | our service
            """)
    void theFirstReplyAndIncidentPostsNameWhatTheCustomerWroteAboutAsAPersonWould(String topic, String sorry,
                                                                                    String everyone) {
        String ack = templates.render("acknowledge.public-first", Platform.X, new Author("42", "dana_k", "Dana", 1, false),
                null, false, null, Map.of("topic", topic));
        String post = templates.render("incident_post", Platform.X, null, null, false, null, Map.of("topic", topic));

        assertThat(ack).startsWith("@dana_k I'm so sorry " + sorry + ".");
        assertThat(post).startsWith("Some of you are having trouble with " + everyone + " right now.")
                .endsWith("If you need us meanwhile, email help@acme.example.");
    }

    @Test
    void anIncidentPostCarriesTheBrandsWorkaroundWhenItHasOne() {
        BrandConfig withAdvice = BrandConfig.parse("{\"policy\":{\"contact\":\"help@acme.example\","
                + "\"incidentAdvice\":\"Restarting the widget brings it back for now.\"}}");

        String post = new Templates(withAdvice).render("incident_post", Platform.X, null, null, false, null,
                Map.of("topic", "widget"));

        assertThat(post).endsWith("Restarting the widget brings it back for now.").doesNotContain("email");
    }

    @Test
    void repliesAreSignedWithTheAssignedAgentsInitials() {
        String text = templates.render("follow_up", aCase(Platform.X, "Dana Adams"), false, null);

        assertThat(text).endsWith("^DA");
    }

    @Test
    void facebookRepliesGreetByFirstNameRatherThanHandle() {
        String text = templates.render("close_loop", aCase(Platform.FACEBOOK, null), false, null);

        assertThat(text).startsWith("Dana, Thank you");
    }

    @Test
    void aBrandCanRewordAnyTemplate() {
        BrandConfig custom = BrandConfig.parse("{\"templates\":{\"close_loop\":\"{greeting}All sorted? {signature}\"}}");

        String text = new Templates(custom).render("close_loop", aCase(Platform.X, "Sam Lee"), false, null);

        assertThat(text).isEqualTo("@dana_k All sorted? ^SL");
    }

    @Test
    void aBrandWritesTemplatesPerLanguageAndCareloopRefusesALanguageItHasNoWordsFor() {
        BrandConfig custom = BrandConfig.parse("{\"templates\":{\"promise.es\":\"{greeting}Te escribo antes de las {due}. {signature}\"}}");
        Templates t = new Templates(custom);
        Author customer = new Author("42", "lucia", "Lucía", 10, false);

        assertThat(t.render("promise", "es", Platform.X, customer, "Dana Adams", false, null, Map.of("due", "15:00")))
                .isEqualTo("@lucia Te escribo antes de las 15:00. ^DA");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                t.render("follow_up", "es", Platform.X, customer, null, false, null, Map.of()))
                .hasMessageContaining("follow_up.es");
    }
}
