package io.careloop.platform;

import io.careloop.core.Platform;
import java.text.BreakIterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fits text to each platform's length rule: X counts 280 weighted characters (URLs count 23, wide
 * characters count 2); Bluesky 300 graphemes; Mastodon 500 characters; Threads 500 characters, an emoji counting its
 * UTF-8 bytes; Meta comments far more.
 */
public final class TextLimits {
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final String ELLIPSIS = "…";
    private static final int BLUESKY_MESSAGE_GRAPHEMES = 1_000;

    private TextLimits() {
    }

    public static int limit(Platform platform) {
        return switch (platform) {
            case X -> 280;
            case BLUESKY -> 300;
            case MASTODON -> 500;
            // developers.facebook.com/documentation/threads/posts: "Text posts are limited to 500 characters.
            // Emojis are counted as the number of UTF-8 bytes."
            case THREADS -> 500;
            case FACEBOOK, INSTAGRAM -> 2_000;
        };
    }

    /** The length of {@code text} as the platform counts it. */
    public static int length(Platform platform, String text) {
        return switch (platform) {
            case X -> xWeightedLength(text);
            case BLUESKY -> graphemes(text);
            case THREADS -> threadsLength(text);
            default -> text.codePointCount(0, text.length());
        };
    }

    /** The text unchanged if it fits, else cut at a word boundary with an ellipsis. */
    public static String fit(Platform platform, String text) {
        int limit = limit(platform);
        if (length(platform, text) <= limit) {
            return text;
        }
        // Every character counts at least 1, so the fitting text has at most `limit` code points.
        String cut = text.substring(0, text.offsetByCodePoints(0, limit));
        while (!cut.isEmpty() && length(platform, cut + ELLIPSIS) > limit) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        int space = cut.lastIndexOf(' ');
        if (space > 0 && space > cut.length() - 20) {
            cut = cut.substring(0, space); // end on a whole word when one is near
        }
        return cut.stripTrailing() + ELLIPSIS;
    }

    /** A Bluesky DM ({@code chat.bsky.convo.defs#messageInput}): at most 1,000 graphemes. */
    public static String fitBlueskyMessage(String text) {
        if (graphemes(text) <= BLUESKY_MESSAGE_GRAPHEMES) {
            return text;
        }
        String cut = text;
        while (graphemes(cut + ELLIPSIS) > BLUESKY_MESSAGE_GRAPHEMES) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut.stripTrailing() + ELLIPSIS;
    }

    private static int xWeightedLength(String text) {
        Matcher urls = URL.matcher(text);
        int length = 0;
        int last = 0;
        while (urls.find()) {
            length += weighted(text.substring(last, urls.start())) + 23;
            last = urls.end();
        }
        return length + weighted(text.substring(last));
    }

    /** X's weighting: Latin and common punctuation count 1, other code points (CJK, emoji) count 2. */
    private static int weighted(String text) {
        return text.codePoints().map(cp -> cp <= 0x10FF || (cp >= 0x2000 && cp <= 0x200D)
                || (cp >= 0x2010 && cp <= 0x201F) || (cp >= 0x2032 && cp <= 0x2037) ? 1 : 2).sum();
    }

    /**
     * Threads counts an emoji as its UTF-8 bytes. Counted here, on the safe side: every code point beyond the basic
     * plane (emoji, skin tones) as 4, symbols of the basic plane (☀, ❤) and the joiners of emoji sequences (U+200D,
     * U+FE0F) as 3, every other character as 1.
     */
    private static int threadsLength(String text) {
        return text.codePoints().map(cp -> cp >= 0x10000 ? 4
                : cp == 0x200D || cp == 0xFE0F || (cp > 0xFF && Character.getType(cp) == Character.OTHER_SYMBOL) ? 3 : 1).sum();
    }

    private static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
