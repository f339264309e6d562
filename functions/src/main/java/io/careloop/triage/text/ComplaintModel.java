package io.careloop.triage.text;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The complaint detector: a logistic regression over TF-IDF word 1–3-grams and character 2–5-grams (each block
 * L2-normalised), the {@link ComplaintFeatures} cues and a static sentence embedding, with its score turned
 * into a calibrated probability by Platt scaling fitted on cross-validated scores. Trained by
 * {@code careloop train}; stored in a compact binary form ({@link #write}, {@link #read}) that loads in a few
 * milliseconds, and only when triage first judges a post.
 */
public final class ComplaintModel {
    /** Where the model is on the classpath (tests, the local runtime). */
    public static final String RESOURCE = "/careloop/complaint-model.bin";
    /** Where Lambda extracts the triage function's model layer. */
    public static final String LAYER_FILE = "/opt/careloop/complaint-model.bin";
    /** Names another model file, for trying a retrained model without rebuilding. */
    public static final String PATH_VARIABLE = "CARELOOP_COMPLAINT_MODEL";
    private static final int MAGIC = 0x434C4D32; // "CLM2"
    private static final int VERSION = 2;

    /** How much each block of features counts before the weights (training scales the blocks the same way). */
    public record BlockScales(double words, double chars, double cues, double embedding) {
    }

    /** Where the score comes from: its parts, for explaining a judgement. */
    public record Score(double raw, double probability, List<String> cues) {
    }

    private final String description;
    private final double threshold;
    private final double plattSlope;
    private final double plattIntercept;
    private final double bias;
    private final BlockScales scales;
    private final double[] cueWeights;
    private final int[] termKeys;
    private final float[] termIdf;
    private final float[] termWeights;
    private final int[] slots;
    private final StaticEmbeddings embeddings;
    private final float[] embeddingWeights;

    /**
     * @param termKeys       hashed n-grams the model knows (any order, distinct)
     * @param termIdf        their inverse document frequencies
     * @param termWeights    their weights
     * @param plattSlope     calibrated probability = 1 / (1 + exp(-(slope × score + intercept)))
     * @param threshold      the calibrated probability from which a post is a complaint
     */
    public ComplaintModel(String description, double threshold, double plattSlope, double plattIntercept, double bias,
                          BlockScales scales, double[] cueWeights, int[] termKeys, float[] termIdf, float[] termWeights,
                          StaticEmbeddings embeddings, float[] embeddingWeights) {
        if (cueWeights.length != ComplaintFeatures.CUE_NAMES.size()) {
            throw new IllegalArgumentException("expected " + ComplaintFeatures.CUE_NAMES.size() + " cue weights");
        }
        if (termIdf.length != termKeys.length || termWeights.length != termKeys.length
                || embeddingWeights.length != embeddings.dimensions()) {
            throw new IllegalArgumentException("model arrays differ in length");
        }
        this.description = description;
        this.threshold = threshold;
        this.plattSlope = plattSlope;
        this.plattIntercept = plattIntercept;
        this.bias = bias;
        this.scales = scales;
        this.cueWeights = cueWeights.clone();
        this.termKeys = termKeys;
        this.termIdf = termIdf;
        this.termWeights = termWeights;
        this.embeddings = embeddings;
        this.embeddingWeights = embeddingWeights;
        this.slots = index(termKeys);
    }

    private static final class Bundled {
        static final ComplaintModel MODEL = load();

        private static ComplaintModel load() {
            try {
                String named = System.getenv(PATH_VARIABLE);
                if (named != null && !named.isBlank()) {
                    return readFile(java.nio.file.Path.of(named), PATH_VARIABLE);
                }
                try (InputStream in = ComplaintModel.class.getResourceAsStream(RESOURCE)) {
                    if (in != null) {
                        return read(in);
                    }
                }
                return readFile(java.nio.file.Path.of(LAYER_FILE), "the TriageModelLayer");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static ComplaintModel readFile(java.nio.file.Path file, String source) throws IOException {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalStateException("complaint model not found: " + file + " (from " + source
                        + "); attach the TriageModelLayer to the function or set " + PATH_VARIABLE);
            }
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                return read(in);
            }
        }
    }

    /**
     * The shipped model, read on first use (functions that never judge never load it): the file named by
     * {@value #PATH_VARIABLE} if set, else the classpath resource, else the triage function's layer.
     */
    public static ComplaintModel bundled() {
        return Bundled.MODEL;
    }

    /** Open addressing over the (already mixed) hashes: slot holds index + 1, 0 is empty. */
    private static int[] index(int[] keys) {
        int capacity = Integer.highestOneBit(Math.max(4, keys.length * 2 - 1)) << 1;
        int[] table = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            int slot = keys[i] & mask;
            while (table[slot] != 0) {
                if (keys[table[slot] - 1] == keys[i]) {
                    throw new IllegalArgumentException("duplicate term hash " + keys[i]);
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return table;
    }

    private int find(int key) {
        int mask = slots.length - 1;
        int slot = key & mask;
        int entry;
        while ((entry = slots[slot]) != 0) {
            if (termKeys[entry - 1] == key) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** A block's contribution: the dot product of its L2-normalised sublinear TF-IDF vector with the weights. */
    private double block(int[] keys, int[] counts) {
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < keys.length; i++) {
            int t = find(keys[i]);
            if (t >= 0) {
                double v = (1 + Math.log(counts[i])) * termIdf[t];
                norm += v * v;
                dot += v * termWeights[t];
            }
        }
        return norm == 0 ? 0 : dot / Math.sqrt(norm);
    }

    /** The uncalibrated score (log-odds of the class-weighted regression). */
    public double rawScore(ComplaintFeatures.Analysis a, float[] embedding) {
        double z = bias + scales.words() * block(a.wordTerms(), a.wordCounts())
                + scales.chars() * block(a.charTerms(), a.charCounts());
        double[] cues = a.cues();
        for (int i = 0; i < cues.length; i++) {
            z += scales.cues() * cues[i] * cueWeights[i];
        }
        for (int d = 0; d < embeddingWeights.length; d++) {
            z += scales.embedding() * embedding[d] * embeddingWeights[d];
        }
        return z;
    }

    /** Calibrated probability from a raw score. */
    public double calibrate(double rawScore) {
        return 1 / (1 + Math.exp(-(plattSlope * rawScore + plattIntercept)));
    }

    public double probability(ComplaintFeatures.Analysis a, String text) {
        return calibrate(rawScore(a, embeddings.vector(text)));
    }

    public double probability(String text) {
        return probability(ComplaintFeatures.analyse(text), text);
    }

    public boolean isComplaint(String text) {
        return probability(text) >= threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** The same regression with its calibration, decision threshold and description set. */
    public ComplaintModel withCalibration(String newDescription, double newThreshold, double slope, double intercept) {
        return new ComplaintModel(newDescription, newThreshold, slope, intercept, bias, scales, cueWeights, termKeys,
                termIdf, termWeights, embeddings, embeddingWeights);
    }

    public BlockScales scales() {
        return scales;
    }

    public double plattSlope() {
        return plattSlope;
    }

    public double plattIntercept() {
        return plattIntercept;
    }

    public String description() {
        return description;
    }

    public StaticEmbeddings embeddings() {
        return embeddings;
    }

    public int termCount() {
        return termKeys.length;
    }

    /** The words and cues that pushed hardest towards "complaint", strongest first, for the case's reasons. */
    public List<String> strongestCues(ComplaintFeatures.Analysis a, int limit) {
        List<Map.Entry<String, Double>> pushes = new ArrayList<>();
        double norm = 0;
        for (int i = 0; i < a.wordTerms().length; i++) {
            int t = find(a.wordTerms()[i]);
            if (t >= 0) {
                double v = (1 + Math.log(a.wordCounts()[i])) * termIdf[t];
                norm += v * v;
            }
        }
        double scale = norm == 0 ? 0 : scales.words() / Math.sqrt(norm);
        ComplaintFeatures.forEachNamedWordGram(a.tokens(), (hash, name) -> {
            int t = find(hash);
            if (t >= 0) {
                pushes.add(Map.entry(name, termIdf[t] * termWeights[t] * scale));
            }
        });
        for (int i = 0; i < cueWeights.length; i++) {
            String name = ComplaintFeatures.CUE_NAMES.get(i);
            if (ComplaintFeatures.EXPLAINING_CUES.contains(name)) {
                pushes.add(Map.entry(name, scales.cues() * a.cues()[i] * cueWeights[i]));
            }
        }
        return pushes.stream().filter(e -> e.getValue() > 0.05)
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()))
                .map(Map.Entry::getKey).distinct().limit(limit).toList();
    }

    /** The binary form: big-endian, a magic number and version, then every array with its length. */
    public void write(OutputStream target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 22);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeString(out, description);
        out.writeDouble(threshold);
        out.writeDouble(plattSlope);
        out.writeDouble(plattIntercept);
        out.writeDouble(bias);
        out.writeDouble(scales.words());
        out.writeDouble(scales.chars());
        out.writeDouble(scales.cues());
        out.writeDouble(scales.embedding());
        out.writeInt(cueWeights.length);
        for (double w : cueWeights) {
            out.writeDouble(w);
        }
        // Terms in hash order, so the same model always gives the same bytes.
        Integer[] order = new Integer[termKeys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> termKeys[i]));
        out.writeInt(termKeys.length);
        for (int i : order) {
            out.writeInt(termKeys[i]);
        }
        for (int i : order) {
            out.writeFloat(termIdf[i]);
        }
        for (int i : order) {
            out.writeFloat(termWeights[i]);
        }
        int dims = embeddings.dimensions();
        out.writeInt(dims);
        for (float w : embeddingWeights) {
            out.writeFloat(w);
        }
        for (float c : embeddings.centre()) {
            out.writeFloat(c);
        }
        out.writeInt(embeddings.size());
        writeString(out, String.join("\n", embeddings.vocabulary()));
        for (float s : embeddings.scales()) {
            out.writeFloat(s);
        }
        out.write(embeddings.table());
        out.flush();
        bytes.writeTo(target);
    }

    public static ComplaintModel read(InputStream in) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(in.readAllBytes());
        try {
            if (b.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a careloop complaint model (bad magic number)");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("complaint model format version " + version + " is not supported");
            }
            String description = readString(b);
            double threshold = b.getDouble();
            double slope = b.getDouble();
            double intercept = b.getDouble();
            double bias = b.getDouble();
            BlockScales scales = new BlockScales(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
            double[] cueWeights = new double[b.getInt()];
            b.asDoubleBuffer().get(cueWeights);
            b.position(b.position() + 8 * cueWeights.length);
            int terms = b.getInt();
            int[] keys = new int[terms];
            b.asIntBuffer().get(keys);
            b.position(b.position() + 4 * terms);
            float[] idf = floats(b, terms);
            float[] weights = floats(b, terms);
            int dims = b.getInt();
            float[] embeddingWeights = floats(b, dims);
            float[] centre = floats(b, dims);
            int pieces = b.getInt();
            byte[] vocabulary = new byte[b.getInt()];
            b.get(vocabulary);
            float[] rowScales = floats(b, pieces);
            byte[] table = new byte[pieces * dims];
            b.get(table);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("complaint model has " + b.remaining() + " unexpected trailing bytes");
            }
            // Judging looks wordpieces up by hash; the strings are decoded only if someone asks for them.
            WordPieces wordPieces = new WordPieces(WordPieces.hashesOfUtf8Lines(vocabulary, pieces));
            StaticEmbeddings embeddings = new StaticEmbeddings(pieces,
                    () -> java.util.Arrays.stream(new String(vocabulary, StandardCharsets.UTF_8).split("\n", -1)),
                    wordPieces, dims, table, rowScales, centre);
            return new ComplaintModel(description, threshold, slope, intercept, bias, scales, cueWeights, keys, idf,
                    weights, embeddings, embeddingWeights);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("complaint model is truncated", e);
        }
    }

    private static float[] floats(ByteBuffer b, int count) {
        float[] values = new float[count];
        b.asFloatBuffer().get(values);
        b.position(b.position() + 4 * count);
        return values;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer b) {
        byte[] utf8 = new byte[b.getInt()];
        b.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "complaint model (%d terms, %d-dimensional embedding, threshold %.3f)",
                termKeys.length, embeddings.dimensions(), threshold);
    }
}
