package io.careloop.local.classifier;

import io.careloop.triage.text.ComplaintFeatures;
import io.careloop.triage.text.ComplaintModel;
import io.careloop.triage.text.StaticEmbeddings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the complaint model: class-weighted L2 logistic regression (the liblinear objective, solved to
 * convergence by L-BFGS) over sublinear TF-IDF word and character n-grams, cues and the static embedding;
 * then Platt scaling fitted on the out-of-fold scores of k-fold cross-validation, and the decision threshold
 * chosen on those calibrated probabilities for macro-F1. No randomness but the seeded fold assignment, so
 * the same data gives the same model, byte for byte.
 */
final class ComplaintTrainer {
    /** Terms seen in fewer training posts than this are left out: they cannot generalise and cost space. */
    static final int MIN_DOCUMENT_FREQUENCY = 2;

    /** One setting of the hyperparameters. */
    record Settings(double c, ComplaintModel.BlockScales scales) {
    }

    /** A labelled post, read once. */
    record Example(String text, boolean complaint, ComplaintFeatures.Analysis analysis, float[] meanEmbedding) {
    }

    /** Out-of-fold raw scores with the fold of each post. */
    record OutOfFold(double[] scores, int[] folds) {
    }

    static final long SEED = 20261123L;
    static final int EMBEDDING_DIMENSIONS = 128;
    /** The settings cross-validation chooses among. */
    static final List<Settings> GRID = List.of(
            new Settings(1, new ComplaintModel.BlockScales(1, 1, 1, 1)),
            new Settings(2, new ComplaintModel.BlockScales(1, 1, 1, 1)),
            new Settings(3, new ComplaintModel.BlockScales(1, 1, 1, 1)),
            new Settings(5, new ComplaintModel.BlockScales(1, 1, 1, 1)),
            new Settings(2, new ComplaintModel.BlockScales(1, 1, 1, 1.5)),
            new Settings(3, new ComplaintModel.BlockScales(1, 1, 0.5, 1.5)),
            new Settings(3, new ComplaintModel.BlockScales(1, 1.5, 1, 1)),
            new Settings(3, new ComplaintModel.BlockScales(1.5, 1, 1, 1)));

    private final long seed;

