package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.ThreadsMedia;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import io.careloop.triage.TriageService.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triage of Threads posts, read from Threads' own media objects (as the webhook and the mentions poll deliver them)
 * against the in-memory ports: a complaint in a reply on the brand's thread is answered in that thread, the same
 * customer's next reply joins the case, spam there is hidden, and a post heard twice is one case.
 */
class ThreadsTriageTest {
    private static final String BRAND_THREAD = "27000000000000777";

    private final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final TriageService triage = new TriageService(Classifier.forBrand(Brands.acme()), store, store, store, store,
            actions, Brands.acme(), clock, new RecordingMetrics());

    /** A reply on the brand's thread, as the replies webhook carries it. */
    private Mention replyOnTheBrandsThread(String id, String username, String text, String source) {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("id", id);
        media.put("username", username);
        media.put("text", text);
        media.put("timestamp", "2026-11-23T09:00:00+0000");
        media.put("replied_to", Map.of("id", BRAND_THREAD));
        media.put("root_post", Map.of("id", BRAND_THREAD, "owner_id", "27000000000000001", "username", "acme"));
        return ThreadsMedia.toMention(Json.mapper().valueToTree(media), source, clock.instant()).orElseThrow()
                .toAccount("27000000000000001");
    }

    @Test
    void aComplaintInAReplyOnTheBrandsThreadOpensACaseAnsweredInThatThread() {
        Mention m = replyOnTheBrandsThread("18050000000000101", "lee_park",
                "my widget has been broken for three days and nobody answers, this is terrible", "webhook:threads");

        Outcome outcome = triage.triage(m);

        assertThat(outcome).isEqualTo(Outcome.OPENED);
        Case c = store.allCases().get(0);
        assertThat(c.platform()).isEqualTo(Platform.THREADS);
        assertThat(c.customer().handle()).isEqualTo("lee_park");
        assertThat(c.threadId()).isEqualTo(BRAND_THREAD);
        assertThat(c.replyTo()).isEqualTo("18050000000000101");
        assertThat(c.brandAccount()).isEqualTo("27000000000000001");
        assertThat(actions.sent()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.ACKNOWLEDGE);
            assertThat(a.platform()).isEqualTo(Platform.THREADS);
            assertThat(a.inReplyTo()).as("the customer's reply is answered, not the brand's thread").isEqualTo("18050000000000101");
        });
    }

    @Test
    void theSameCustomersNextReplyJoinsTheirCase() {
        triage.triage(replyOnTheBrandsThread("18050000000000101", "lee_park",
                "my widget has been broken for three days and nobody answers, this is terrible", "webhook:threads"));

        Outcome outcome = triage.triage(replyOnTheBrandsThread("18050000000000102", "lee_park", "still waiting for an answer",
                "webhook:threads"));

        assertThat(outcome).isEqualTo(Outcome.JOINED);
        assertThat(store.allCases()).hasSize(1);
    }

    @Test
    void twoCustomersReplyingOnTheSameBrandThreadAreTwoCasesEachAnsweredOnTheirOwnReply() {
        String text = "my widget has been broken for three days and nobody answers, this is terrible";
        triage.triage(replyOnTheBrandsThread("18050000000000101", "lee_park", text, "webhook:threads"));

        Outcome second = triage.triage(replyOnTheBrandsThread("18050000000000105", "ana_w", text, "webhook:threads"));

        assertThat(second).isEqualTo(Outcome.OPENED);
        assertThat(store.allCases()).extracting(c -> c.customer().handle()).containsExactlyInAnyOrder("lee_park", "ana_w");
        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).extracting(Action::inReplyTo)
                .containsExactly("18050000000000101", "18050000000000105");
    }

    @Test
    void spamOnTheBrandsThreadIsToBeHiddenNeverAnswered() {
        Mention spam = replyOnTheBrandsThread("18050000000000103", "promo_bot", "get free followers now, click here",
                "webhook:threads");

        Outcome outcome = triage.triage(spam);

        assertThat(outcome).isEqualTo(Outcome.MODERATED);
        assertThat(actions.sent()).extracting(Action::type).containsExactly(ActionType.MODERATE);
        assertThat(actions.sent(ActionType.MODERATE)).singleElement()
                .satisfies(a -> assertThat(a.inReplyTo()).isEqualTo("18050000000000103"));
    }

    @Test
    void aPostHeardByWebhookAndAgainByPollingIsOneCase() {
        String text = "my widget has been broken for three days and nobody answers, this is terrible";
        triage.triage(replyOnTheBrandsThread("18050000000000101", "lee_park", text, "webhook:threads"));

        Outcome again = triage.triage(replyOnTheBrandsThread("18050000000000101", "lee_park", text, "poll:threads"));

        assertThat(again).isEqualTo(Outcome.DUPLICATE);
        assertThat(store.allCases()).extracting(Case::id).containsExactly(CaseIds.forOpeningMention("threads#18050000000000101"));
    }
}
