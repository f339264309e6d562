package io.careloop.local.classifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Accuracy, per-class precision/recall/F1 and macro-F1 of binary complaint predictions. */
record ClassifierEvaluation(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    static ClassifierEvaluation of(List<Boolean> actual, List<Boolean> predicted) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (int i = 0; i < actual.size(); i++) {
            boolean a = actual.get(i);
            boolean p = predicted.get(i);
            if (a && p) {
                tp++;
            } else if (!a && p) {
                fp++;
            } else if (!a) {
                tn++;
            } else {
                fn++;
            }
        }
        return new ClassifierEvaluation(tp, fp, tn, fn);
    }

    int total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    double accuracy() {
        return (truePositives + trueNegatives) / (double) total();
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : a / (double) b;
    }

    double complaintPrecision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    double complaintRecall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    double otherPrecision() {
        return ratio(trueNegatives, trueNegatives + falseNegatives);
    }

    double otherRecall() {
        return ratio(trueNegatives, trueNegatives + falsePositives);
    }

    double macroF1() {
        return (f1(complaintPrecision(), complaintRecall()) + f1(otherPrecision(), otherRecall())) / 2;
    }

    Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("examples", total());
        r.put("accuracy", round(accuracy()));
        r.put("complaint", Map.of("precision", round(complaintPrecision()), "recall", round(complaintRecall()),
                "f1", round(f1(complaintPrecision(), complaintRecall())), "support", truePositives + falseNegatives));
        r.put("not_complaint", Map.of("precision", round(otherPrecision()), "recall", round(otherRecall()),
                "f1", round(f1(otherPrecision(), otherRecall())), "support", trueNegatives + falsePositives));
        r.put("macro_f1", round(macroF1()));
        return r;
    }

    String table() {
        return String.format(Locale.ROOT, """
                examples   %d
                accuracy   %.3f
                class          precision  recall  f1     support
                complaint      %.3f      %.3f   %.3f  %d
                not complaint  %.3f      %.3f   %.3f  %d
                macro-F1   %.3f
                """, total(), accuracy(), complaintPrecision(), complaintRecall(),
                f1(complaintPrecision(), complaintRecall()), truePositives + falseNegatives,
                otherPrecision(), otherRecall(), f1(otherPrecision(), otherRecall()), trueNegatives + falsePositives,
                macroF1());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
