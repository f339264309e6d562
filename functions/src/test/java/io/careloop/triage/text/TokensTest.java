package io.careloop.triage.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void handlesOfEveryPlatformAreOneUserToken() {
        assertThat(Tokens.of("@AcmeHelp @acme.bsky.social @lee@fosstodon.org hi"))
                .containsExactly("@user", "@user", "@user", "hi");
    }

    @Test
    void aFullStopAfterAHandleEndsTheHandle() {
        assertThat(Tokens.of("thanks @AcmeHelp. great")).containsExactly("thanks", "@user", "great");
    }
}