    ComplaintTrainer(long seed) {
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    static List<Example> prepare(List<LabelledCsv.Example> data, StaticEmbeddings embeddings) {
        return data.stream().map(e -> new Example(e.text(), e.complaint(), ComplaintFeatures.analyse(e.text()),
                embeddings.meanVector(e.text()))).toList();
    }

    /** Fits an uncalibrated model (Platt slope 1, intercept 0, threshold 0.5) on the examples. */
    ComplaintModel fit(List<Example> train, Settings settings, StaticEmbeddings embeddings) {
        int n = train.size();
        Map<Integer, Integer> df = new HashMap<>();
        for (Example e : train) {
            for (int k : e.analysis().wordTerms()) {
                df.merge(k, 1, Integer::sum);
            }
            for (int k : e.analysis().charTerms()) {
                df.merge(k, 1, Integer::sum);
            }
        }
        List<Integer> kept = new ArrayList<>();
        df.forEach((k, count) -> {
            if (count >= MIN_DOCUMENT_FREQUENCY) {
                kept.add(k);
            }
        });
        Collections.sort(kept);
        Map<Integer, Integer> column = new HashMap<>(kept.size() * 2);
        int[] keys = new int[kept.size()];
        float[] idf = new float[kept.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = kept.get(i);
            column.put(keys[i], i);
            idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(keys[i]))) + 1);
        }
        int dims = embeddings.dimensions();
        float[] centre = new float[dims];
        for (Example e : train) {
            for (int d = 0; d < dims; d++) {
                centre[d] += e.meanEmbedding()[d] / n;
            }
        }
        StaticEmbeddings centred = embeddings.withCentre(centre);
        int cues = ComplaintFeatures.CUE_NAMES.size();
        int cueStart = keys.length;
        int embeddingStart = cueStart + cues;
        int biasColumn = embeddingStart + dims;
        ComplaintModel.BlockScales s = settings.scales();

        List<int[]> rowIndex = new ArrayList<>(n);
        List<double[]> rowValue = new ArrayList<>(n);
        double[] labels = new double[n];
        double[] weights = new double[n];
        long positives = train.stream().filter(Example::complaint).count();
        for (int r = 0; r < n; r++) {
            Example e = train.get(r);
            List<Integer> idx = new ArrayList<>();
            List<Double> val = new ArrayList<>();
            addBlock(e.analysis().wordTerms(), e.analysis().wordCounts(), column, idf, s.words(), idx, val);
            addBlock(e.analysis().charTerms(), e.analysis().charCounts(), column, idf, s.chars(), idx, val);
            for (int c = 0; c < cues; c++) {
                idx.add(cueStart + c);
                val.add(s.cues() * e.analysis().cues()[c]);
            }
            float[] v = centredVector(e.meanEmbedding(), centre);
            for (int d = 0; d < dims; d++) {
                idx.add(embeddingStart + d);
                val.add(s.embedding() * v[d]);
            }
            idx.add(biasColumn);
            val.add(1.0);
            rowIndex.add(idx.stream().mapToInt(Integer::intValue).toArray());
            rowValue.add(val.stream().mapToDouble(Double::doubleValue).toArray());
            labels[r] = e.complaint() ? 1 : -1;
            // "balanced" class weights: each class counts as much as the other in total
            weights[r] = n / (2.0 * (e.complaint() ? positives : n - positives));
        }
        double[] w = LogisticRegression.minimise(rowIndex, rowValue, labels, weights, settings.c(), biasColumn + 1,
                biasColumn);
        float[] termWeights = new float[keys.length];
        for (int i = 0; i < keys.length; i++) {
            termWeights[i] = (float) w[i];
        }
        double[] cueWeights = new double[cues];
        System.arraycopy(w, cueStart, cueWeights, 0, cues);
        float[] embeddingWeights = new float[dims];
        for (int d = 0; d < dims; d++) {
            embeddingWeights[d] = (float) w[embeddingStart + d];
        }
        return new ComplaintModel("uncalibrated", 0.5, 1, 0, w[biasColumn], s, cueWeights, keys, idf, termWeights,
                centred, embeddingWeights);
    }

    private static float[] centredVector(float[] mean, float[] centre) {
        float[] v = new float[mean.length];
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
            v[d] = mean[d] - centre[d];
            norm += v[d] * v[d];
        }
        if (norm > 0) {
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < v.length; d++) {
                v[d] *= inverse;
            }
        }
        return v;
    }

    private static void addBlock(int[] terms, int[] counts, Map<Integer, Integer> column, float[] idf, double scale,
                                 List<Integer> idx, List<Double> val) {
        int start = idx.size();
        double norm = 0;
        for (int i = 0; i < terms.length; i++) {
            Integer c = column.get(terms[i]);
            if (c != null) {
                double v = (1 + Math.log(counts[i])) * idf[c];
                idx.add(c);
                val.add(v);
                norm += v * v;
            }
        }
        if (norm > 0) {
            double factor = scale / Math.sqrt(norm);
            for (int i = start; i < val.size(); i++) {
                val.set(i, val.get(i) * factor);
            }
        }
    }

    /** Raw scores of each post from the model fitted without its fold; folds stratified by label. */
    OutOfFold outOfFold(List<Example> data, Settings settings, StaticEmbeddings embeddings, int folds) {
        int[] fold = stratifiedFolds(data, folds);
        double[] scores = new double[data.size()];
        for (int k = 0; k < folds; k++) {
            List<Example> train = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                if (fold[i] != k) {
                    train.add(data.get(i));
                }
            }
            ComplaintModel model = fit(train, settings, embeddings);
            StaticEmbeddings centred = model.embeddings();
            for (int i = 0; i < data.size(); i++) {
                if (fold[i] == k) {
                    Example e = data.get(i);
                    scores[i] = model.rawScore(e.analysis(), centred.vector(e.text()));
                }
            }
        }
        return new OutOfFold(scores, fold);
    }

    int[] stratifiedFolds(List<Example> data, int folds) {
        List<Integer> positives = new ArrayList<>();
        List<Integer> negatives = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (data.get(i).complaint() ? positives : negatives).add(i);
        }
        Random random = new Random(seed + 1);
        Collections.shuffle(positives, random);
        Collections.shuffle(negatives, random);
        int[] fold = new int[data.size()];
        for (int i = 0; i < positives.size(); i++) {
            fold[positives.get(i)] = i % folds;
        }
        for (int i = 0; i < negatives.size(); i++) {
            fold[negatives.get(i)] = (positives.size() + i) % folds;
        }
        return fold;
    }

    /**
     * Chooses the settings by k-fold cross-validated macro-F1, fits them on all the data, calibrates on the
     * out-of-fold scores and picks the threshold on those calibrated probabilities.
     */
    ComplaintModel train(List<Example> data, StaticEmbeddings embeddings, int folds, java.io.PrintStream log) {
        boolean[] labels = labels(data);
        Settings best = null;
        OutOfFold bestScores = null;
        double bestF1 = -1;
        double bestThreshold = 0.5;
        Calibration.Platt bestPlatt = null;
        for (Settings settings : GRID) {
            long start = System.nanoTime();
            OutOfFold oof = outOfFold(data, settings, embeddings, folds);
            Calibration.Platt platt = Calibration.fitPlatt(oof.scores(), labels);
            double[] p = new double[data.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = platt.probability(oof.scores()[i]);
            }
            double threshold = bestThreshold(labels, p);
            double f1 = evaluate(labels, p, threshold).macroF1();
            log.printf(java.util.Locale.ROOT, "  C %-5s scales %s: %d-fold macro-F1 %.4f at threshold %.2f (%d s)%n",
                    settings.c(), settings.scales(), folds, f1, threshold, (System.nanoTime() - start) / 1_000_000_000);
            if (f1 > bestF1) {
                best = settings;
                bestScores = oof;
                bestF1 = f1;
                bestThreshold = threshold;
                bestPlatt = platt;
            }
        }
        double[] crossFitted = Calibration.crossFitted(bestScores.scores(), labels, bestScores.folds(), folds);
        ClassifierEvaluation evaluation = evaluate(labels, crossFitted, bestThreshold);
        log.print(evaluation.table());
        log.print(Calibration.table(crossFitted, labels));
        ComplaintModel fitted = fit(data, best, embeddings);
        String description = String.format(java.util.Locale.ROOT,
                "careloop complaint model v2 on %d labelled posts: %d-fold CV macro-F1 %.3f, ECE %.3f (seed %d; C=%s; "
                        + "threshold %.2f; %d-dimensional static embedding from all-MiniLM-L6-v2). "
                        + "Regenerate with: careloop train PATH.csv",
                data.size(), folds, evaluation.macroF1(), Calibration.expectedCalibrationError(crossFitted, labels),
                seed, best.c(), bestThreshold, embeddings.dimensions());
        return fitted.withCalibration(description, bestThreshold, bestPlatt.slope(), bestPlatt.intercept());
    }

    /** The threshold on calibrated probability with the best macro-F1, on a grid of hundredths. */
    static double bestThreshold(boolean[] labels, double[] probabilities) {
        double best = 0.5;
        double bestF1 = -1;
        for (int t = 15; t <= 85; t++) {
            double f1 = evaluate(labels, probabilities, t / 100.0).macroF1();
            if (f1 > bestF1 + 1e-12) {
                bestF1 = f1;
                best = t / 100.0;
            }
        }
        return best;
    }

    static ClassifierEvaluation evaluate(boolean[] labels, double[] probabilities, double threshold) {
        List<Boolean> actual = new ArrayList<>();
        List<Boolean> predicted = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            actual.add(labels[i]);
            predicted.add(probabilities[i] >= threshold);
        }
        return ClassifierEvaluation.of(actual, predicted);
    }

    /** The settings a trained model was made with: its block scales, and C from its description. */
    static Settings settingsOf(ComplaintModel model) {
        var m = java.util.regex.Pattern.compile("C=([0-9.]+)").matcher(model.description());
        if (!m.find()) {
            throw new IllegalStateException("the bundled model does not say its C: retrain it with careloop train");
        }
        return new Settings(Double.parseDouble(m.group(1)), model.scales());
    }

    /** At most {@code wanted} folds, and no more than the smaller class has posts. */
    static int foldsFor(List<Example> data, int wanted) {
        long positives = data.stream().filter(Example::complaint).count();
        long smaller = Math.min(positives, data.size() - positives);
        if (smaller < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 posts of each label, got "
                    + positives + " complaints and " + (data.size() - positives) + " others");
        }
        return (int) Math.min(wanted, smaller);
    }

    static boolean[] labels(List<Example> data) {
        boolean[] y = new boolean[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.get(i).complaint();
        }
        return y;
    }
}
