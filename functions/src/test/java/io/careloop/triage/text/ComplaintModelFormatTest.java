package io.careloop.triage.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The complaint model's binary form: what is written is what is read, and a damaged file is refused. */
class ComplaintModelFormatTest {
    private static final List<String> POSTS = List.of(
            "@AcmeHelp my widget has been broken for 5 days now. Its disgusting!",
            "thanks @AcmeHelp, love it",
            "@AcmeHelp how do I pair my widget with my phone?",
            "Mi pedido no ha llegado y nadie me responde",
            "",
            "🙂🙂🙂 https://example.com #acme");

    private static byte[] bytes(ComplaintModel model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        return out.toByteArray();
    }

    @Test
    void theBundledModelReadsBackToTheSameBytesAndTheSameProbabilities() throws Exception {
        ComplaintModel bundled = ComplaintModel.bundled();
        byte[] written = bytes(bundled);

        ComplaintModel read = ComplaintModel.read(new ByteArrayInputStream(written));

        assertThat(bytes(read)).isEqualTo(written);
        assertThat(read.threshold()).isEqualTo(bundled.threshold());
        assertThat(read.description()).isEqualTo(bundled.description());
        assertThat(read.termCount()).isEqualTo(bundled.termCount()).isGreaterThan(1000);
        for (String post : POSTS) {
            assertThat(read.probability(post)).as(post).isEqualTo(bundled.probability(post)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aSmallModelRoundTripsWithEveryField() throws Exception {
        List<String> vocabulary = List.of("[PAD]", "broken", "##s", "thanks", "é");
        byte[] table = new byte[vocabulary.size() * 2];
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) (i * 37 - 100);
        }
        StaticEmbeddings embeddings = new StaticEmbeddings(vocabulary, 2, table, new float[] {0, 0.5f, 0.25f, 1, 2},
                new float[] {0.1f, -0.2f});
        double[] cues = new double[ComplaintFeatures.CUE_NAMES.size()];
        Arrays.fill(cues, 0.25);
        ComplaintModel model = new ComplaintModel("a test model, C=1", 0.42, 1.5, -0.3, 0.7,
                new ComplaintModel.BlockScales(1, 0.5, 2, 1.5), cues, new int[] {5, -7, 123456789},
                new float[] {1.5f, 2f, 3.25f}, new float[] {0.5f, -1f, 2f}, embeddings, new float[] {0.3f, -0.6f});

        ComplaintModel read = ComplaintModel.read(new ByteArrayInputStream(bytes(model)));

        assertThat(read.description()).isEqualTo("a test model, C=1");
        assertThat(read.threshold()).isEqualTo(0.42);
        assertThat(read.plattSlope()).isEqualTo(1.5);
        assertThat(read.plattIntercept()).isEqualTo(-0.3);
        assertThat(read.scales()).isEqualTo(model.scales());
        assertThat(read.embeddings().vocabulary()).isEqualTo(vocabulary);
        assertThat(read.embeddings().centre()).containsExactly(0.1f, -0.2f);
        assertThat(read.embeddings().meanVector("broken thanks")).containsExactly(model.embeddings().meanVector("broken thanks"));
        assertThat(bytes(read)).isEqualTo(bytes(model));
    }

    @Test
    void aDamagedFileIsRefusedWithAReason() throws Exception {
        byte[] good = bytes(ComplaintModel.bundled());
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        byte[] newerVersion = good.clone();
        newerVersion[7] = 9;

        assertThatThrownBy(() -> ComplaintModel.read(new ByteArrayInputStream(badMagic)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> ComplaintModel.read(new ByteArrayInputStream(newerVersion)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> ComplaintModel.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length / 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ComplaintModel.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length + 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    }

    @Test
    void theProbabilityIsTheCalibratedScore() {
        ComplaintModel model = ComplaintModel.bundled();
        String post = "@AcmeHelp still waiting for my refund, three weeks now";
        ComplaintFeatures.Analysis analysis = ComplaintFeatures.analyse(post);

        double raw = model.rawScore(analysis, model.embeddings().vector(post));

        assertThat(model.probability(post))
                .isCloseTo(1 / (1 + Math.exp(-(model.plattSlope() * raw + model.plattIntercept()))), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(model.plattSlope()).as("a higher score is more likely a complaint").isPositive();
    }
}
