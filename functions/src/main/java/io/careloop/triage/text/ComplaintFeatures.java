package io.careloop.triage.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The features the complaint model reads: word unigrams and bigrams, plus a few cues a social care lead
 * looks for (negative and positive lexicon weight, a question, an exclamation, shouting, a link). Shared by
 * training and prediction so the two can never disagree.
 */
public final class ComplaintFeatures {
    private static final Set<String> STOP = Set.of("the", "a", "an", "to", "and", "of", "in", "on", "for", "at", "is",
            "it", "be", "this", "that", "with");

    /** Words practitioners read as a breach of expectations: failures, waiting, money, broken promises. */
    private static final Set<String> COMPLAINT_CUES = Set.of("broken", "broke", "still", "never", "waiting", "waited",
            "hours", "days", "weeks", "refund", "charged", "cancelled", "canceled", "delayed", "late", "missing", "lost",
            "wrong", "worst", "terrible", "awful", "useless", "rude", "unacceptable", "disappointed", "disappointing",
            "ridiculous", "fix", "fixed", "issue", "issues", "problem", "problems", "error", "crash", "crashes", "down",
            "again", "nobody", "ignored", "complaint", "failed", "fails", "sucks", "stuck", "slow", "won't", "doesn't",
            "didn't", "can't", "cannot", "not", "no", "why", "yet", "supposed", "promised", "paid", "money", "poor");

    private ComplaintFeatures() {
    }

    public static Map<String, Double> of(String text) {
        List<String> tokens = Tokens.of(text);
        List<String> raw = Tokens.rawWords(text);
        return of(tokens, raw, Sentiment.instance().raw(tokens, raw));
    }

    /** From an analysis already made: tokens, the words as written, and the raw sentiment sum. */
    public static Map<String, Double> of(List<String> tokens, List<String> raw, double rawSentiment) {
        Map<String, Double> f = new LinkedHashMap<>();
        String previous = "<s>";
        for (String t : tokens) {
            if (!STOP.contains(t)) {
                f.merge("w:" + t, 1.0, Double::sum);
            }
            f.merge("b:" + previous + "_" + t, 1.0, Double::sum);
            previous = t;
        }
        f.merge("b:" + previous + "_</s>", 1.0, Double::sum);
        // Binary presence, not counts: a repeated word is not more evidence.
        f.replaceAll((k, v) -> 1.0);

        Sentiment sentiment = Sentiment.instance();
        double negative = 0;
        double positive = 0;
        for (String t : tokens) {
            double v = sentiment.valence(t);
            if (v < 0) {
                negative -= v;
            } else {
                positive += v;
            }
        }
        double compound = Sentiment.normalise(rawSentiment);
        f.put("lex:negative", Math.log1p(negative));
        f.put("lex:positive", Math.log1p(positive));
        f.put("lex:compound", compound);
        if (tokens.contains("?")) {
            f.put("cue:question", 1.0);
        }
        if (tokens.contains("!")) {
            f.put("cue:exclaim", 1.0);
        }
        if (tokens.contains("<url>")) {
            f.put("cue:link", 1.0);
        }
        if (!tokens.isEmpty() && tokens.get(0).equals("@user")) {
            f.put("cue:reply", 1.0);
        }
        if (raw.stream().anyMatch(w -> w.length() > 2 && w.equals(w.toUpperCase(java.util.Locale.ROOT)))) {
            f.put("cue:shouting", 1.0);
        }
        int cues = 0;
        for (String t : tokens) {
            if (COMPLAINT_CUES.contains(t)) {
                cues++;
            }
        }
        if (cues > 0) {
            f.put("cue:complaint-words", Math.log1p(cues));
        }
        f.put("bias", 1.0);
        return f;
    }
}
