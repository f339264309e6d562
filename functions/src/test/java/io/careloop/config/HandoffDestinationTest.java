package io.careloop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.testing.Brands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A team's hand-off endpoint in the brand file: HTTPS, and the name of the secret that signs, never its value. */
class HandoffDestinationTest {
    private static BrandConfig withHandoff(String handoff) {
        return Brands.merged("{\"teams\": {\"billing\": {\"handoff\": " + handoff + "}}}");
    }

    @Test
    void anHttpsEndpointWithTheNameOfItsSigningSecret() {
        HandoffDestination d = withHandoff("{\"url\": \"https://tools.acme.example/careloop\", \"secret\": "
                + "\"handoff_billing_secret\", \"done\": \"resolve\"}").team("billing").handoffDestination();

        assertThat(d.url()).hasToString("https://tools.acme.example/careloop");
        assertThat(d.secretName()).isEqualTo("handoff_billing_secret");
    }

    @Test
    void withoutASecretNameTheDefaultKeySigns() {
        assertThat(withHandoff("{\"url\": \"https://tools.acme.example/careloop\"}").team("billing")
                .handoffDestination().secretName()).isEqualTo(HandoffDestination.DEFAULT_SECRET);
    }

    @Test
    void aTeamWithoutAUrlHasNoEndpoint() {
        assertThat(withHandoff("{\"done\": \"resolve\"}").team("billing").handoffDestination()).isNull();
        assertThat(Brands.acme().team("billing").handoffDestination()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tools.acme.example/careloop", "ftp://tools.acme.example", "not a url",
            "https://user:pass@tools.acme.example/careloop", "/careloop"})
    void anythingButHttpsIsRefusedWhenTheBrandFileLoads(String url) {
        assertThatThrownBy(() -> withHandoff("{\"url\": \"" + url + "\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("teams.billing.handoff");
    }

    @Test
    void plainHttpOnlyToThisMachine() {
        assertThat(withHandoff("{\"url\": \"http://127.0.0.1:8099/careloop\"}").team("billing").handoffDestination()
                .url().getPort()).isEqualTo(8099);
    }

    @Test
    void aSecretsValueInPlaceOfItsNameIsRefused() {
        assertThatThrownBy(() -> withHandoff("{\"url\": \"https://tools.acme.example\", \"secret\": \"s3cr3t-V@lue!\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not its value")
                .hasMessageNotContaining("s3cr3t-V@lue!");
    }
}
