package io.careloop.local.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.careloop.triage.Intent;
import io.careloop.triage.text.ComplaintModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The complaint probability is calibrated: Platt scaling recovers a known logistic link, the expected
 * calibration error tells a calibrated model from an overconfident one, and on cross-validation folds a
 * probability of p means a complaint about p of the time.
 */
class CalibrationTest {

    @Test
    void plattScalingRecoversTheLinkThatMadeTheLabels() {
        Random random = new Random(7);
        int n = 20_000;
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextGaussian() * 3;
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-(0.5 * scores[i] - 1)));
        }

        Calibration.Platt platt = Calibration.fitPlatt(scores, labels);

        assertThat(platt.slope()).isCloseTo(0.5, within(0.03));
        assertThat(platt.intercept()).isCloseTo(-1, within(0.06));
    }

    @Test
    void expectedCalibrationErrorIsSmallForCalibratedProbabilitiesAndLargeForOverconfidentOnes() {
        Random random = new Random(11);
        int n = 20_000;
        double[] calibrated = new double[n];
        double[] overconfident = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            calibrated[i] = random.nextDouble();
            labels[i] = random.nextDouble() < calibrated[i];
            overconfident[i] = calibrated[i] >= 0.5 ? 0.99 : 0.01;
        }

        assertThat(Calibration.expectedCalibrationError(calibrated, labels)).isLessThan(0.02);
        assertThat(Calibration.expectedCalibrationError(overconfident, labels)).isGreaterThan(0.2);
        assertThat(Calibration.reliability(calibrated, labels)).hasSize(Calibration.BINS)
                .allSatisfy(b -> assertThat(b.observedRate()).isCloseTo(b.meanProbability(), within(0.05)));
    }

    /** Cross-fitted: each fold's probabilities come from a model and a calibration that never saw that fold. */
    private static double[] crossFittedProbabilities(List<LabelledCsv.Example> raw, int folds, boolean[] labelsOut) {
        ComplaintModel bundled = ComplaintModel.bundled();
        ComplaintTrainer trainer = new ComplaintTrainer(ComplaintTrainer.SEED);
        List<ComplaintTrainer.Example> data = ComplaintTrainer.prepare(raw, bundled.embeddings());
        ComplaintTrainer.OutOfFold oof = trainer.outOfFold(data, ComplaintTrainer.settingsOf(bundled), bundled.embeddings(), folds);
        boolean[] labels = ComplaintTrainer.labels(data);
        System.arraycopy(labels, 0, labelsOut, 0, labels.length);
        return Calibration.crossFitted(oof.scores(), labels, oof.folds(), folds);
    }

    @Test
    void onCrossValidationFoldsOfTheCheckSetTheProbabilityIsCalibrated() throws Exception {
        List<LabelledCsv.Example> raw = IntentCheck.read(IntentCheckTest.CHECK_SET).stream()
                .map(p -> new LabelledCsv.Example(p.text(), p.intent() == Intent.COMPLAINT)).toList();
        boolean[] labels = new boolean[raw.size()];

        double[] p = crossFittedProbabilities(raw, 5, labels);

        // 312 posts: the sampling error of a 10-bin ECE is a few hundredths, so the bar is loose but not vacuous
        // (always answering the base rate, or 0/1, would miss it).
        assertThat(Calibration.expectedCalibrationError(p, labels)).isLessThan(0.12);
        double meanP = java.util.Arrays.stream(p).average().orElseThrow();
        double rate = raw.stream().filter(LabelledCsv.Example::complaint).count() / (double) raw.size();
        assertThat(meanP).isCloseTo(rate, within(0.05));
    }

    /** The development set is not part of the project; point CARELOOP_COMPLAINTS_CSV at it to run this. */
    @Test
    @EnabledIfEnvironmentVariable(named = "CARELOOP_COMPLAINTS_CSV", matches = ".+")
    void onTenCrossValidationFoldsOfTheDevelopmentSetCalibrationErrorIsUnderThreePercent() throws Exception {
        Path csv = Path.of(System.getenv("CARELOOP_COMPLAINTS_CSV"));
        assertThat(Files.isRegularFile(csv)).as(csv.toString()).isTrue();
        List<LabelledCsv.Example> raw = LabelledCsv.read(csv);
        boolean[] labels = new boolean[raw.size()];

        double[] p = crossFittedProbabilities(raw, 10, labels);

        assertThat(Calibration.expectedCalibrationError(p, labels)).isLessThan(0.03);
        assertThat(ComplaintTrainer.evaluate(labels, p, ComplaintModel.bundled().threshold()).macroF1()).isGreaterThanOrEqualTo(0.82);
    }
}
