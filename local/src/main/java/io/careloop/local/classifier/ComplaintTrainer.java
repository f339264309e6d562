package io.careloop.local.classifier;

import io.careloop.triage.text.ComplaintFeatures;
import io.careloop.triage.text.ComplaintModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the complaint model: L2-regularised logistic regression by stochastic gradient descent over
 * {@link ComplaintFeatures}, with the regularisation strength and the decision threshold chosen by
 * stratified k-fold cross-validation for macro-F1. Seeded, so the same data gives the same model.
 */
final class ComplaintTrainer {
    static final double[] LAMBDAS = {1e-3, 3e-3, 1e-2, 3e-2};
    private static final int EPOCHS = 25;

    /** One cross-validation outcome: the setting, its best threshold and its out-of-fold scores. */
    record CrossValidation(double lambda, double threshold, ClassifierEvaluation evaluation) {
    }

    private record Example(Map<String, Double> features, boolean complaint) {
    }

    private final long seed;

    ComplaintTrainer(long seed) {
        this.seed = seed;
    }

    static List<Example> featurise(List<LabelledCsv.Example> data) {
        return data.stream().map(e -> new Example(ComplaintFeatures.of(e.text()), e.complaint())).toList();
    }

    Map<String, Double> fit(List<Example> data, double lambda) {
        Map<String, Double> w = new HashMap<>();
        Map<String, Double> sum = new HashMap<>();
        List<Example> order = new ArrayList<>(data);
        Random random = new Random(seed);
        int step = 0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(order, random);
            for (Example e : order) {
                double rate = 0.2 / (1 + 0.0005 * step++);
                double z = 0;
                for (var f : e.features().entrySet()) {
                    z += w.getOrDefault(f.getKey(), 0.0) * f.getValue();
                }
                double error = (e.complaint() ? 1 : 0) - 1 / (1 + Math.exp(-z));
                for (var f : e.features().entrySet()) {
                    double old = w.getOrDefault(f.getKey(), 0.0);
                    // L2 shrinkage applied lazily, to the weights this example touches; the bias is not shrunk.
                    double shrink = f.getKey().equals("bias") ? 0 : lambda * old;
                    w.put(f.getKey(), old + rate * (error * f.getValue() - shrink));
                }
            }
            // Average the weights of the second half of training: steadier than the last iterate.
            if (epoch >= EPOCHS / 2) {
                w.forEach((k, v) -> sum.merge(k, v, Double::sum));
            }
        }
        int averaged = EPOCHS - EPOCHS / 2;
        w.clear();
        sum.forEach((k, v) -> w.put(k, v / averaged));
        w.replaceAll((k, v) -> Math.abs(v) < 1e-3 ? 0.0 : v);
        w.values().removeIf(v -> v == 0.0);
        return w;
    }

    /** Out-of-fold probabilities for every example, folds stratified by label. */
    double[] outOfFold(List<Example> data, double lambda, int folds) {
        int[] fold = stratifiedFolds(data, folds);
        double[] probabilities = new double[data.size()];
        for (int k = 0; k < folds; k++) {
            List<Example> train = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                if (fold[i] != k) {
                    train.add(data.get(i));
                }
            }
            ComplaintModel model = new ComplaintModel(fit(train, lambda), 0.5);
            for (int i = 0; i < data.size(); i++) {
                if (fold[i] == k) {
                    probabilities[i] = model.probability(data.get(i).features());
                }
            }
        }
        return probabilities;
    }

    private int[] stratifiedFolds(List<Example> data, int folds) {
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
            fold[negatives.get(i)] = i % folds;
        }
        return fold;
    }

    static ClassifierEvaluation evaluate(List<Example> data, double[] probabilities, double threshold) {
        List<Boolean> actual = data.stream().map(Example::complaint).toList();
        List<Boolean> predicted = new ArrayList<>();
        for (double p : probabilities) {
            predicted.add(p >= threshold);
        }
        return ClassifierEvaluation.of(actual, predicted);
    }

    /** Picks the regularisation and threshold with the best cross-validated macro-F1. */
    CrossValidation crossValidate(List<Example> data, int folds) {
        CrossValidation best = null;
        for (double lambda : LAMBDAS) {
            double[] p = outOfFold(data, lambda, folds);
            for (double t = 0.20; t <= 0.701; t += 0.025) {
                ClassifierEvaluation e = evaluate(data, p, t);
                if (best == null || e.macroF1() > best.evaluation().macroF1()) {
                    best = new CrossValidation(lambda, t, e);
                }
            }
        }
        return best;
    }
}
