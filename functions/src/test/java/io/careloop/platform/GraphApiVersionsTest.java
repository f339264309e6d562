package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.observe.Log;
import io.careloop.observe.Metrics;
import io.careloop.testing.RecordingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Graph API version careloop calls, and its warning before Meta stops serving it. */
class GraphApiVersionsTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        Log.configure(System.out, Log.Level.INFO);
    }

    private String logOf(Runnable r) {
        Log.configure(new PrintStream(logged, true, StandardCharsets.UTF_8), Log.Level.INFO);
        r.run();
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultIsACurrentVersionWithItsDateFromMetasChangelog() {
        assertThat(GraphApiVersions.parse(null)).isEqualTo("v25.0");
        assertThat(GraphApiVersions.parse(" ")).isEqualTo(GraphApiVersions.DEFAULT);
        assertThat(GraphApiVersions.availableUntil("v25.0")).contains(LocalDate.parse("2028-07-29"));
        assertThat(GraphApiVersions.availableUntil("v21.0")).contains(LocalDate.parse("2027-01-21"));
        assertThat(GraphApiVersions.availableUntil("v26.0")).as("no date set yet").isEmpty();
    }

    @Test
    void aSettingThatIsNotAVersionIsRefusedAtStart() {
        assertThatThrownBy(() -> GraphApiVersions.parse("25")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CARELOOP_META_GRAPH_VERSION");
        assertThat(GraphApiVersions.parse("v26.0")).isEqualTo("v26.0");
    }

    @Test
    void sixtyOneDaysBeforeTheDateIsQuietAndSixtyDaysBeforeItWarns() {
        LocalDate sunset = LocalDate.parse("2027-01-21");
        RecordingMetrics metrics = new RecordingMetrics();

        String quiet = logOf(() -> GraphApiVersions.report("v21.0", sunset.minusDays(61), metrics));
        assertThat(GraphApiVersions.nearSunset("v21.0", sunset.minusDays(61))).isFalse();
        assertThat(quiet).doesNotContain("retires soon");

        String warned = logOf(() -> GraphApiVersions.report("v21.0", sunset.minusDays(60), metrics));
        assertThat(GraphApiVersions.nearSunset("v21.0", sunset.minusDays(60))).isTrue();
        assertThat(warned).contains("retires soon").contains("v21.0").contains("2027-01-21");
        assertThat(metrics.values(Metrics.Name.GraphApiVersionSunsetDays)).containsExactly(61.0, 60.0);
    }

    @Test
    void aVersionPastItsDateWarnsThatMetaNoLongerServesIt() {
        RecordingMetrics metrics = new RecordingMetrics();

        String warned = logOf(() -> GraphApiVersions.report("v20.0", LocalDate.parse("2026-11-26"), metrics));

        assertThat(warned).contains("past its date").contains("v20.0");
        assertThat(metrics.values(Metrics.Name.GraphApiVersionSunsetDays)).containsExactly(-63.0);
    }

    @Test
    void theCurrentDefaultIsNotNearItsDate() {
        RecordingMetrics metrics = new RecordingMetrics();

        String log = logOf(() -> GraphApiVersions.report(GraphApiVersions.DEFAULT, LocalDate.parse("2026-11-26"), metrics));

        assertThat(log).doesNotContain("WARN");
        assertThat(metrics.values(Metrics.Name.GraphApiVersionSunsetDays)).singleElement()
                .satisfies(days -> assertThat(days).isGreaterThan(600));
    }
}
