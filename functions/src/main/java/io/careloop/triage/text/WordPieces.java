package io.careloop.triage.text;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The uncased BERT tokenizer (the one the sentence encoder behind {@link StaticEmbeddings} was trained
 * with): clean the text, put spaces around CJK ideographs, lower-case and strip accents, split on
 * whitespace and punctuation, then cut each word greedily into the longest wordpieces of the vocabulary
 * ({@code ##} marks a piece inside a word). A word with no cut, or longer than 100 characters, is unknown.
 * Training and judging share this class, so the embedding table is always read with the ids it was built with.
 */
public final class WordPieces {
    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> ids;

    public WordPieces(List<String> vocabulary) {
        this.ids = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), i);
        }
    }

    /** The id of a wordpiece, or -1 if the vocabulary lacks it. */
    public int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    /** Calls {@code sink} with the id of each known wordpiece of the text, in order; unknown words are skipped. */
    public void forEachId(String text, IntConsumer sink) {
        String normal = normalise(text);
        int n = normal.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? normal.charAt(i) : ' ';
            boolean space = Character.isWhitespace(c);
            boolean punctuation = !space && isPunctuation(c);
            if (space || punctuation) {
                if (start >= 0) {
                    pieces(normal, start, i, sink);
                    start = -1;
                }
                if (punctuation) {
                    pieces(normal, i, i + 1, sink);
                }
            } else if (start < 0) {
                start = i;
            }
        }
    }

    private void pieces(String text, int from, int to, IntConsumer sink) {
        if (to - from > MAX_WORD_CHARS) {
            return;
        }
        int[] found = new int[to - from];
        int count = 0;
        int start = from;
        while (start < to) {
            int end = to;
            int id = -1;
            while (start < end) {
                String piece = start == from ? text.substring(start, end) : "##" + text.substring(start, end);
                id = id(piece);
                if (id >= 0) {
                    break;
                }
                end--;
            }
            if (id < 0) {
                return; // BERT reads the whole word as unknown
            }
            found[count++] = id;
            start = end;
        }
        for (int i = 0; i < count; i++) {
            sink.accept(found[i]);
        }
    }

    /** Clean, space out CJK ideographs, lower-case, strip accents. */
    static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c == 0xFFFD || (Character.isISOControl(c) && !Character.isWhitespace(c))) {
                continue;
            }
            if (c >= 0x80) {
                ascii = false;
            }
            if (isCjk(c)) {
                out.append(' ').append(c).append(' ');
            } else {
                out.append(Character.isWhitespace(c) ? ' ' : c);
            }
        }
        String lower = out.toString().toLowerCase(java.util.Locale.ROOT);
        if (ascii) {
            return lower;
        }
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder stripped = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                stripped.append(c);
            }
        }
        return stripped.toString();
    }

    private static boolean isCjk(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF);
    }

    /** BERT's rule: every non-alphanumeric ASCII symbol, and every Unicode punctuation character. */
    private static boolean isPunctuation(char c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }
}
