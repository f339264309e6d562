package io.careloop.local.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code careloop classify} and {@code careloop eval} on data the test writes itself. */
class TriageCommandsTest {

    @Test
    void classifyAnswersOneLinePerInputInOrderAndNamesUnreadableLines() throws Exception {
        String input = "{\"text\":\"@AcmeHelp my widget has been broken for 5 days now. Its disgusting!\"}\n"
                + "{\"text\":\"thanks @AcmeHelp, love it\"}\n"
                + "not json\n"
                + "{\"text\":\"Mi pedido no ha llegado y nadie me responde\"}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = TriageCommands.classify(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(code).isEqualTo(1);
        assertThat(lines).hasSize(4);
        JsonNode first = Json.parse(lines.get(0));
        assertThat(first.path("intent").asText()).isEqualTo("complaint");
        assertThat(first.path("complaint").asBoolean()).isTrue();
        assertThat(first.path("sentiment").asDouble()).isNegative();
        assertThat(first.path("language").asText()).isEqualTo("en");
        assertThat(first.has("topic")).isTrue();
        assertThat(Json.parse(lines.get(1)).path("intent").asText()).isEqualTo("praise");
        assertThat(Json.parse(lines.get(2)).path("error").asText()).startsWith("line 3 is not JSON");
        assertThat(Json.parse(lines.get(3)).path("language").asText()).isEqualTo("es");
    }

    @Test
    void evalReadsQuotedCsvAndPrintsPerClassScoresAndMacroF1(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("labelled.csv");
        Files.writeString(csv, "tweet_id,text,label,domain\r\n"
                + "1,\"@AcmeHelp my order never arrived, nobody answers \"\"support\"\"\",1,retail\r\n"
                + "2,\"@AcmeHelp my widget is broken,\nagain\",1,electronics\r\n"
                + "3,thanks for the quick help!,0,other\r\n"
                + "4,what time do you open on sunday?,0,retail\r\n");
        assertThat(LabelledCsv.read(csv)).extracting(LabelledCsv.Example::text)
                .contains("@AcmeHelp my order never arrived, nobody answers \"support\"", "@AcmeHelp my widget is broken,\nagain");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = TriageCommands.eval(List.of(csv.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(report).contains("examples   4").contains("complaint").contains("not complaint").contains("macro-F1")
                .contains("2-fold stratified cross-validation, seed " + ComplaintTrainer.SEED)
                .contains("expected calibration error").contains("judgement: median");
    }

    @Test
    void evalOfAnIntentLabelledFileReportsPrecisionAndRecallPerIntent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = TriageCommands.eval(List.of(IntentCheckTest.CHECK_SET.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(report).contains("posts      312").contains("intent      precision  recall  support");
        for (String intent : List.of("complaint", "question", "praise", "spam", "abuse", "other")) {
            assertThat(report).containsPattern("(?m)^" + intent + " +[01]\\.\\d{3} +[01]\\.\\d{3} +\\d+$");
        }
    }

    @Test
    void evalOfACsvWithOneLabelOnlyExplainsWhyItCannotCrossValidate(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("one-label.csv");
        Files.writeString(csv, "text,label\nmy order is late,1\nwhere is my parcel,1\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TriageCommands.eval(List.of(csv.toString()),
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 posts of each label");
    }
}
