package io.careloop.platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rich-text facets ({@code app.bsky.richtext.facet}) for what careloop writes on Bluesky: a URL is plain text there
 * unless a {@code #link} facet covers it, and {@code @handle} links to the account only with a {@code #mention}
 * facet. Offsets count bytes of the UTF-8 encoded text (start inclusive, end exclusive), as the lexicon defines
 * them, not Java's UTF-16 chars.
 */
final class BlueskyFacets {
    /** A web URL up to the next space; trailing sentence punctuation is not part of it. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final String TRAILING = ".,;:!?'\"»”’";

    private BlueskyFacets() {
    }

    /** The facets of {@code text}: every whole URL, and the recipient's {@code @handle} when its DID is known. */
    static List<Map<String, Object>> of(String text, String handle, String did) {
        List<Map<String, Object>> facets = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String url = trimmed(m.group());
            if (url.endsWith("…") || url.length() <= "https://".length()) {
                continue; // cut short to fit the post: a link to half a URL would lead nowhere
            }
            facets.add(facet(text, m.start(), m.start() + url.length(), Map.of("$type", "app.bsky.richtext.facet#link", "uri", url)));
        }
        if (handle != null && did != null && did.startsWith("did:")) {
            String mention = "@" + handle;
            int at = text.indexOf(mention);
            boolean whole = at >= 0 && !continuesHandle(text, at + mention.length());
            if (at >= 0 && whole) {
                facets.add(facet(text, at, at + mention.length(), Map.of("$type", "app.bsky.richtext.facet#mention", "did", did)));
            }
        }
        facets.sort(Comparator.comparingInt(f -> byteStart(f)));
        return facets;
    }

    /** Whether the text at {@code i} still belongs to a handle ({@code @bo.bsky.social} is not {@code @bo.bsky}). */
    private static boolean continuesHandle(String text, int i) {
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return Character.isLetterOrDigit(c) || c == '-'
                || c == '.' && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1));
    }

    /** The URL without the punctuation that ends the sentence around it, and without an unmatched closing bracket. */
    static String trimmed(String url) {
        String u = url;
        while (!u.isEmpty()) {
            char last = u.charAt(u.length() - 1);
            if (TRAILING.indexOf(last) >= 0) {
                u = u.substring(0, u.length() - 1);
            } else if (last == ')' && u.chars().filter(c -> c == '(').count() < u.chars().filter(c -> c == ')').count()) {
                u = u.substring(0, u.length() - 1);
            } else {
                break;
            }
        }
        return u;
    }

    private static Map<String, Object> facet(String text, int charStart, int charEnd, Map<String, Object> feature) {
        int start = utf8Length(text.substring(0, charStart));
        int end = start + utf8Length(text.substring(charStart, charEnd));
        return Map.of("index", Map.of("byteStart", start, "byteEnd", end), "features", List.of(feature));
    }

    @SuppressWarnings("unchecked")
    private static int byteStart(Map<String, Object> facet) {
        return (Integer) ((Map<String, Object>) facet.get("index")).get("byteStart");
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
