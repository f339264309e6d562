package io.careloop.core;

/**
 * Characters a message may carry through SQS (and to the platforms): tab, line feed, carriage return,
 * U+0020–U+D7FF, U+E000–U+FFFD and the supplementary planes. NUL, other control characters and unpaired
 * surrogates are not text a customer wrote.
 */
public final class Texts {
    private Texts() {
    }

    public static boolean isClean(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** The text with every character that cannot travel replaced by U+FFFD. */
    public static String clean(String text) {
        if (isClean(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> b.appendCodePoint(allowed(cp) ? cp : 0xFFFD));
        return b.toString();
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
