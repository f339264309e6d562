package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.local.load.LoadPlan;
import io.careloop.local.load.LoadReport;
import io.careloop.local.load.LoadRun;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code careloop load} in small: a mixed stream with duplicates and malformed deliveries through the real webhook
 * routes of a fresh local stack, then the reconciliation. The full run (20,000 mentions) is in docs/reliability.md.
 */
class LoadReconciliationTest {
    @Test
    @SuppressWarnings("unchecked")
    void everyValidMentionIsAccountedForOnceAndEveryPostMadeOnce() throws Exception {
        LoadPlan plan = new LoadPlan(400, 0.15, 0.05, 7L, 4, 2, 0.0);
        LoadReport report = new LoadRun(plan, TestStack.templatePath(), new PrintStream(PrintStream.nullOutputStream())).run();
        System.out.println(report.table());
        System.out.println(io.careloop.core.Json.write(report.figures()));

        assertThat(report.problems()).isEmpty();
        Map<String, Object> sent = (Map<String, Object>) report.figures().get("sent");
        Map<String, Object> recorded = (Map<String, Object>) report.figures().get("recorded");
        assertThat(sent.get("duplicateDeliveries")).isEqualTo(60);
        assertThat(sent.get("malformedDeliveries")).isEqualTo(20);
        assertThat(sent.get("refused4xx")).isEqualTo(20);
        assertThat(recorded.get("claims")).isEqualTo(sent.get("validMentions"));
        assertThat(recorded.get("missing")).isEqualTo(0);
        assertThat(recorded.get("doublePosts")).isEqualTo(0L);
        assertThat((Map<String, Integer>) recorded.get("byOutcome")).containsKeys("case", "joined");
        assertThat((Integer) recorded.get("sandboxPosts")).isPositive().isEqualTo(recorded.get("ledgerPosted"));
    }
}
