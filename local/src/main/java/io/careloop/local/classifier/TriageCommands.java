package io.careloop.local.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.triage.Classifier;
import io.careloop.triage.Judgement;
import io.careloop.triage.text.ComplaintModel;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code careloop classify}, {@code careloop eval PATH} and {@code careloop train PATH}. */
public final class TriageCommands {
    private TriageCommands() {
    }

    /** JSON lines {"text": "..."} in, one judgement per line out, in the same order. */
    public static int classify(InputStream in, PrintStream out, PrintStream err) throws Exception {
        Classifier classifier = Classifier.forBrand(io.careloop.config.BrandConfig.load(io.careloop.config.Settings.fromEnvironment()));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNumber = 0;
        int failures = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                JsonNode node = Json.parse(line);
                JsonNode text = node.get("text");
                if (text == null || !text.isTextual()) {
                    throw new IllegalArgumentException("each line needs a \"text\" string");
                }
                Judgement j = classifier.judge(text.asText());
                result.put("intent", j.intent().name().toLowerCase(Locale.ROOT));
                result.put("complaint", j.complaint());
                result.put("complaintProbability", Math.round(j.complaintProbability() * 1000) / 1000.0);
                result.put("sentiment", Math.round(j.sentiment() * 1000) / 1000.0);
                result.put("language", j.language());
                result.put("topic", j.topic());
                result.put("urgency", j.urgency());
                result.put("reasons", j.reasons());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                failures++;
                result.put("error", "line " + lineNumber + " is not JSON: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                failures++;
                result.put("error", "line " + lineNumber + ": " + e.getMessage());
            }
            out.println(Json.write(result));
        }
        out.flush();
        if (failures > 0) {
            err.println("careloop classify: " + failures + " line(s) could not be read");
        }
        return failures > 0 ? 1 : 0;
    }

    /**
     * {@code careloop eval PATH}: a complaint-labelled CSV ({@code text,label}) gets the training recipe's
     * stratified 10-fold cross-validation (macro-F1 with its seed, per-class precision and recall, calibration);
     * an intent-labelled CSV ({@code text,intent}) gets the bundled classifier's per-intent precision and recall;
     * a TSV of sentiment ratings gets the correlation with human ratings.
     */
    public static int eval(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println("usage: careloop eval PATH.csv   (header text,label for complaints; text,intent for intents;"
                    + " or a VADER-style .tsv)");
            return 2;
        }
        Path file = Path.of(args.get(0));
        if (args.get(0).endsWith(".tsv")) {
            return evalSentiment(file, out);
        }
        if (IntentCheck.isIntentFile(file)) {
            IntentCheck.Report report = IntentCheck.run(IntentCheck.read(file), Classifier.forBrand(
                    io.careloop.config.BrandConfig.load(io.careloop.config.Settings.fromEnvironment())));
            out.print(report.table());
            return 0;
        }
        List<LabelledCsv.Example> raw = LabelledCsv.read(file);
        ComplaintModel bundled = ComplaintModel.bundled();
        ComplaintTrainer trainer = new ComplaintTrainer(ComplaintTrainer.SEED);
        ComplaintTrainer.Settings settings = ComplaintTrainer.settingsOf(bundled);
        List<ComplaintTrainer.Example> data = ComplaintTrainer.prepare(raw, bundled.embeddings());
        int folds = ComplaintTrainer.foldsFor(data, 10);
        ComplaintTrainer.OutOfFold oof = trainer.outOfFold(data, settings, bundled.embeddings(), folds);
        boolean[] labels = ComplaintTrainer.labels(data);
        double[] calibrated = Calibration.crossFitted(oof.scores(), labels, oof.folds(), folds);
        ClassifierEvaluation evaluation = ComplaintTrainer.evaluate(labels, calibrated, bundled.threshold());
        out.println("model: " + bundled.description());
        out.printf(Locale.ROOT, "%d-fold stratified cross-validation, seed %d, C %s, threshold %.3f "
                        + "(calibration fitted on the other folds' scores)%n", folds, trainer.seed(),
                settings.c(), bundled.threshold());
        out.print(evaluation.table());
        out.print(Calibration.table(calibrated, labels));
        Classifier classifier = new Classifier();
        long start = System.nanoTime();
        for (int pass = 0; pass < 3; pass++) {
            raw.forEach(e -> classifier.judge(e.text()));
        }
        long[] nanos = new long[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            long t = System.nanoTime();
            classifier.judge(raw.get(i).text());
            nanos[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(nanos);
        out.printf(Locale.ROOT, "judgement: median %d µs, p99 %d µs per post (after %d warm-up judgements, %d ms)%n",
                nanos[nanos.length / 2] / 1000, nanos[Math.min(nanos.length - 1, nanos.length * 99 / 100)] / 1000,
                3 * raw.size(), (System.nanoTime() - start) / 1_000_000);
        return 0;
    }

    /**
     * Compares careloop's sentiment with human ratings: a TSV of {@code id, mean rating (-4..4), text},
     * as in VADER's tweet ground truth. Prints Pearson's r and the sign agreement.
     */
    static int evalSentiment(Path file, PrintStream out) throws Exception {
        List<double[]> pairs = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 3);
            if (parts.length < 3) {
                continue;
            }
            try {
                double human = Double.parseDouble(parts[1].trim());
                pairs.add(new double[] {human, io.careloop.triage.text.Sentiment.instance().compound(parts[2])});
            } catch (NumberFormatException e) {
                // a header line
            }
        }
        double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = pairs.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        int agree = 0;
        int decided = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
            if (p[0] != 0 && p[1] != 0) {
                decided++;
                if (Math.signum(p[0]) == Math.signum(p[1])) {
                    agree++;
                }
            }
        }
        out.printf(Locale.ROOT, "posts      %d%npearson r  %.3f%nsign agreement %.3f (of %d with a sign)%n",
                pairs.size(), sxy / Math.sqrt(sxx * syy), agree / (double) Math.max(1, decided), decided);
        return 0;
    }

    /**
     * Trains the complaint model on a labelled CSV: distils the embedding table from the sentence encoder,
     * chooses the settings by 10-fold cross-validation, calibrates on the out-of-fold scores, prints the
     * cross-validated scores and writes the binary model (default: the bundled resource).
     */
    public static int train(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println("usage: careloop train PATH.csv [--out FILE]");
            return 2;
        }
        Path output = Path.of("layers/triage-model" + ComplaintModel.RESOURCE);
        if (args.size() >= 3 && args.get(1).equals("--out")) {
            output = Path.of(args.get(2));
        }
        List<LabelledCsv.Example> raw = LabelledCsv.read(Path.of(args.get(0)));
        out.println("distilling the static embedding table from all-MiniLM-L6-v2 (every wordpiece once)...");
        long start = System.nanoTime();
        var table = EmbeddingDistiller.distil(ComplaintTrainer.EMBEDDING_DIMENSIONS);
        out.printf(Locale.ROOT, "  %d wordpieces × %d dimensions in %d s%n", table.vocabulary().size(),
                table.dimensions(), (System.nanoTime() - start) / 1_000_000_000);
        ComplaintTrainer trainer = new ComplaintTrainer(ComplaintTrainer.SEED);
        ComplaintModel model = trainer.train(ComplaintTrainer.prepare(raw, table), table, 10, out);
        Files.createDirectories(output.toAbsolutePath().getParent());
        try (var w = Files.newOutputStream(output)) {
            model.write(w);
        }
        out.println("wrote " + model + " to " + output + " (" + Files.size(output) + " bytes)");
        return 0;
    }
}
