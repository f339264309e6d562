package io.careloop.local.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.triage.Intent;
import io.careloop.triage.text.ComplaintModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training is reproducible: the same data gives the same bytes; the encoder gives the same vectors. */
class ComplaintTrainerTest {

    private static List<ComplaintTrainer.Example> checkSet() throws Exception {
        return ComplaintTrainer.prepare(IntentCheck.read(IntentCheckTest.CHECK_SET).stream()
                .map(p -> new LabelledCsv.Example(p.text(), p.intent() == Intent.COMPLAINT)).toList(),
                ComplaintModel.bundled().embeddings());
    }

    private static byte[] bytes(ComplaintModel model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        return out.toByteArray();
    }

    @Test
    void fittingTheSameDataTwiceGivesTheSameModelByteForByte() throws Exception {
        List<ComplaintTrainer.Example> data = checkSet();
        ComplaintTrainer.Settings settings = ComplaintTrainer.GRID.get(0);
        var table = ComplaintModel.bundled().embeddings();

        byte[] first = bytes(new ComplaintTrainer(ComplaintTrainer.SEED).fit(data, settings, table));
        byte[] second = bytes(new ComplaintTrainer(ComplaintTrainer.SEED).fit(data, settings, table));

        assertThat(second).isEqualTo(first);
        ComplaintModel model = ComplaintModel.read(new ByteArrayInputStream(first));
        // Fitted on these posts, the model separates them: a check that the solver converged, not a score.
        long right = data.stream().filter(e -> (model.rawScore(e.analysis(), model.embeddings().vector(e.text())) > 0)
                == e.complaint()).count();
        assertThat(right).isGreaterThan(data.size() * 9L / 10);
    }

    @Test
    void foldsAreStratifiedAndTheSameForTheSameSeed() throws Exception {
        List<ComplaintTrainer.Example> data = checkSet();

        int[] folds = new ComplaintTrainer(1).stratifiedFolds(data, 5);

        assertThat(new ComplaintTrainer(1).stratifiedFolds(data, 5)).isEqualTo(folds);
        long complaints = data.stream().filter(ComplaintTrainer.Example::complaint).count();
        for (int k = 0; k < 5; k++) {
            int fold = k;
            long inFold = java.util.stream.IntStream.range(0, data.size()).filter(i -> folds[i] == fold).count();
            long complaintsInFold = java.util.stream.IntStream.range(0, data.size())
                    .filter(i -> folds[i] == fold && data.get(i).complaint()).count();
            assertThat(inFold).isBetween(data.size() / 5L - 1, data.size() / 5L + 1);
            assertThat(complaintsInFold).isBetween(complaints / 5 - 1, complaints / 5 + 1);
        }
    }

    @Test
    void theSentenceEncoderGivesTheSameVectorsEachTimeAndTheTableWasDistilledFromIt() throws Exception {
        float[][] first = EmbeddingDistiller.encodeVocabulary(2000, 2100);
        float[][] second = EmbeddingDistiller.encodeVocabulary(2000, 2100);

        assertThat(second).isDeepEqualTo(first);
        assertThat(EmbeddingDistiller.vocabulary()).isEqualTo(ComplaintModel.bundled().embeddings().vocabulary());
    }
}
