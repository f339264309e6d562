package io.careloop.triage.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sentiment from -1 to 1 in the manner of VADER (Hutto and Gilbert, 2014): lexicon valences, flipped and
 * damped after a negation, raised by boosters ("very") and by shouting, capped with VADER's normalisation
 * {@code x / sqrt(x² + 15)}. The lexicon ships in the jar with its licence.
 */
public final class Sentiment {
    private static final String LEXICON = "/io/careloop/triage/vader-lexicon.tsv";
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "nothing", "nobody", "none", "neither",
            "nor", "cannot", "can't", "cant", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "won't", "wont",
            "isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't", "haven't", "hasn't", "hadn't",
            "shouldn't", "wouldn't", "couldn't", "without", "ain't");
    private static final Map<String, Double> BOOSTERS = Map.ofEntries(
            Map.entry("very", 0.293), Map.entry("really", 0.293), Map.entry("so", 0.293), Map.entry("extremely", 0.293),
            Map.entry("absolutely", 0.293), Map.entry("totally", 0.293), Map.entry("completely", 0.293),
            Map.entry("incredibly", 0.293), Map.entry("super", 0.293), Map.entry("too", 0.293),
            Map.entry("most", 0.293), Map.entry("such", 0.293),
            Map.entry("barely", -0.293), Map.entry("slightly", -0.293), Map.entry("somewhat", -0.293),
            Map.entry("kinda", -0.293), Map.entry("little", -0.293));

    private static final Sentiment INSTANCE = new Sentiment(load());

    private final Map<String, Double> valence;

    private Sentiment(Map<String, Double> valence) {
        this.valence = valence;
    }

    public static Sentiment instance() {
        return INSTANCE;
    }

    private static Map<String, Double> load() {
        Map<String, Double> map = new HashMap<>(8_192);
        try (var in = Sentiment.class.getResourceAsStream(LEXICON);
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    map.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1).trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    /** The lexicon valence of a normalised token (-4..4), or 0. */
    public double valence(String token) {
        return valence.getOrDefault(token, 0.0);
    }

    /** Sum of valences with negation and boosters applied, before normalisation. */
    public double raw(List<String> tokens, List<String> rawWords) {
        double sum = 0;
        for (int i = 0; i < tokens.size(); i++) {
            double v = valence(tokens.get(i));
            if (v == 0) {
                continue;
            }
            for (int back = 1; back <= 3 && i - back >= 0; back++) {
                String before = tokens.get(i - back);
                Double boost = BOOSTERS.get(before);
                if (boost != null) {
                    v += Math.signum(v) * boost * (back == 1 ? 1 : 0.95);
                }
                if (NEGATIONS.contains(before) || before.endsWith("n't")) {
                    v *= -0.74;
                    break;
                }
            }
            sum += v;
        }
        long shouted = rawWords.stream().filter(w -> w.length() > 2 && w.equals(w.toUpperCase(Locale.ROOT))).count();
        if (shouted > 0 && shouted < rawWords.size()) {
            sum += Math.signum(sum) * 0.733 * Math.min(shouted, 3) / 3.0;
        }
        long exclaims = tokens.stream().filter("!"::equals).count();
        sum += Math.signum(sum) * Math.min(exclaims, 4) * 0.292;
        return sum;
    }

    /** VADER's compound score: -1 (most negative) .. 1 (most positive). */
    public double compound(String text) {
        return normalise(raw(Tokens.of(text), Tokens.rawWords(text)));
    }

    public static double normalise(double raw) {
        return raw / Math.sqrt(raw * raw + 15);
    }
}
