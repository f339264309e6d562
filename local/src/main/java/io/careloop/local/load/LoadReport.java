package io.careloop.local.load;

import io.careloop.local.faults.Faults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reconciliation of a load run: the counts side by side, throughput and latency, and whether every promise held. */
public record LoadReport(Map<String, Object> figures, List<String> problems) {
    static LoadReport of(LoadPlan plan, Reconciliation.Result reconciled, List<Long> latencyNanos, double seconds,
                         Faults faults) {
        List<Long> sorted = new ArrayList<>(latencyNanos);
        Collections.sort(sorted);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("plan", plan);
        figures.put("sent", reconciled.sent());
        figures.put("recorded", reconciled.recorded());
        figures.put("seconds", Math.round(seconds * 10) / 10.0);
        figures.put("mentionsPerSecond", Math.round(reconciled.validMentions() / seconds * 10) / 10.0);
        figures.put("webhookLatencyMillis", Map.of("p50", ms(sorted, 50), "p90", ms(sorted, 90), "p99", ms(sorted, 99),
                "max", sorted.isEmpty() ? 0 : Math.round(sorted.get(sorted.size() - 1) / 1e5) / 10.0));
        if (faults != null) {
            figures.put("injectedFaults", faults.injected());
        }
        figures.put("ok", reconciled.problems().isEmpty());
        return new LoadReport(figures, reconciled.problems());
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    @SuppressWarnings("unchecked")
    public String table() {
        StringBuilder b = new StringBuilder();
        Map<String, Object> sent = (Map<String, Object>) figures.get("sent");
        Map<String, Object> recorded = (Map<String, Object>) figures.get("recorded");
        b.append(String.format("%-44s %10s%n", "deliveries sent", sent.get("deliveries")));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "  valid, first delivery", sent.get("validMentions"),
                "mentions claimed", recorded.get("claims")));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "  redelivered duplicates", sent.get("duplicateDeliveries"),
                "missing / claimed twice", recorded.get("missing") + " / 0 (one claim per key)"));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "  malformed or wrongly signed (refused 4xx)",
                sent.get("malformedDeliveries"), "refused with 4xx", sent.get("refused4xx")));
        ((Map<String, Object>) recorded.get("byOutcome")).forEach((k, v) ->
                b.append(String.format("%-44s %10s%n", "  outcome " + k, v)));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "cases opened (claims with outcome case)",
                recorded.get("caseClaims"), "cases in the table", recorded.get("cases")));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "posts the ledger marks posted", recorded.get("ledgerPosted"),
                "calls that posted at the sandbox", recorded.get("sandboxPosts")));
        ((Map<String, Object>) recorded.get("ledger")).forEach((k, v) ->
                b.append(String.format("%-44s %10s%n", "  ledger " + k, v)));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "comments the ledger marks moderated",
                ((Map<String, Object>) recorded.get("ledger")).getOrDefault("moderated", 0), "hides at the sandbox",
                recorded.get("sandboxHides")));
        b.append(String.format("%-44s %10s   %-30s %10s%n", "same post twice", recorded.get("doublePosts"),
                "dead letters (mention / action)", recorded.get("deadLetters")));
        b.append("throughput ").append(figures.get("mentionsPerSecond")).append(" mentions/s end to end; webhook latency ms ")
                .append(figures.get("webhookLatencyMillis")).append(System.lineSeparator());
        b.append(problems.isEmpty() ? "RECONCILED: every valid mention accounted for once, every post made once"
                : "PROBLEMS: " + String.join("; ", problems));
        return b.toString();
    }

    private static double ms(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return Math.round(sorted.get(Math.max(0, index)) / 1e5) / 10.0;
    }
}
