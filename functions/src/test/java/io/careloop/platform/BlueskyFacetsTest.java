package io.careloop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Facets point at the right bytes: the lexicon counts UTF-8 bytes, where Java counts UTF-16 chars. */
class BlueskyFacetsTest {

    @SuppressWarnings("unchecked")
    private static String covered(String text, Map<String, Object> facet) {
        Map<String, Object> index = (Map<String, Object>) facet.get("index");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new String(Arrays.copyOfRange(bytes, (Integer) index.get("byteStart"), (Integer) index.get("byteEnd")),
                StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> feature(Map<String, Object> facet) {
        return ((List<Map<String, Object>>) facet.get("features")).get(0);
    }

    @Test
    void aLinkAfterAccentsAndEmojiCoversExactlyTheUrlsBytes() {
        String text = "Désolée 😞 @dana.bsky.social — suivez https://status.acme.example/incidents/42 s'il vous plaît.";

        List<Map<String, Object>> facets = BlueskyFacets.of(text, "dana.bsky.social", "did:plc:dana");

        assertThat(facets).hasSize(2);
        assertThat(covered(text, facets.get(0))).isEqualTo("@dana.bsky.social");
        assertThat(feature(facets.get(0))).containsEntry("$type", "app.bsky.richtext.facet#mention")
                .containsEntry("did", "did:plc:dana");
        assertThat(covered(text, facets.get(1))).isEqualTo("https://status.acme.example/incidents/42");
        assertThat(feature(facets.get(1))).containsEntry("$type", "app.bsky.richtext.facet#link")
                .containsEntry("uri", "https://status.acme.example/incidents/42");
        // Java's char index would have been wrong: the é, the emoji and the dash take more than one byte each.
        assertThat(text.indexOf("https://")).isLessThan((Integer) ((Map<String, Object>) facets.get(1).get("index")).get("byteStart"));
    }

    @Test
    void sentencePunctuationAndAnUnmatchedBracketAreNotPartOfTheLink() {
        String text = "Details (see https://help.acme.example/refunds). Or https://acme.example/a_(b)!";

        List<Map<String, Object>> facets = BlueskyFacets.of(text, null, null);

        assertThat(facets).extracting(f -> feature(f).get("uri"))
                .containsExactly("https://help.acme.example/refunds", "https://acme.example/a_(b)");
        assertThat(facets).extracting(f -> covered(text, f))
                .containsExactly("https://help.acme.example/refunds", "https://acme.example/a_(b)");
    }

    @Test
    void aUrlCutShortToFitThePostGetsNoLink() {
        String text = "Write to us at https://help.acme.example/contact?topic=ref…";

        assertThat(BlueskyFacets.of(text, null, null)).isEmpty();
    }

    @Test
    void aHandleIsOnlyMentionedWhenItIsTheWholeHandle() {
        assertThat(BlueskyFacets.of("Hi @bo.bsky.social.", "bo.bsky.social", "did:plc:bo")).hasSize(1);
        assertThat(BlueskyFacets.of("Hi @bo.bsky.socialite", "bo.bsky.social", "did:plc:bo")).isEmpty();
        assertThat(BlueskyFacets.of("Hi @bo.bsky.social", "bo.bsky.social", "not-a-did")).isEmpty();
    }
}
