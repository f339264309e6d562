package io.careloop.local.classifier;

import io.careloop.triage.Classifier;
import io.careloop.triage.Intent;
import io.careloop.triage.Judgement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The intent check: posts labelled with the intent a social care lead would read in them (complaint, question,
 * praise, spam, abuse, other), judged by the classifier, scored per intent. A CSV with a header naming
 * {@code text} and {@code intent}.
 */
final class IntentCheck {
    record Post(String text, Intent intent) {
    }

    /** Precision and recall per intent, and every post judged wrongly. */
    record Report(Map<Intent, int[]> counts, List<String> mistakes, int posts) {
        /** counts: [true positives, false positives, false negatives]. */
        double precision(Intent intent) {
            int[] c = counts.get(intent);
            return c[0] + c[1] == 0 ? 0 : c[0] / (double) (c[0] + c[1]);
        }

        double recall(Intent intent) {
            int[] c = counts.get(intent);
            return c[0] + c[2] == 0 ? 0 : c[0] / (double) (c[0] + c[2]);
        }

        int support(Intent intent) {
            int[] c = counts.get(intent);
            return c[0] + c[2];
        }

        double accuracy() {
            int right = counts.values().stream().mapToInt(c -> c[0]).sum();
            return right / (double) posts;
        }

        String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "posts      %d%naccuracy   %.3f%n", posts,
                    accuracy()));
            out.append("intent      precision  recall  support\n");
            for (Intent intent : Intent.values()) {
                out.append(String.format(Locale.ROOT, "%-10s  %.3f      %.3f   %d%n", intent.name().toLowerCase(Locale.ROOT),
                        precision(intent), recall(intent), support(intent)));
            }
            if (!mistakes.isEmpty()) {
                out.append("judged otherwise (expected → judged: text):\n");
                mistakes.forEach(m -> out.append("  ").append(m).append('\n'));
            }
            return out.toString();
        }
    }

    private IntentCheck() {
    }

    static boolean isIntentFile(Path file) throws IOException {
        List<List<String>> rows = LabelledCsv.rows(file);
        return !rows.isEmpty() && rows.get(0).contains("intent");
    }

    static List<Post> read(Path file) throws IOException {
        List<List<String>> rows = LabelledCsv.rows(file);
        List<String> header = rows.get(0);
        int text = header.indexOf("text");
        int intent = header.indexOf("intent");
        if (text < 0 || intent < 0) {
            throw new IllegalArgumentException(file + ": the header must name 'text' and 'intent' columns, got " + header);
        }
        List<Post> posts = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() <= Math.max(text, intent)) {
                continue;
            }
            try {
                posts.add(new Post(row.get(text), Intent.valueOf(row.get(intent).trim().toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " row " + (i + 1) + ": unknown intent '" + row.get(intent) + "'");
            }
        }
        return posts;
    }

    static Report run(List<Post> posts, Classifier classifier) {
        Map<Intent, int[]> counts = new EnumMap<>(Intent.class);
        for (Intent i : Intent.values()) {
            counts.put(i, new int[3]);
        }
        List<String> mistakes = new ArrayList<>();
        for (Post post : posts) {
            Judgement j = classifier.judge(post.text());
            if (j.intent() == post.intent()) {
                counts.get(post.intent())[0]++;
            } else {
                counts.get(j.intent())[1]++;
                counts.get(post.intent())[2]++;
                mistakes.add(post.intent().name().toLowerCase(Locale.ROOT) + " → " + j.intent().name().toLowerCase(Locale.ROOT)
                        + String.format(Locale.ROOT, " (p %.2f)", j.complaintProbability()) + ": " + post.text());
            }
        }
        return new Report(counts, mistakes, posts.size());
    }
}
