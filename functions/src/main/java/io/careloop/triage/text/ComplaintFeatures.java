package io.careloop.triage.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the complaint model reads in a post, shared by training and judging so the two can never disagree:
 * word 1–3-grams and character 2–5-grams (inside word boundaries) as 32-bit hashes with their counts, and a
 * few cues a social care lead looks for (lexicon negativity and positivity, a question, an exclamation,
 * shouting, waiting time, money, negation, who is addressed). The static embedding is added by the model.
 */
public final class ComplaintFeatures {
    /** Names of {@link Analysis#cues()}, in order. */
    public static final List<String> CUE_NAMES = List.of("negative words", "positive words", "sentiment", "question",
            "exclamation", "link", "reply", "shouting", "complaint words", "number", "negation", "first person",
            "second person", "waiting", "money", "length", "mentions");

    /** The cues worth naming to an agent (length, mentions and reply shape are not reasons a person would give). */
    public static final Set<String> EXPLAINING_CUES = Set.of("negative words", "sentiment", "question", "exclamation",
            "shouting", "complaint words", "negation", "waiting", "money");

    /** Words practitioners read as a breach of expectations: failures, waiting, money, broken promises. */
    private static final Set<String> COMPLAINT_CUES = Set.of("broken", "broke", "still", "never", "waiting", "waited",
            "hours", "days", "weeks", "refund", "charged", "cancelled", "canceled", "delayed", "late", "missing", "lost",
            "wrong", "worst", "terrible", "awful", "useless", "rude", "unacceptable", "disappointed", "disappointing",
            "ridiculous", "fix", "fixed", "issue", "issues", "problem", "problems", "error", "crash", "crashes", "down",
            "again", "nobody", "ignored", "complaint", "failed", "fails", "sucks", "stuck", "slow", "won't", "doesn't",
            "didn't", "can't", "cannot", "not", "no", "why", "yet", "supposed", "promised", "paid", "money", "poor");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "nothing", "nobody", "none", "cannot",
            "can't", "cant", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "won't", "wont", "isn't", "isnt",
            "wasn't", "haven't", "hasn't", "couldn't", "wouldn't", "aren't", "without");
    private static final Set<String> FIRST_PERSON = Set.of("i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine",
            "we", "our", "us", "im", "ive");
    private static final Set<String> SECOND_PERSON = Set.of("you", "your", "you're", "yours", "u", "ur", "you've");
    private static final Set<String> WAITING = Set.of("hours", "hour", "days", "day", "weeks", "week", "months",
            "minutes", "mins", "still", "yet", "since", "ago", "again", "waiting", "waited", "wait", "forever");
    private static final Set<String> MONEY = Set.of("refund", "refunded", "charged", "charge", "paid", "pay", "money",
            "bill", "billed", "fee", "fees", "price", "overcharged", "compensation", "£", "$", "€");

    static final int FNV_OFFSET = 0x811C9DC5;
    static final int FNV_PRIME = 0x01000193;
    private static final int UNIGRAM = 0x1B873593;
    private static final int BIGRAM = 0x2C1B3C6D;
    private static final int TRIGRAM = 0x297A2D39;
    private static final int CHARS = 0x5BD1E995;

    private ComplaintFeatures() {
    }

    /**
     * One post, read: hashed word and character n-grams (sorted, with counts), cue values, and the tokens
     * the rest of triage reuses.
     */
    public record Analysis(List<String> tokens, List<String> rawWords, double rawSentiment, int[] wordTerms,
                           int[] wordCounts, int[] charTerms, int[] charCounts, double[] cues) {
    }

    public static Analysis analyse(String text) {
        List<String> tokens = Tokens.of(text);
        List<String> raw = Tokens.rawWords(text);
        return analyse(tokens, raw, Sentiment.instance().raw(tokens, raw));
    }

    /** From an analysis already made: tokens, the words as written, and the raw sentiment sum. */
    public static Analysis analyse(List<String> tokens, List<String> raw, double rawSentiment) {
        int n = tokens.size();
        int[] tokenHashes = new int[n];
        for (int i = 0; i < n; i++) {
            tokenHashes[i] = fnv(tokens.get(i));
        }
        int[] words = new int[3 * n];
        int w = 0;
        for (int i = 0; i < n; i++) {
            words[w++] = unigram(tokenHashes[i]);
            if (i >= 1) {
                words[w++] = bigram(tokenHashes[i - 1], tokenHashes[i]);
            }
            if (i >= 2) {
                words[w++] = trigram(tokenHashes[i - 2], tokenHashes[i - 1], tokenHashes[i]);
            }
        }
        int charTotal = 0;
        for (String t : tokens) {
            charTotal += 4 * (t.length() + 2);
        }
        int[] chars = new int[charTotal];
        int c = 0;
        for (String t : tokens) {
            c = charGrams(t, chars, c);
        }
        int[][] wordBag = bag(words, w);
        int[][] charBag = bag(chars, c);
        return new Analysis(tokens, raw, rawSentiment, wordBag[0], wordBag[1], charBag[0], charBag[1],
                cues(tokens, raw, rawSentiment));
    }

    /** Character 2–5-grams of {@code " token "}: an incremental hash from each start, so nothing is allocated. */
    private static int charGrams(String token, int[] out, int at) {
        int length = token.length() + 2;
        for (int start = 0; start < length - 1; start++) {
            int h = FNV_OFFSET ^ CHARS;
            for (int end = start; end < Math.min(length, start + 5); end++) {
                char ch = end == 0 || end == length - 1 ? ' ' : token.charAt(end - 1);
                h = (h ^ ch) * FNV_PRIME;
                if (end > start) {
                    out[at++] = mix(h);
                }
            }
        }
        return at;
    }

    /** Sorted distinct hashes and how often each occurred. */
    private static int[][] bag(int[] hashes, int count) {
        int[] sorted = Arrays.copyOf(hashes, count);
        Arrays.sort(sorted);
        int[] keys = new int[count];
        int[] counts = new int[count];
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            if (distinct > 0 && keys[distinct - 1] == sorted[i]) {
                counts[distinct - 1]++;
            } else {
                keys[distinct] = sorted[i];
                counts[distinct++] = 1;
            }
        }
        return new int[][] {Arrays.copyOf(keys, distinct), Arrays.copyOf(counts, distinct)};
    }

    private static double[] cues(List<String> tokens, List<String> raw, double rawSentiment) {
        Sentiment sentiment = Sentiment.instance();
        double negative = 0;
        double positive = 0;
        int complaintWords = 0;
        int negations = 0;
        int first = 0;
        int second = 0;
        int waiting = 0;
        int money = 0;
        int mentions = 0;
        for (String t : tokens) {
            double v = sentiment.valence(t);
            if (v < 0) {
                negative -= v;
            } else {
                positive += v;
            }
            complaintWords += COMPLAINT_CUES.contains(t) ? 1 : 0;
            negations += NEGATIONS.contains(t) ? 1 : 0;
            first += FIRST_PERSON.contains(t) ? 1 : 0;
            second += SECOND_PERSON.contains(t) ? 1 : 0;
            waiting += WAITING.contains(t) ? 1 : 0;
            money += MONEY.contains(t) ? 1 : 0;
            mentions += t.equals("@user") ? 1 : 0;
        }
        boolean shouting = raw.stream().anyMatch(x -> x.length() > 2 && x.equals(x.toUpperCase(Locale.ROOT))
                && !x.equals(x.toLowerCase(Locale.ROOT)));
        return new double[] {
            Math.log1p(negative), Math.log1p(positive), Sentiment.normalise(rawSentiment),
            tokens.contains("?") ? 1 : 0, tokens.contains("!") ? 1 : 0, tokens.contains("<url>") ? 1 : 0,
            !tokens.isEmpty() && tokens.get(0).equals("@user") ? 1 : 0, shouting ? 1 : 0,
            Math.log1p(complaintWords), tokens.contains("<num>") ? 1 : 0, Math.log1p(negations), Math.log1p(first),
            Math.log1p(second), Math.log1p(waiting), Math.log1p(money), Math.log1p(tokens.size()) / 4,
            Math.log1p(mentions)
        };
    }

    /** The word 1–2-grams of the tokens with their hashes, for naming the cues behind a judgement. */
    public static void forEachNamedWordGram(List<String> tokens, java.util.function.BiConsumer<Integer, String> sink) {
        int previous = 0;
        for (int i = 0; i < tokens.size(); i++) {
            int h = fnv(tokens.get(i));
            sink.accept(unigram(h), tokens.get(i));
            if (i >= 1) {
                sink.accept(bigram(previous, h), tokens.get(i - 1) + " " + tokens.get(i));
            }
            previous = h;
        }
    }

    private static int unigram(int a) {
        return mix(a ^ UNIGRAM);
    }

    private static int bigram(int a, int b) {
        return mix(a * 0x9E3779B1 + b ^ BIGRAM);
    }

    private static int trigram(int a, int b, int c) {
        return mix((a * 0x9E3779B1 + b) * 0x9E3779B1 + c ^ TRIGRAM);
    }

    static int fnv(String s) {
        int h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** MurmurHash3's finaliser: spreads the FNV state over all 32 bits. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
