package io.careloop.local.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.triage.Classifier;
import io.careloop.triage.Judgement;
import io.careloop.triage.text.ComplaintModel;
import java.io.BufferedReader;
import java.io.BufferedWriter;
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

    private static String modelHeader() throws Exception {
        try (var in = ComplaintModel.class.getResourceAsStream(ComplaintModel.RESOURCE);
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            return first == null ? "(none)" : first.replaceFirst("^#\\s*", "");
        }
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

    /** Scores the bundled model on a labelled CSV. */
    public static int eval(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println("usage: careloop eval PATH.csv   (header tweet_id,text,label,domain)");
            return 2;
        }
        if (args.get(0).endsWith(".tsv")) {
            return evalSentiment(Path.of(args.get(0)), out);
        }
        List<LabelledCsv.Example> data = LabelledCsv.read(Path.of(args.get(0)));
        Classifier classifier = new Classifier();
        List<Boolean> actual = data.stream().map(LabelledCsv.Example::complaint).toList();
        long start = System.nanoTime();
        List<Boolean> predicted = data.stream().map(e -> classifier.judge(e.text()).complaint()).toList();
        long micros = (System.nanoTime() - start) / 1000 / Math.max(1, data.size());
        ClassifierEvaluation evaluation = ClassifierEvaluation.of(actual, predicted);
        out.println("model: " + modelHeader());
        out.print(evaluation.table());
        out.println("(about " + micros + " µs per post, including warm-up)");
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
     * Trains the complaint model on a labelled CSV, choosing regularisation and threshold by 10-fold
     * cross-validation, prints the cross-validated scores and writes the model (default: the bundled resource).
     */
    public static int train(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println("usage: careloop train PATH.csv [--out FILE]");
            return 2;
        }
        Path output = Path.of("functions/src/main/resources" + ComplaintModel.RESOURCE);
        if (args.size() >= 3 && args.get(1).equals("--out")) {
            output = Path.of(args.get(2));
        }
        var data = ComplaintTrainer.featurise(LabelledCsv.read(Path.of(args.get(0))));
        ComplaintTrainer trainer = new ComplaintTrainer(20261123L);
        ComplaintTrainer.CrossValidation cv = trainer.crossValidate(data, 10);
        out.printf(Locale.ROOT, "10-fold cross-validation: lambda %.4f, threshold %.3f%n", cv.lambda(), cv.threshold());
        out.print(cv.evaluation().table());
        ComplaintModel model = new ComplaintModel(trainer.fit(data, cv.lambda()), cv.threshold());
        Files.createDirectories(output.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            model.write(w, String.format(Locale.ROOT,
                    "careloop complaint model: logistic regression on %d labelled posts; 10-fold CV macro-F1 %.3f "
                            + "(lambda %.4f, threshold %.3f). Regenerate with: careloop train PATH.csv",
                    data.size(), cv.evaluation().macroF1(), cv.lambda(), cv.threshold()));
        }
        out.println("wrote " + model.weights().size() + " weights to " + output);
        return 0;
    }
}
