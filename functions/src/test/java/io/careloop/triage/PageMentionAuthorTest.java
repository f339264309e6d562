package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.ClaimOutcome;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.PlatformException;
import io.careloop.platform.PostReader;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Facebook Page @mention arrives without its author (Meta's {@code mention} change has no {@code from}): triage
 * reads who wrote it from the Graph API, then decides as for any mention.
 */
class PageMentionAuthorTest {
    private static final String PAGE = "200000000000001";
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = new MutableClock(AT);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final BrandConfig brand = Brands.acme();
    /** The Graph API as the Page reads it: object id → the post or comment. */
    private final Map<String, PostReader.PlatformPost> graph = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private RuntimeException failure;

    private final PostReader reader = id -> {
        reads.add(id);
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(graph.get(id));
    };

    private TriageService triage(PostReaders readers) {
        return new TriageService(Classifier.forBrand(brand), store, store, store, store, actions, brand, clock,
                new RecordingMetrics(), readers);
    }

    private TriageService triage() {
        return triage((platform, account) -> platform == Platform.FACEBOOK && PAGE.equals(account)
                ? Optional.of(reader) : Optional.empty());
    }

    private static Mention pageMention(String id, String text) {
        return new Mention(Platform.FACEBOOK, id, Author.unknownYet(), text, AT, "669_122", "669_122", true, false,
                "webhook:meta").toAccount(PAGE);
    }

    @Test
    void theAuthorIsReadFromTheGraphApiAndTheComplaintOpensTheirCase() {
        graph.put("122_271", new PostReader.PlatformPost("122_271", "100077", "Ada Lovel",
                "@Acme my widget arrived broken and nobody answers, this is terrible", AT));

        TriageService.Outcome outcome = triage().triage(pageMention("122_271",
                "@Acme my widget arrived broken and nobody answers, this is terrible"));

        assertThat(outcome).isEqualTo(TriageService.Outcome.OPENED);
        assertThat(reads).containsExactly("122_271");
        assertThat(store.openCaseOf("facebook#100077")).isPresent();
        Case opened = store.allCases().get(0);
        assertThat(opened.customer().id()).isEqualTo("100077");
        assertThat(opened.customer().name()).isEqualTo("Ada Lovel");
        assertThat(opened.replyTo()).isEqualTo("122_271");
        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).singleElement()
                .satisfies(a -> assertThat(a.inReplyTo()).isEqualTo("122_271"));
    }

    @Test
    void aMentionDeliveredWithoutTextIsJudgedOnTheTextReadBack() {
        graph.put("122_272", new PostReader.PlatformPost("122_272", "100078", "Bo Chen",
                "@Acme my widget has been broken for three days and nobody answers, this is terrible", AT));

        assertThat(triage().triage(pageMention("122_272", ""))).isEqualTo(TriageService.Outcome.OPENED);

        assertThat(store.allCases().get(0).firstWords()).startsWith("@Acme my widget has been broken");
    }

    @Test
    void theBrandsOwnPostReadBackIsAnEchoNotACase() {
        BrandConfig.Account page = brand.account(Platform.FACEBOOK).orElseThrow();
        graph.put("122_273", new PostReader.PlatformPost("122_273", page.id(), "Acme", "we are @Acme", AT));

        assertThat(triage().triage(pageMention("122_273", "we are @Acme"))).isEqualTo(TriageService.Outcome.IGNORED);

        assertThat(store.allCases()).isEmpty();
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void aPostMetaNoLongerShowsIsRecordedWithTheReasonAndNeverAnswered() {
        assertThat(triage().triage(pageMention("122_gone", "@Acme terrible"))).isEqualTo(TriageService.Outcome.IGNORED);

        assertThat(store.claim("facebook#122_gone")).hasValueSatisfying(claim -> {
            assertThat(claim.outcome()).isEqualTo(ClaimOutcome.IGNORED);
            assertThat(claim.reason()).contains("no longer shows the post");
        });
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void whenMetaNamesNoAuthorEitherTheMentionIsRecordedNotAnswered() {
        graph.put("122_274", new PostReader.PlatformPost("122_274", null, null, "@Acme help", AT));

        assertThat(triage().triage(pageMention("122_274", "@Acme help"))).isEqualTo(TriageService.Outcome.IGNORED);

        assertThat(store.claim("facebook#122_274")).hasValueSatisfying(claim ->
                assertThat(claim.reason()).contains("nor by facebook"));
    }

    @Test
    void aPageTokenMetaRefusesIsRetriedAndRaisesPlatformCredentialsFailingForThePage() {
        List<io.careloop.events.CareEvent> events = new ArrayList<>();
        TriageService triage = new TriageService(Classifier.forBrand(brand), store, store, store, store, actions, brand,
                clock, new RecordingMetrics(), (platform, account) -> Optional.of(reader), null, null, events::add,
                new io.careloop.events.CredentialAlerts(events::add, store, clock));
        failure = new PlatformException(PlatformException.Kind.AUTH, "GET /v25.0/122_280 answered 400 (190)", null, true);

        assertThatThrownBy(() -> triage.triage(pageMention("122_280", "@Acme terrible"))).isSameAs(failure);
        assertThatThrownBy(() -> triage.triage(pageMention("122_280", "@Acme terrible"))).isSameAs(failure);

        assertThat(store.claim("facebook#122_280")).as("left for the queue's retry").isEmpty();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(io.careloop.events.CareEvent.Type.CREDENTIALS_FAILING);
            assertThat(e.detail()).containsEntry("platform", "facebook").containsEntry("account", PAGE)
                    .containsEntry("doing", "read");
        });
    }

    @Test
    void withoutCredentialsToReadTheAuthorTheMentionIsRecordedWithWhy() {
        assertThat(triage(PostReaders.none()).triage(pageMention("122_275", "@Acme my widget broke, terrible")))
                .isEqualTo(TriageService.Outcome.IGNORED);

        assertThat(store.claim("facebook#122_275")).hasValueSatisfying(claim ->
                assertThat(claim.reason()).contains("no facebook credentials"));
    }

    @Test
    void aFailedReadIsThrownBackForTheQueueToRetryAndClaimsNothing() {
        failure = new PlatformException(PlatformException.Kind.TRANSIENT, "GET /122_276 answered 503", null, true);

        assertThatThrownBy(() -> triage().triage(pageMention("122_276", "@Acme terrible")))
                .isInstanceOf(PlatformException.class);

        assertThat(store.claim("facebook#122_276")).isEmpty();
    }

    @Test
    void aMentionThatNamesItsAuthorIsNeverReadBack() {
        Mention named = new Mention(Platform.FACEBOOK, "122_277", new Author("100079", "Cy", "Cy", 0, false),
                "@Acme my widget has been broken for three days and nobody answers, this is terrible", AT, "669_122",
                "669_122", true, false, "webhook:meta").toAccount(PAGE);

        assertThat(triage().triage(named)).isEqualTo(TriageService.Outcome.OPENED);

        assertThat(reads).isEmpty();
    }
}
