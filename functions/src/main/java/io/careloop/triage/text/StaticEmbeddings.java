package io.careloop.triage.text;

import java.util.List;

/**
 * A static embedding table distilled from a sentence encoder (the Model2Vec idea): one vector per wordpiece
 * of the encoder's vocabulary, reduced by PCA and stored as int8 with one scale per row. A post's vector is
 * the mean of its wordpieces' vectors, centred on the training posts' mean and L2-normalised: most of what
 * the encoder knows about words ("refund" is near "charged") for the cost of a table lookup per wordpiece.
 */
public final class StaticEmbeddings {
    private final java.util.function.Supplier<List<String>> vocabulary;
    private final int size;
    private final WordPieces wordPieces;
    private final int dimensions;
    private final byte[] table;
    private final float[] scales;
    private final float[] centre;

    /**
     * @param table  {@code vocabulary.size() × dimensions} int8 values, row by row
     * @param scales one per row: a value is {@code table[i] * scales[row]}
     * @param centre the mean post vector subtracted before normalising
     */
    public StaticEmbeddings(List<String> vocabulary, int dimensions, byte[] table, float[] scales, float[] centre) {
        this(vocabulary.size(), List.copyOf(vocabulary)::stream, new WordPieces(vocabulary), dimensions, table, scales,
                centre);
    }

    /**
     * @param vocabulary decodes the wordpieces when asked (judging needs only their hashes, in {@code wordPieces})
     */
    StaticEmbeddings(int size, java.util.function.Supplier<java.util.stream.Stream<String>> vocabulary,
                     WordPieces wordPieces, int dimensions, byte[] table, float[] scales, float[] centre) {
        if (table.length != size * dimensions || scales.length != size || centre.length != dimensions) {
            throw new IllegalArgumentException("embedding table shape does not match its vocabulary");
        }
        this.size = size;
        this.vocabulary = memoised(() -> vocabulary.get().toList());
        this.wordPieces = wordPieces;
        this.dimensions = dimensions;
        this.table = table;
        this.scales = scales;
        this.centre = centre;
    }

    private StaticEmbeddings(StaticEmbeddings other, float[] centre) {
        if (centre.length != other.dimensions) {
            throw new IllegalArgumentException("centre has " + centre.length + " dimensions, not " + other.dimensions);
        }
        this.size = other.size;
        this.vocabulary = other.vocabulary;
        this.wordPieces = other.wordPieces;
        this.dimensions = other.dimensions;
        this.table = other.table;
        this.scales = other.scales;
        this.centre = centre;
    }

    private static <T> java.util.function.Supplier<T> memoised(java.util.function.Supplier<T> source) {
        return new java.util.function.Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = source.get();
                        }
                        v = value;
                    }
                }
                return v;
            }
        };
    }

    /** The same table centred elsewhere (training centres on each fold's posts). */
    public StaticEmbeddings withCentre(float[] newCentre) {
        return new StaticEmbeddings(this, newCentre);
    }

    /** The mean of the wordpiece vectors of the text, not centred; zeros if no wordpiece is known. */
    public float[] meanVector(String text) {
        float[] sum = new float[dimensions];
        int[] count = {0};
        wordPieces.forEachId(text, id -> {
            float scale = scales[id];
            int offset = id * dimensions;
            for (int d = 0; d < dimensions; d++) {
                sum[d] += table[offset + d] * scale;
            }
            count[0]++;
        });
        if (count[0] > 0) {
            for (int d = 0; d < dimensions; d++) {
                sum[d] /= count[0];
            }
        }
        return sum;
    }

    /** The post's vector: mean wordpiece vector, centred, L2-normalised. */
    public float[] vector(String text) {
        float[] v = meanVector(text);
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            v[d] -= centre[d];
            norm += v[d] * v[d];
        }
        if (norm > 0) {
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < dimensions; d++) {
                v[d] *= inverse;
            }
        }
        return v;
    }

    public int dimensions() {
        return dimensions;
    }

    /** The wordpieces in id order (decoded on first call: judging never needs them). */
    public List<String> vocabulary() {
        return vocabulary.get();
    }

    public int size() {
        return size;
    }

    byte[] table() {
        return table;
    }

    float[] scales() {
        return scales;
    }

    public float[] centre() {
        return centre.clone();
    }
}
