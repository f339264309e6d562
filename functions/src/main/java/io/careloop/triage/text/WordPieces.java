package io.careloop.triage.text;

import java.text.Normalizer;
import java.util.List;
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
    private static final long FNV64_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV64_PRIME = 0x100000001B3L;
    private static final long CONTINUATION = step(step(FNV64_OFFSET, '#'), '#');

    /** Open addressing over 64-bit hashes of the pieces (no strings kept): slot holds id + 1, 0 is empty. */
    private final long[] keys;
    private final int[] ids;

    public WordPieces(List<String> vocabulary) {
        this(hashes(vocabulary));
    }

    /** From the 64-bit hashes of the vocabulary's pieces, in id order ({@link #hash(CharSequence)}). */
    public WordPieces(long[] pieceHashes) {
        int capacity = Integer.highestOneBit(Math.max(4, pieceHashes.length * 2 - 1)) << 1;
        this.keys = new long[capacity];
        this.ids = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < pieceHashes.length; id++) {
            int slot = (int) pieceHashes[id] & mask;
            while (ids[slot] != 0 && keys[slot] != pieceHashes[id]) {
                slot = (slot + 1) & mask;
            }
            if (ids[slot] == 0) { // a duplicate piece keeps its first id, as a map would
                keys[slot] = pieceHashes[id];
                ids[slot] = id + 1;
            }
        }
    }

    static long[] hashes(List<String> vocabulary) {
        long[] h = new long[vocabulary.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = hash(vocabulary.get(i));
        }
        return h;
    }

    /** The 64-bit hash a piece is found by: FNV-1a over its UTF-16 chars, then MurmurHash3's finaliser. */
    public static long hash(CharSequence piece) {
        long h = FNV64_OFFSET;
        for (int i = 0; i < piece.length(); i++) {
            h = step(h, piece.charAt(i));
        }
        return finish(h);
    }

    /**
     * The hashes of newline-separated UTF-8 pieces, decoded char by char without making strings: how a model
     * file's vocabulary becomes a lookup table in about a millisecond.
     */
    static long[] hashesOfUtf8Lines(byte[] utf8, int count) {
        long[] hashes = new long[count];
        int line = 0;
        long h = FNV64_OFFSET;
        int i = 0;
        while (i <= utf8.length) {
            if (i == utf8.length || utf8[i] == '\n') {
                if (line < count) {
                    hashes[line] = finish(h);
                }
                line++;
                h = FNV64_OFFSET;
                i++;
                continue;
            }
            int b = utf8[i] & 0xFF;
            int codePoint;
            if (b < 0x80) {
                codePoint = b;
                i += 1;
            } else if (b < 0xE0) {
                codePoint = (b & 0x1F) << 6 | (utf8[i + 1] & 0x3F);
                i += 2;
            } else if (b < 0xF0) {
                codePoint = (b & 0x0F) << 12 | (utf8[i + 1] & 0x3F) << 6 | (utf8[i + 2] & 0x3F);
                i += 3;
            } else {
                codePoint = (b & 0x07) << 18 | (utf8[i + 1] & 0x3F) << 12 | (utf8[i + 2] & 0x3F) << 6 | (utf8[i + 3] & 0x3F);
                i += 4;
            }
            if (Character.isBmpCodePoint(codePoint)) {
                h = step(h, (char) codePoint);
            } else {
                h = step(step(h, Character.highSurrogate(codePoint)), Character.lowSurrogate(codePoint));
            }
        }
        if (line != count) {
            throw new IllegalArgumentException("vocabulary has " + line + " pieces, expected " + count);
        }
        return hashes;
    }

    private static long step(long h, char c) {
        return (h ^ c) * FNV64_PRIME;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) key & mask;
        while (ids[slot] != 0) {
            if (keys[slot] == key) {
                return ids[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** The id of a wordpiece, or -1 if the vocabulary lacks it. */
    public int id(String piece) {
        return find(hash(piece));
    }

    /** The id of {@code text[from, to)}, as a word's first piece or (continuation) as a {@code ##} piece. */
    private int id(String text, int from, int to, boolean continuation) {
        long h = continuation ? CONTINUATION : FNV64_OFFSET;
        for (int i = from; i < to; i++) {
            h = step(h, text.charAt(i));
        }
        return find(finish(h));
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
                id = id(text, start, end, start != from);
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
