package io.careloop.platform;

import java.util.Locale;

/** Matching a post the platform shows against the words careloop sent: the platform may add links or markup. */
final class OwnPosts {
    private OwnPosts() {
    }

    /** Same words, ignoring markup, links, case and spacing; one may carry an extra leading @mention. */
    static boolean sameWords(String shown, String sent) {
        String a = normalise(shown);
        String b = normalise(sent);
        return !a.isEmpty() && !b.isEmpty() && (a.equals(b) || a.endsWith(b) || b.endsWith(a));
    }

    private static String normalise(String text) {
        return text == null ? "" : text.replaceAll("<[^>]+>", " ").replace("&amp;", "&").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replaceAll("https?://\\S+", " ").replace("…", "")
                .toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    }
}
