package io.careloop.local.classifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Platt scaling (a one-feature logistic regression from raw score to probability, with Platt's smoothed
 * targets so a separable fold cannot push it to 0 or 1), and how well probabilities are calibrated: expected
 * calibration error over equal-width bins and the reliability table behind it.
 */
final class Calibration {
    static final int BINS = 10;

    /** probability = 1 / (1 + exp(−(slope × score + intercept))). */
    record Platt(double slope, double intercept) {
        double probability(double score) {
            return 1 / (1 + Math.exp(-(slope * score + intercept)));
        }
    }

    /** One bin of the reliability table: how sure the model said it was, and how often it was right. */
    record Bin(double from, double to, int count, double meanProbability, double observedRate) {
    }

    private Calibration() {
    }

    /** Newton's method on the two parameters with a backtracking line search (Lin, Lin and Weng's Platt, 2007). */
    static Platt fitPlatt(double[] scores, boolean[] complaint) {
        int positives = 0;
        for (boolean c : complaint) {
            positives += c ? 1 : 0;
        }
        int negatives = complaint.length - positives;
        double high = (positives + 1.0) / (positives + 2.0);
        double low = 1.0 / (negatives + 2.0);
        double[] targets = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            targets[i] = complaint[i] ? high : low;
        }
        double a = 0;
        double b = Math.log((negatives + 1.0) / (positives + 1.0)) * -1;
        double loss = loss(scores, targets, a, b);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 1e-12;
            double hab = 0;
            double hbb = 1e-12;
            for (int i = 0; i < scores.length; i++) {
                double p = sigmoid(a * scores[i] + b);
                double d = p - targets[i];
                ga += d * scores[i];
                gb += d;
                double v = p * (1 - p);
                haa += v * scores[i] * scores[i];
                hab += v * scores[i];
                hbb += v;
            }
            if (Math.abs(ga) < 1e-9 && Math.abs(gb) < 1e-9) {
                break;
            }
            double det = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            double step = 1;
            double next;
            while ((next = loss(scores, targets, a - step * da, b - step * db)) > loss + 1e-4 * step * (ga * da + gb * db) * -1
                    && step > 1e-10) {
                step /= 2;
            }
            a -= step * da;
            b -= step * db;
            if (loss - next < 1e-12 * Math.max(1, loss)) {
                break;
            }
            loss = next;
        }
        return new Platt(a, b);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Cross-entropy against the smoothed targets, computed without overflow. */
    private static double loss(double[] scores, double[] targets, double a, double b) {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double z = a * scores[i] + b;
            // −t·log σ(z) − (1−t)·log(1−σ(z)) = log(1 + e^z) − t·z
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            sum += softplus - targets[i] * z;
        }
        return sum;
    }

    /**
     * Probabilities for every post from a calibration that never saw its fold: for each fold, Platt scaling
     * fitted on the out-of-fold scores of the other folds. This is how calibration is measured honestly.
     */
    static double[] crossFitted(double[] scores, boolean[] complaint, int[] folds, int foldCount) {
        double[] probabilities = new double[scores.length];
        for (int k = 0; k < foldCount; k++) {
            List<Double> s = new ArrayList<>();
            List<Boolean> y = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                if (folds[i] != k) {
                    s.add(scores[i]);
                    y.add(complaint[i]);
                }
            }
            double[] ss = s.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] yy = new boolean[y.size()];
            for (int i = 0; i < yy.length; i++) {
                yy[i] = y.get(i);
            }
            Platt platt = fitPlatt(ss, yy);
            for (int i = 0; i < scores.length; i++) {
                if (folds[i] == k) {
                    probabilities[i] = platt.probability(scores[i]);
                }
            }
        }
        return probabilities;
    }

    static List<Bin> reliability(double[] probabilities, boolean[] complaint) {
        int[] count = new int[BINS];
        double[] sum = new double[BINS];
        int[] positive = new int[BINS];
        for (int i = 0; i < probabilities.length; i++) {
            int bin = Math.min(BINS - 1, (int) (probabilities[i] * BINS));
            count[bin]++;
            sum[bin] += probabilities[i];
            positive[bin] += complaint[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            bins.add(new Bin(b / (double) BINS, (b + 1) / (double) BINS, count[b],
                    count[b] == 0 ? 0 : sum[b] / count[b], count[b] == 0 ? 0 : positive[b] / (double) count[b]));
        }
        return bins;
    }

    /** Expected calibration error: the count-weighted mean gap between stated and observed rates. */
    static double expectedCalibrationError(double[] probabilities, boolean[] complaint) {
        double ece = 0;
        for (Bin b : reliability(probabilities, complaint)) {
            ece += b.count() / (double) probabilities.length * Math.abs(b.meanProbability() - b.observedRate());
        }
        return ece;
    }

    static String table(double[] probabilities, boolean[] complaint) {
        StringBuilder out = new StringBuilder("probability  posts  mean stated  observed complaint rate\n");
        for (Bin b : reliability(probabilities, complaint)) {
            out.append(String.format(Locale.ROOT, "%.1f–%.1f      %5d  %s        %s%n", b.from(), b.to(), b.count(),
                    b.count() == 0 ? "  -  " : String.format(Locale.ROOT, "%.3f", b.meanProbability()),
                    b.count() == 0 ? "  -  " : String.format(Locale.ROOT, "%.3f", b.observedRate())));
        }
        out.append(String.format(Locale.ROOT, "expected calibration error %.3f%n",
                expectedCalibrationError(probabilities, complaint)));
        return out.toString();
    }

    static List<Map<String, Object>> report(double[] probabilities, boolean[] complaint) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bin b : reliability(probabilities, complaint)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", b.from());
            row.put("to", b.to());
            row.put("posts", b.count());
            row.put("meanProbability", b.meanProbability());
            row.put("observedRate", b.observedRate());
            rows.add(row);
        }
        return rows;
    }
}
