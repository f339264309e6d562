package io.careloop.triage.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a post into normalised tokens: lower case, {@code @user} for handles (also Bluesky's
 * {@code @name.bsky.social} and Mastodon's {@code @name@instance}), {@code <url>} for links,
 * {@code <num>} for numbers, hashtags without '#', letters repeated three or more times cut to two
 * ("soooo" → "soo"), and '!' and '?' kept as tokens.
 */
public final class Tokens {
    private static final Pattern TOKEN = Pattern.compile(
            "https?://\\S+|www\\.\\S+|@\\w+(?:[.-]\\w+)*(?:@\\w+(?:[.-]\\w+)*)?|#\\w+|[\\p{L}\\p{M}][\\p{L}\\p{M}'’]*|\\d+(?:[.,:]\\d+)*|[!?]|[:;]-?[()DPp]");
    private static final Pattern ELONGATED = Pattern.compile("(\\p{L})\\1{2,}");

    private Tokens() {
    }

    public static List<String> of(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String t = m.group();
            if (t.startsWith("http") || t.startsWith("www.")) {
                tokens.add("<url>");
            } else if (t.startsWith("@")) {
                tokens.add("@user");
            } else if (t.startsWith("#")) {
                tokens.add(normalise(t.substring(1)));
            } else if (Character.isDigit(t.charAt(0))) {
                tokens.add("<num>");
            } else {
                tokens.add(normalise(t));
            }
        }
        return tokens;
    }

    /** Words as written, case kept, for cues that depend on case (shouting). */
    public static List<String> rawWords(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String t = m.group();
            if (Character.isLetter(t.charAt(0))) {
                words.add(t);
            }
        }
        return words;
    }

    private static String normalise(String word) {
        String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
        return ELONGATED.matcher(lower).replaceAll("$1$1");
    }
}
