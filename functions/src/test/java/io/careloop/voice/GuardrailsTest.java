package io.careloop.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GuardrailsTest {
    private final Guardrails guardrails = new Guardrails(BrandConfig.load(new Settings(Map.of())));

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "@dana_k As we already said, the widget needs charging first.        | no-arguing",
        "@dana_k Actually you plugged it in wrong.                            | no-arguing",
        "@dana_k That's not our problem, sorry.                               | no-arguing",
        "@dana_k I'll send you a full refund today.                            | no-compensation",
        "@dana_k We'll refund you $49.99 right away.                           | no-compensation",
        "@dana_k This was our fault and we are liable.                         | no-compensation",
        "@dana_k I've emailed dana.k@gmail.com with the details.               | no-personal-data",
        "@dana_k I'll call you on +44 7700 900123 shortly.                     | no-personal-data",
        "@dana_k Your order #1234567 is on its way.                            | no-personal-data",
        "@dana_k A courier will come to 221 Baker Street today.                | no-personal-data",
        "@dana_k Try the fix at https://bit.ly/3xyz.                          | allowed-links",
        "@dana_k WE ARE VERY SORRY ABOUT THIS.                                | no-shouting",
        "@dana_k So sorry!! On it now.                                         | no-shouting",
    })
    void blocksPublicTextThatBreaksARule(String text, String rule) {
        assertThat(guardrails.check(text)).hasValueSatisfying(v -> assertThat(v.rule()).isEqualTo(rule));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "@dana_k I'm so sorry this happened. Could you send me a DM with the details? ^DA",
        "@dana_k You can also email help@acme.example or call +1 800 555 0100.",
        "@dana_k The fix is here: https://support.acme.example/widgets/reset",
        "@dana_k Thank you for your patience while I sorted this out. I'd love to hear how it went.",
        "@dana_k I know about this problem and the team is working on it right now. I'll update you here.",
        "@dana_k I've set aside 20 minutes at 3pm to look into this with the team.",
        "@lee@fosstodon.org I'm so sorry this happened. Could you send me a DM?",
    })
    void letsAnApologeticPersonalReplyThrough(String text) {
        assertThat(guardrails.check(text)).isEmpty();
    }

    @Test
    void aBrandCanSwitchARuleOffAndAddItsOwnPhrases() {
        Guardrails custom = new Guardrails(BrandConfig.parse(
                "{\"guardrails\":{\"disabled\":[\"no-shouting\"],\"blockedPhrases\":[\"per policy\"]}}"));

        assertThat(custom.check("@dana_k SO SORRY ABOUT THIS MESS")).isEmpty();
        assertThat(custom.check("@dana_k Per policy we cannot do that.")).hasValueSatisfying(v ->
                assertThat(v.reason()).contains("per policy"));
    }

    @Test
    void everyDefaultTemplatePassesTheGuardrails() {
        BrandConfig brand = BrandConfig.load(new Settings(Map.of()));
        Templates templates = new Templates(brand);
        io.careloop.core.Author customer = new io.careloop.core.Author("42", "dana_k", "Dana Kim", 10, false);
        for (String name : Templates.names()) {
            String text = templates.render(name, io.careloop.core.Platform.X, customer, "Dana Adams", false,
                    "Your replacement widget is on its way.", Map.of("topic", "widget", "due", "3pm today", "category", "spam", "team", "billing",
                            "backAt", "09:00 on Mon 30 Nov (Europe/London)"));
            assertThat(guardrails.check(text)).as(name + ": " + text).isEmpty();
        }
    }
}
