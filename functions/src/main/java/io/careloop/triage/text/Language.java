package io.careloop.triage.text;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A light language guess: the script for non-Latin text, function words for Latin text. careloop answers
 * English automatically and routes anything else to a person, so telling English from not-English is
 * what matters most.
 */
public final class Language {
    public static final String ENGLISH = "en";
    public static final String UNKNOWN = "und";

    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en", Set.of("the", "and", "is", "my", "you", "your", "it", "to", "not", "this", "for", "of", "with", "have",
                    "was", "are", "what", "why", "how", "can", "i", "been", "still", "they", "but", "just", "we", "at"),
            "es", Set.of("el", "la", "los", "las", "que", "de", "y", "es", "mi", "no", "por", "para", "con", "una", "un",
                    "pero", "muy", "está", "esta", "del", "se", "lo", "como", "hace", "ha", "hay", "nadie", "nada", "mucho",
                    "todavía", "aún", "porque", "qué"),
            "fr", Set.of("le", "la", "les", "est", "et", "je", "mon", "ma", "pas", "une", "un", "des", "pour", "avec",
                    "que", "qui", "ne", "sur", "depuis", "mais", "vous", "très"),
            "de", Set.of("der", "die", "das", "und", "ist", "nicht", "mein", "meine", "ich", "ein", "eine", "mit", "seit",
                    "aber", "sie", "es", "noch", "auf", "zu", "für", "kein", "funktioniert"),
            "pt", Set.of("o", "os", "as", "que", "de", "e", "é", "meu", "minha", "não", "nao", "por", "para", "com",
                    "uma", "um", "mas", "muito", "está", "ainda"),
            "it", Set.of("il", "lo", "gli", "che", "di", "e", "è", "mio", "mia", "non", "per", "con", "una", "un", "ma",
                    "molto", "sono", "ancora", "della"),
            "nl", Set.of("de", "het", "een", "en", "is", "niet", "mijn", "ik", "met", "voor", "van", "maar", "nog", "al",
                    "werkt", "dat", "die", "zijn"));

    private Language() {
    }

    public static String guess(String text, List<String> tokens) {
        String script = script(text);
        if (script != null) {
            return script;
        }
        String best = ENGLISH;
        int bestHits = 0;
        int englishHits = 0;
        for (var e : FUNCTION_WORDS.entrySet()) {
            int hits = 0;
            for (String t : tokens) {
                if (e.getValue().contains(t)) {
                    hits++;
                }
            }
            if (e.getKey().equals(ENGLISH)) {
                englishHits = hits;
            }
            if (hits > bestHits) {
                bestHits = hits;
                best = e.getKey();
            }
        }
        // Another language must clearly out-score English: short English posts share words with others.
        return bestHits >= 2 && bestHits > englishHits ? best : ENGLISH;
    }

    private static String script(String text) {
        int latin = 0;
        Map<String, Integer> others = new java.util.HashMap<>();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            String code = switch (s) {
                case LATIN -> null;
                case HAN -> "zh";
                case HIRAGANA, KATAKANA -> "ja";
                case HANGUL -> "ko";
                case ARABIC -> "ar";
                case CYRILLIC -> "ru";
                case GREEK -> "el";
                case HEBREW -> "he";
                case THAI -> "th";
                case DEVANAGARI -> "hi";
                default -> UNKNOWN;
            };
            if (code == null) {
                latin++;
            } else {
                others.merge(code, 1, Integer::sum);
            }
        }
        var top = others.entrySet().stream().max(Map.Entry.comparingByValue());
        if (top.isPresent() && top.get().getValue() > latin) {
            // Kana mixed with Han is Japanese.
            return others.containsKey("ja") && top.get().getKey().equals("zh") ? "ja" : top.get().getKey();
        }
        return null;
    }
}
