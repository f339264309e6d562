package io.careloop.triage.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The uncased BERT tokenizer the embedding table is read with. */
class WordPiecesTest {
    private final StaticEmbeddings table = ComplaintModel.bundled().embeddings();
    private final WordPieces pieces = new WordPieces(table.vocabulary());

    private List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        pieces.forEachId(text, id -> out.add(table.vocabulary().get(id)));
        return out;
    }

    @Test
    void wordsAreCutIntoTheLongestKnownPiecesAsBertDoes() {
        // Greedy longest match first over the encoder's own vocabulary (checked against the tokenizer's vocab file).
        assertThat(tokens("unaffable")).containsExactly("una", "##ffa", "##ble");
        assertThat(tokens("Hello, World!")).containsExactly("hello", ",", "world", "!");
    }

    @Test
    void accentsAndCaseAreFoldedAndCjkIdeographsStandAlone() {
        assertThat(tokens("CAFÉ Crème")).containsExactly("cafe", "cr", "##eme");
        assertThat(tokens("東京")).containsExactly("東", "京");
    }

    @Test
    void aWordWithNoCutIsUnknownAndLeftOut() {
        assertThat(tokens("refund 🙂🙂 please")).containsExactly("ref", "##und", "please");
        assertThat(tokens("x".repeat(101))).isEmpty();
    }

    @Test
    void aPostWithNoKnownPieceHasAZeroMeanAndAFiniteVector() {
        assertThat(table.meanVector("🙂🙂")).containsOnly(0f);
        for (float v : table.vector("🙂🙂")) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }
}
