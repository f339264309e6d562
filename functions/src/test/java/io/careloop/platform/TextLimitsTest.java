package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.core.Platform;
import org.junit.jupiter.api.Test;

class TextLimitsTest {

    @Test
    void xCountsEveryUrlAs23Characters() {
        String text = "See https://example.com/a/very/long/path/that/goes/on/and/on/and/on/for/ever";

        assertThat(TextLimits.length(Platform.X, text)).isEqualTo(4 + 23);
    }

    @Test
    void xCountsWideCharactersTwice() {
        assertThat(TextLimits.length(Platform.X, "日本")).isEqualTo(4);
        assertThat(TextLimits.length(Platform.X, "café")).isEqualTo(4);
    }

    @Test
    void blueskyCountsGraphemesNotCodeUnits() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // one family emoji, five code points

        assertThat(TextLimits.length(Platform.BLUESKY, family)).isEqualTo(1);
    }

    @Test
    void fitLeavesShortTextAlone() {
        assertThat(TextLimits.fit(Platform.X, "I'm so sorry this happened.")).isEqualTo("I'm so sorry this happened.");
    }

    @Test
    void fitCutsLongTextToTheLimitWithAnEllipsisOnAWordBoundary() {
        String text = "word ".repeat(200).trim();

        String fitted = TextLimits.fit(Platform.X, text);

        assertThat(TextLimits.length(Platform.X, fitted)).isLessThanOrEqualTo(280);
        assertThat(fitted).endsWith("word…");
        assertThat(TextLimits.fit(Platform.MASTODON, text).length()).isLessThanOrEqualTo(500);
    }

    @Test
    void threadsCountsFiveHundredCharactersWithAnEmojiCountingItsUtf8Bytes() {
        assertThat(TextLimits.limit(Platform.THREADS)).isEqualTo(500);
        assertThat(TextLimits.length(Platform.THREADS, "café")).isEqualTo(4);
        assertThat(TextLimits.length(Platform.THREADS, "\uD83D\uDE21")).as("😡, four UTF-8 bytes").isEqualTo(4);
        assertThat(TextLimits.length(Platform.THREADS, "\u2764\uFE0F")).as("❤️: a symbol and its variation selector").isEqualTo(6);

        String fitted = TextLimits.fit(Platform.THREADS, "sorry \uD83D\uDE21 ".repeat(80));

        assertThat(TextLimits.length(Platform.THREADS, fitted)).isLessThanOrEqualTo(500);
        assertThat(fitted.codePointCount(0, fitted.length())).as("fewer characters than 500: the emoji weigh more").isLessThan(480);
    }
}
