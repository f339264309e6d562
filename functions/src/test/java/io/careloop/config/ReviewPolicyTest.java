package io.careloop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.testing.Brands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The brand's send policy: what a person approves first, read and checked when the brand file loads. */
class ReviewPolicyTest {

    @Test
    void theShippedPolicyAnswersAnOrdinaryCustomerAtOnceAndReviewsWhatTheCommunityReads() {
        ReviewPolicy policy = Brands.acme().review();

        assertThat(policy.reviews("acknowledge")).isFalse();
        assertThat(policy.reviews("holding")).as("an incident's holding reply is a customer's first reply").isFalse();
        assertThat(policy.reviews("incident_post")).isTrue();
        assertThat(policy.reviews("incident_resolved")).isTrue();
        assertThat(policy.reviews("removed_note")).isTrue();
        assertThat(policy.reviews("follow_up")).isFalse();
        assertThat(policy.reviews("reply")).isFalse();
        assertThat(policy.margin()).isEqualTo(0.1);
        assertThat(policy.firstResponseHuman()).isTrue();
    }

    @Test
    void aBrandFileWithoutAPolicyGetsTheSameCarefulDefault() {
        BrandConfig bare = BrandConfig.parse("{\"brand\": \"Bare\"}");

        assertThat(bare.review().reviews("incident_post")).isTrue();
        assertThat(bare.review().reviews("holding")).isFalse();
        assertThat(bare.review().reviews("acknowledge")).isFalse();
        assertThat(bare.review().reviews("thank_you")).isFalse();
    }

    @Test
    void defaultReviewReviewsEverythingAndDefaultAutoIsCareloopBeforeReviews() {
        ReviewPolicy all = Brands.withPolicy("\"review\": {\"default\": \"review\"}").review();
        ReviewPolicy none = Brands.withPolicy("\"review\": {\"default\": \"auto\"}").review();

        for (String kind : ReviewPolicy.KINDS) {
            assertThat(all.reviews(kind)).as(kind).isTrue();
            assertThat(none.reviews(kind)).as(kind).isFalse();
        }
    }

    @Test
    void aKindNamedOverridesTheDefault() {
        ReviewPolicy policy = Brands.withPolicy("\"review\": {\"default\": \"review\", \"acknowledge\": \"auto\"}").review();

        assertThat(policy.reviews("acknowledge")).isFalse();
        assertThat(policy.reviews("follow_up")).isTrue();
    }

    @Test
    void anUnknownKindIsRefusedAtLoadNamingTheKinds() {
        assertThatThrownBy(() -> Brands.withPolicy("\"review\": {\"acknowledgement\": \"review\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy.review has an unknown kind \"acknowledgement\"")
                .hasMessageContaining("acknowledge, holding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"manual", "yes", "true"})
    void aValueOtherThanAutoOrReviewIsRefusedAtLoad(String value) {
        assertThatThrownBy(() -> Brands.withPolicy("\"review\": {\"holding\": \"" + value + "\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Brand file: policy.review.holding must be \"auto\" or \"review\", not \"" + value + "\"");
    }

    @Test
    void theMarginAndTheFirstResponseAreChecked() {
        assertThat(Brands.withPolicy("\"reviewMargin\": 0.05, \"firstResponse\": \"any\"").review())
                .satisfies(p -> {
                    assertThat(p.margin()).isEqualTo(0.05);
                    assertThat(p.firstResponseHuman()).isFalse();
                });
        assertThatThrownBy(() -> Brands.withPolicy("\"reviewMargin\": 0.9"))
                .hasMessageContaining("policy.reviewMargin must be a number from 0 to 0.5");
        assertThatThrownBy(() -> Brands.withPolicy("\"firstResponse\": \"bot\""))
                .hasMessageContaining("policy.firstResponse must be \"human\" or \"any\"");
    }
}
