package io.careloop.triage.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A logistic-regression complaint detector over {@link ComplaintFeatures}: is this post a breach of the
 * customer's expectations? Weights are a text resource ({@code feature<TAB>weight}), trained by
 * {@code careloop train} and explained feature by feature.
 */
public final class ComplaintModel {
    public static final String RESOURCE = "/io/careloop/triage/complaint-model.tsv";

    private final Map<String, Double> weights;
    private final double threshold;

    public ComplaintModel(Map<String, Double> weights, double threshold) {
        this.weights = Map.copyOf(weights);
        this.threshold = threshold;
    }

    private static final class Bundled {
        static final ComplaintModel MODEL = load(ComplaintModel.class.getResourceAsStream(RESOURCE));
    }

    /** The model shipped in the jar. */
    public static ComplaintModel bundled() {
        return Bundled.MODEL;
    }

    public static ComplaintModel load(InputStream in) {
        if (in == null) {
            throw new IllegalStateException("complaint model resource is missing from the jar");
        }
        Map<String, Double> weights = new HashMap<>(16_384);
        double threshold = 0.5;
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#threshold\t")) {
                    threshold = Double.parseDouble(line.substring(11).trim());
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    int tab = line.lastIndexOf('\t');
                    weights.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ComplaintModel(weights, threshold);
    }

    public void write(Writer out, String header) throws IOException {
        out.write("# " + header + "\n");
        out.write("#threshold\t" + threshold + "\n");
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(weights.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        for (var e : sorted) {
            out.write(e.getKey() + "\t" + String.format(java.util.Locale.ROOT, "%.5f", e.getValue()) + "\n");
        }
    }

    public double probability(Map<String, Double> features) {
        double z = 0;
        for (var e : features.entrySet()) {
            Double w = weights.get(e.getKey());
            if (w != null) {
                z += w * e.getValue();
            }
        }
        return 1 / (1 + Math.exp(-z));
    }

    public double probability(String text) {
        return probability(ComplaintFeatures.of(text));
    }

    public boolean isComplaint(String text) {
        return probability(text) >= threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** The features that pushed hardest towards "complaint", strongest first, for the case's reasons. */
    public List<String> strongestCues(Map<String, Double> features, int limit) {
        return features.entrySet().stream()
                .filter(e -> !e.getKey().equals("bias") && weights.getOrDefault(e.getKey(), 0.0) * e.getValue() > 0.15)
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) ->
                        -weights.getOrDefault(e.getKey(), 0.0) * e.getValue()))
                .limit(limit)
                .map(e -> e.getKey().replaceFirst("^[wb]:", "").replace('_', ' '))
                .toList();
    }

    public Map<String, Double> weights() {
        return weights;
    }
}
