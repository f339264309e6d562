package io.careloop.triage.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds cue phrases in a post by looking its token n-grams up in a hash map: one pass over the tokens,
 * whatever the number of phrases (a regular expression per cue list costs tens of microseconds a post).
 * Phrases are tokenised like posts, so "can't log in" matches "Can’t   LOG in".
 */
public final class PhraseMatcher {
    /** A phrase found in a post, with the label it stands for. */
    public record Match(String label, String phrase) {
    }

    private final Map<String, Match> phrases = new HashMap<>();
    private final int longest;

    /** @param labelled phrase lists by label, in priority order */
    public PhraseMatcher(Map<String, List<String>> labelled) {
        int max = 1;
        for (var e : labelled.entrySet()) {
            for (String phrase : e.getValue()) {
                List<String> tokens = Tokens.of(phrase);
                if (tokens.isEmpty()) {
                    continue;
                }
                phrases.putIfAbsent(String.join(" ", tokens), new Match(e.getKey(), phrase));
                max = Math.max(max, tokens.size());
            }
        }
        this.longest = max;
    }

    public static PhraseMatcher of(String label, List<String> phrases) {
        Map<String, List<String>> one = new LinkedHashMap<>();
        one.put(label, phrases);
        return new PhraseMatcher(one);
    }

    /** Every match, in the order the phrases appear in the post. */
    public List<Match> find(List<String> tokens) {
        List<Match> found = new ArrayList<>(2);
        StringBuilder gram = new StringBuilder(32);
        for (int i = 0; i < tokens.size(); i++) {
            gram.setLength(0);
            for (int n = 0; n < longest && i + n < tokens.size(); n++) {
                if (n > 0) {
                    gram.append(' ');
                }
                gram.append(tokens.get(i + n));
                Match m = phrases.get(gram.toString());
                if (m != null) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    public boolean matches(List<String> tokens) {
        return !find(tokens).isEmpty();
    }
}
