package io.careloop.config;

import io.careloop.wiring.Services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void aMissingRequiredVariableNamesTheVariable() {
        assertThatThrownBy(() -> new Settings(Map.of()).require("TABLE_NAME"))
                .hasMessageContaining("TABLE_NAME");
    }

    @Test
    void readsDurationsWithUnitsOrIso() {
        assertThat(Settings.parseDuration("x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.parseDuration("x", "4h")).isEqualTo(Duration.ofHours(4));
        assertThat(Settings.parseDuration("x", "PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Settings.parseDuration("followUpAfter", "soon")).hasMessageContaining("followUpAfter");
    }

    @Test
    void localSecretsComeFromCareloopVariablesWithDevelopmentDefaults() {
        Secrets secrets = new EnvironmentSecrets(new Settings(Map.of("CARELOOP_GENERIC_SECRET", "s3cret")));

        assertThat(secrets.require(Secrets.GENERIC_WEBHOOK)).isEqualTo("s3cret");
        assertThat(secrets.require(Secrets.X_ACCESS_TOKEN)).isEqualTo("dev-x-access-token");
    }

    @Test
    void inLambdaTheDevelopmentDefaultsNeverApply() {
        Services services = new Services(new Settings(Map.of("AWS_LAMBDA_FUNCTION_NAME", "WebhookFunction")),
                java.time.Clock.systemUTC());

        assertThatThrownBy(services::secrets).hasMessageContaining("SECRETS_ARN");
    }

    @Test
    void theBrandFileRejectsAnUnknownChannelPolicy() {
        assertThatThrownBy(() -> BrandConfig.parse("{\"policy\":{\"privateChannel\":\"shout\"}}"))
                .hasMessageContaining("private-first or public-first");
    }
}
