package io.careloop.triage;

import org.junit.jupiter.params.provider.ValueSource;
import java.util.List;
import io.careloop.cases.TimelineKind;
import io.careloop.testing.RecordingMetrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ClaimOutcome;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.CustomerContext;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.MentionClaim;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.incidents.Incident;
import io.careloop.store.MentionClaims;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.triage.TriageService.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every decision of {@link TriageService} against the in-memory ports (the DynamoDB adapter's semantics), the
 * shipped brand (Acme) and the real classifier, so each text is judged as in production.
 */
class TriageServiceTest {
    private final RecordingMetrics metrics = new RecordingMetrics();

    // ---- texts, each read by the real classifier as the scenario needs (see textsAreReadAsTheScenariosAssume) ----

    /** Direct complaint about the widget, very negative: P2 by the rules. */
    static final String COMPLAINT = "@AcmeHelp my widget has been broken for three days and nobody answers, this is terrible";
    /** Direct complaint about the widget, mildly negative: P3 by the rules. */
    static final String MILD_COMPLAINT = "@AcmeHelp my widget stopped working yesterday";
    /** A direct complaint that adds to an open conversation. */
    static final String STILL_WAITING = "@AcmeHelp still waiting for an answer";
    static final String QUESTION = "@AcmeHelp how do I pair my widget with my phone?";
    static final String BILLING_QUESTION = "@AcmeHelp why does my invoice show a fee for the subscription?";
    /** Safety cue: P1 whatever else. */
    static final String URGENT = "@AcmeHelp my charger caught fire last night";
    /** "Same here" about a named product, in neutral words. */
    static final String ME_TOO = "@AcmeHelp same here, my widget too";
    static final String INDIRECT_COMPLAINT = "my acme widget has been broken for three days, this is terrible";
    static final String OTHER_INDIRECT_COMPLAINT = "my acme widget stopped working again, so annoying";
    static final String INDIRECT_VAGUE_COMPLAINT = "acme is the worst company ever, terrible";
    static final String INDIRECT_NEUTRAL = "just bought an acme widget";
    static final String PRAISE = "@AcmeHelp thanks, you folks are amazing";
    static final String INDIRECT_PRAISE = "thanks acme, you folks are amazing";
    static final String SPAM = "@AcmeHelp get free followers now, click here";
    static final String ABUSE = "@AcmeHelp you are all idiots";
    static final String HOSTILE_COMPLAINT = "@AcmeHelp my widget broke, you idiots";
    static final String SPANISH = "@AcmeHelp mi pedido no ha llegado y nadie me responde";
    static final String NEUTRAL_FOLLOW_UP = "@AcmeHelp here is a photo of it";

    private final MutableClock clock = MutableClock.at("2025-05-06T09:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final BrandConfig brand = Brands.acme();
    private final BrandConfig.TriagePolicy policy = brand.triage();
    private final Classifier classifier = Classifier.forBrand(brand);
    private final TriageService triage = service(store);

    private final Author dana = customer("dana");
    private final Author eli = customer("eli");
    private final Author fay = customer("fay");
    private final Author gus = customer("gus");

    /** The one place the service is built. */
    private TriageService service(MentionClaims claims) {
        return new TriageService(classifier, claims, store, store, store, actions, brand, clock, metrics);
    }

    // ---- the texts' premises ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1} about {2}")
    @CsvSource(delimiter = '|', value = {
        COMPLAINT + "                 | COMPLAINT | widget",
        MILD_COMPLAINT + "            | COMPLAINT | widget",
        STILL_WAITING + "             | COMPLAINT | service",
        QUESTION + "                  | QUESTION  | widget",
        BILLING_QUESTION + "          | QUESTION  | billing",
        URGENT + "                    | COMPLAINT | charger",
        ME_TOO + "                    | OTHER     | widget",
        INDIRECT_COMPLAINT + "        | COMPLAINT | widget",
        OTHER_INDIRECT_COMPLAINT + "  | COMPLAINT | widget",
        INDIRECT_VAGUE_COMPLAINT + "  | COMPLAINT | general",
        INDIRECT_NEUTRAL + "          | OTHER     | widget",
        PRAISE + "                    | PRAISE    | general",
        INDIRECT_PRAISE + "           | PRAISE    | general",
        SPAM + "                      | SPAM      | general",
        ABUSE + "                     | ABUSE     | general",
        HOSTILE_COMPLAINT + "         | COMPLAINT | widget",
        NEUTRAL_FOLLOW_UP + "         | OTHER     | general",
    })
    void textsAreReadAsTheScenariosAssume(String text, Intent intent, String topic) {
        Judgement judgement = classifier.judge(text);

        assertThat(judgement.intent()).isEqualTo(intent);
        assertThat(judgement.topic()).isEqualTo(topic);
        assertThat(judgement.english()).isTrue();
    }

    @Test
    void priorityPremisesOfTheTexts() {
        Judgement veryNegative = classifier.judge(COMPLAINT);
        Judgement mild = classifier.judge(MILD_COMPLAINT);
        Judgement urgent = classifier.judge(URGENT);
        Judgement spanish = classifier.judge(SPANISH);
        Judgement hostile = classifier.judge(HOSTILE_COMPLAINT);
        Judgement abuse = classifier.judge(ABUSE);

        assertThat(veryNegative.urgent()).isFalse();
        assertThat(veryNegative.sentiment()).isLessThanOrEqualTo(-0.5);
        assertThat(mild.urgent()).isFalse();
        assertThat(mild.sentiment()).isGreaterThan(-0.5);
        assertThat(urgent.urgency()).containsExactly("safety");
        assertThat(spanish.language()).isEqualTo("es");
        assertThat(spanish.intent()).isNotIn(Intent.PRAISE, Intent.SPAM, Intent.ABUSE);
        assertThat(hostile.hostile()).isTrue();
        assertThat(abuse.hostile()).isTrue();
        assertThat(classifier.judge(INDIRECT_COMPLAINT).complaint()).isTrue();
        assertThat(classifier.judge(INDIRECT_NEUTRAL).sentiment()).isGreaterThan(-0.3);
    }

    // ---- 1. opening a case ----------------------------------------------------------------------------

    @Nested
    class Opening {
        @Test
        void aDirectComplaintOpensAnAcknowledgedCaseWithItsDeadlineAndTeam() {
            Mention m = direct("101", dana, COMPLAINT);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(m.key());
            Case c = onlyCase();
            assertThat(c.id()).isEqualTo(caseId);
            assertThat(c.status()).isEqualTo(CaseStatus.NEW);
            assertThat(c.priority()).isEqualTo(Priority.P2); // a complaint with sentiment <= -0.5
            assertThat(c.topic()).isEqualTo("widget");
            assertThat(c.team()).isEqualTo(policy.teams().get("*"));
            assertThat(c.customer()).isEqualTo(dana);
            assertThat(c.threadId()).isEqualTo(m.threadId());
            assertThat(c.replyTo()).isEqualTo(m.id());
            assertThat(c.createdAt()).isEqualTo(clock.instant());
            assertThat(c.firstResponseDue()).isEqualTo(clock.instant().plus(brand.firstResponseSla(Priority.P2)));
            assertThat(c.hostileMessages()).isZero();
            assertClaim(m, ClaimOutcome.CASE, caseId);
            assertThat(store.openCaseOf(m.customerKey())).contains(caseId);
            assertThat(store.allDue()).containsExactly(new DueItem(caseId, DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));
            assertThat(store.timeline(caseId)).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.MENTION);
                assertThat(e.actor()).isEqualTo("@dana");
                assertThat(e.text()).isEqualTo(COMPLAINT);
                assertThat(e.ref()).isEqualTo(m.id());
                assertThat(e.isPrivate()).isFalse();
                assertThat(e.note()).startsWith("direct complaint").contains("topic widget");
            });
            assertThat(actions.sent()).singleElement().satisfies(a -> {
                assertThat(a.key()).isEqualTo(caseId + "#ACKNOWLEDGE");
                assertThat(a.type()).isEqualTo(ActionType.ACKNOWLEDGE);
                assertThat(a.caseId()).isEqualTo(caseId);
                assertThat(a.platform()).isEqualTo(Platform.X);
                assertThat(a.inReplyTo()).isEqualTo(m.id());
                assertThat(a.isPrivate()).isFalse();
                assertThat(a.actor()).isEqualTo(Action.CARELOOP);
            });
        }

        @Test
        void aDirectQuestionOpensALowPriorityAcknowledgedCase() {
            Mention m = direct("101", dana, QUESTION);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(m.key());
            Case c = onlyCase();
            assertThat(c.priority()).isEqualTo(Priority.P4); // neither urgent nor a complaint
            assertThat(c.firstResponseDue()).isEqualTo(clock.instant().plus(brand.firstResponseSla(Priority.P4)));
            assertThat(store.timeline(caseId)).singleElement()
                    .satisfies(e -> assertThat(e.note()).startsWith("direct question"));
            assertClaim(m, ClaimOutcome.CASE, caseId);
            assertThat(store.allDue()).extracting(DueItem::kind).containsExactly(DueKind.FIRST_RESPONSE_SLA);
            assertThat(actions.sent()).extracting(Action::key, Action::type)
                    .containsExactly(tuple(caseId + "#ACKNOWLEDGE", ActionType.ACKNOWLEDGE));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "@AcmeHelp the app keeps crashing every time I open it",
                "@AcmeHelp the acme app closes itself after two seconds",
                "@AcmeHelp my widget arrived with a cracked screen"})
        void aDirectReportOfAProblemWithoutComplaintWordsOpensACase(String text) {
            Mention m = direct("101", dana, text);

            Outcome outcome = triage.triage(m);

            // Whether the model reads a complaint or not, the problem named is enough.
            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(m.key());
            assertThat(store.timeline(caseId)).singleElement()
                    .satisfies(e -> assertThat(e.note()).matches("direct (complaint|report of a problem).*"));
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @Test
        void aNegativeMentionAddressedToTheBrandIsNeverIgnored() {
            String text = "@AcmeHelp honestly disappointed with you lot today";
            assertThat(classifier.judge(text).sentiment()).isNegative();
            Mention m = direct("101", dana, text);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            assertThat(store.allCases()).hasSize(1);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "@AcmeHelp you idiots cancelled my order again",
                "Thanks @AcmeHelp for cancelling my order without telling me, brilliant",
                "@AcmeHelp great, the app logged me out in the middle of a payment again",
                "@AcmeHelp 45 minutes on hold so far and counting",
                "@AcmeHelp found glass in my salad, my daughter nearly swallowed it",
                "@AcmeHelp so disappointed",
                "@AcmeHelp llevo tres días sin internet y nadie me responde"})
        void aDirectMentionThatIsNegativeAboutTheBrandIsNeverLeftWithoutCare(String text) {
            Mention m = direct("101", dana, text);
            Judgement judgement = classifier.judge(text);
            assertThat(judgement.complaint() || judgement.sentiment() < 0 || judgement.problem() != null
                    || judgement.urgent() || !judgement.english()).as("negative, or in a language careloop leaves to a person").isTrue();

            Outcome outcome = triage.triage(m);

            // Never ignored, never thanked, never hidden: a case a person or the acknowledgement answers.
            assertThat(outcome).isEqualTo(Outcome.OPENED);
            assertThat(store.allCases()).singleElement().satisfies(c -> assertThat(c.status()).isNotEqualTo(CaseStatus.MODERATED));
            assertThat(actions.sent()).extracting(Action::type)
                    .doesNotContain(ActionType.THANK_YOU, ActionType.MODERATE);
        }

        @Test
        void praiseWordsOverAComplaintOpenACaseWhoseFirstReplyAPersonReviews() {
            String sarcasm = "Thanks @AcmeHelp, love that my order was cancelled without telling me. Brilliant.";
            Mention m = direct("101", dana, sarcasm);

            triage.triage(m);

            assertThat(actions.sent()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.ACKNOWLEDGE);
                assertThat(a.review()).anySatisfy(r -> assertThat(r).contains("possibly sarcasm"));
            });
        }

        @Test
        void theCasesTriageNoteCarriesTheCalibratedComplaintProbability() {
            Mention m = direct("101", dana, COMPLAINT);

            triage.triage(m);

            double p = classifier.judge(COMPLAINT).complaintProbability();
            assertThat(store.timeline(CaseIds.forOpeningMention(m.key()))).singleElement()
                    .satisfies(e -> assertThat(e.note()).contains(String.format(java.util.Locale.ROOT, "complaint probability %.2f", p)));
        }

        @Test
        void aNeutralMentionAddressedToTheBrandNeedsNoCase() {
            Mention m = direct("101", dana, "@AcmeHelp just got my widget today");

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void theCaseGoesToTheTeamOfItsTopic() {
            Mention m = direct("101", dana, BILLING_QUESTION);

            triage.triage(m);

            assertThat(onlyCase().topic()).isEqualTo("billing");
            assertThat(onlyCase().team()).isEqualTo(policy.teams().get("billing"));
        }

        @Test
        void aDirectMeTooAboutANamedProductOpensACaseAsAReportOfTheSameProblem() {
            Mention m = direct("101", dana, ME_TOO);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(m.key());
            assertThat(store.timeline(caseId)).singleElement()
                    .satisfies(e -> assertThat(e.note()).startsWith("direct report of the same problem"));
            assertThat(actions.sent(ActionType.ACKNOWLEDGE)).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @Test
        void anUrgentComplaintIsP1WithTheShortestDeadline() {
            Mention m = direct("101", dana, URGENT);

            triage.triage(m);

            Case c = onlyCase();
            assertThat(c.priority()).isEqualTo(Priority.P1);
            assertThat(c.firstResponseDue()).isEqualTo(clock.instant().plus(brand.firstResponseSla(Priority.P1)));
            assertThat(store.allDue()).containsExactly(new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));
            assertThat(store.timeline(c.id()).get(0).note()).contains("urgent (safety)");
        }

        @Test
        void aMildComplaintFromAnOrdinaryFirstTimeCustomerIsP3() {
            triage.triage(direct("101", dana, MILD_COMPLAINT));

            assertThat(onlyCase().priority()).isEqualTo(Priority.P3); // a complaint, sentiment above -0.5
        }

        @Test
        void anInfluentialAuthorRaisesThePriorityOneLevel() {
            Author reach = new Author("id-reach", "reach", "Reach", policy.influentialFollowers(), false);

            triage.triage(direct("101", reach, MILD_COMPLAINT));

            assertThat(onlyCase().priority()).isEqualTo(Priority.P2); // P3 one level up
            assertThat(onlyCase().firstResponseDue()).isEqualTo(clock.instant().plus(brand.firstResponseSla(Priority.P2)));
        }

        @Test
        void aRepeatCustomerRaisesThePriorityOneLevel() {
            triage.triage(direct("101", dana, MILD_COMPLAINT));
            resolve(onlyCase());
            clock.advance(Duration.ofDays(30));

            Mention again = direct("201", dana, MILD_COMPLAINT);
            Outcome outcome = triage.triage(again);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            Case second = store.getCase(CaseIds.forOpeningMention(again.key())).orElseThrow();
            assertThat(second.priority()).isEqualTo(Priority.P2); // P3 one level up
        }

        @Test
        void reachAndRepeatContactTogetherRaiseTwoLevelsButNeverAboveP1() {
            Author reach = new Author("id-reach", "reach", "Reach", 0, true);
            triage.triage(direct("101", reach, MILD_COMPLAINT));
            resolve(onlyCase());
            Mention mild = direct("201", reach, MILD_COMPLAINT);

            triage.triage(mild);
            resolve(store.getCase(CaseIds.forOpeningMention(mild.key())).orElseThrow());
            Mention urgent = direct("301", reach, URGENT);
            triage.triage(urgent);

            assertThat(store.getCase(CaseIds.forOpeningMention(mild.key())).orElseThrow().priority())
                    .isEqualTo(Priority.P1); // P3 two levels up
            assertThat(store.getCase(CaseIds.forOpeningMention(urgent.key())).orElseThrow().priority())
                    .isEqualTo(Priority.P1);
        }
    }

    // ---- 2, 3. joining -----------------------------------------------------------------------------------

    @Nested
    class Joining {
        @Test
        void theCustomersNextMentionJoinsTheirOpenCaseWithoutASecondAcknowledgement() {
            Mention first = direct("101", dana, COMPLAINT);
            triage.triage(first);
            String caseId = CaseIds.forOpeningMention(first.key());
            clock.advance(Duration.ofMinutes(5));
            Mention next = direct("102", dana, STILL_WAITING); // a new post, in a thread of its own

            Outcome outcome = triage.triage(next);

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            assertThat(store.allCases()).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(caseId);
                assertThat(c.replyTo()).isEqualTo(next.id()); // public replies go to the latest public post
                assertThat(c.status()).isEqualTo(CaseStatus.NEW);
            });
            assertClaim(next, ClaimOutcome.JOINED, caseId);
            assertThat(store.timeline(caseId)).extracting(TimelineEntry::ref).containsExactly("101", "102");
            assertThat(store.timeline(caseId).get(1).note()).startsWith("joined the customer's case");
            assertThat(store.allDue()).hasSize(1);
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @Test
        void whetherThePostRepliesGoToAddressedTheBrandFollowsTheCustomersLatestPublicPost() {
            Author reach = new Author("id-reach", "reach", "Reach", policy.influentialFollowers(), false);
            triage.triage(indirect("101", reach, INDIRECT_COMPLAINT));
            clock.advance(Duration.ofMinutes(5));

            triage.triage(direct("102", reach, STILL_WAITING));

            assertThat(onlyCase()).satisfies(c -> {
                assertThat(c.replyTo()).isEqualTo("102");
                assertThat(c.replyToDirect()).isTrue();
            });
            clock.advance(Duration.ofMinutes(5));
            triage.triage(indirect("103", reach, INDIRECT_COMPLAINT));
            assertThat(onlyCase()).satisfies(c -> {
                assertThat(c.replyTo()).isEqualTo("103");
                assertThat(c.replyToDirect()).isFalse();
            });
        }

        @Test
        void aCustomersReplyInTheirCasesThreadJoinsItEvenAfterTheCaseClosed() {
            Mention root = direct("101", dana, COMPLAINT);
            triage.triage(root);
            String caseId = CaseIds.forOpeningMention(root.key());
            resolve(store.getCase(caseId).orElseThrow()); // the customer's open-case pointer is released
            Mention inThread = reply("102", dana, NEUTRAL_FOLLOW_UP, root.threadId(), root.id());

            Outcome outcome = triage.triage(inThread);

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            assertThat(store.allCases()).extracting(Case::id).containsExactly(caseId);
            assertClaim(inThread, ClaimOutcome.JOINED, caseId);
        }

        @Test
        void anotherPersonsCommentOnTheSamePostIsAnotherCustomerWithTheirOwnCase() {
            Mention root = direct("101", dana, COMPLAINT);
            triage.triage(root);
            Mention elisComplaint = reply("102", eli, "@AcmeHelp " + OTHER_INDIRECT_COMPLAINT, root.threadId(),
                    root.id());

            Outcome outcome = triage.triage(elisComplaint);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            assertThat(store.allCases()).extracting(c -> c.customer().id()).containsExactlyInAnyOrder(dana.id(), eli.id());
            assertThat(actions.sent(ActionType.ACKNOWLEDGE)).extracting(Action::inReplyTo).containsExactlyInAnyOrder("101", "102");
        }

        @Test
        void anotherPersonsNeutralCommentOnTheSamePostJoinsNobodysCase() {
            Mention root = direct("101", dana, COMPLAINT);
            triage.triage(root);
            String caseId = CaseIds.forOpeningMention(root.key());
            Mention elis = reply("102", eli, NEUTRAL_FOLLOW_UP, root.threadId(), root.id());

            Outcome outcome = triage.triage(elis);

            assertThat(outcome).isNotEqualTo(Outcome.JOINED);
            assertThat(store.timeline(caseId)).extracting(TimelineEntry::ref).containsExactly("101");
        }

        @Test
        void spamOnAPostThatHasACaseIsModeratedNotFiledIntoTheCase() {
            Mention root = direct("101", dana, COMPLAINT);
            triage.triage(root);
            String caseId = CaseIds.forOpeningMention(root.key());
            Mention spam = reply("102", eli, SPAM, root.threadId(), root.id());

            Outcome outcome = triage.triage(spam);

            assertThat(outcome).isEqualTo(Outcome.MODERATED);
            assertThat(store.timeline(caseId)).extracting(TimelineEntry::ref).containsExactly("101");
            assertThat(actions.sent(ActionType.MODERATE)).extracting(Action::inReplyTo).containsExactly("102");
        }

        @Test
        void theCustomersOpenCaseWinsOverTheThreadTheyWriteIn() {
            Mention danas = direct("101", dana, COMPLAINT);
            Mention elis = direct("201", eli, QUESTION);
            triage.triage(danas);
            triage.triage(elis);

            Mention danaInElisThread = reply("102", dana, NEUTRAL_FOLLOW_UP, elis.threadId(), elis.id());
            Outcome outcome = triage.triage(danaInElisThread);

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            assertClaim(danaInElisThread, ClaimOutcome.JOINED, CaseIds.forOpeningMention(danas.key()));
        }

        @Test
        void aNewComplaintInTheThreadOfAResolvedCaseLandsOnAnOpenCase() {
            Mention first = direct("101", dana, MILD_COMPLAINT);
            triage.triage(first);
            resolve(onlyCase());
            clock.advance(Duration.ofHours(2));
            Mention again = reply("102", dana, COMPLAINT, first.threadId(), first.id());

            triage.triage(again);

            String caseId = store.claim(again.key()).orElseThrow().caseId();
            assertThat(store.getCase(caseId).orElseThrow().status().isOpen()).isTrue();
            assertThat(store.allDue()).anySatisfy(d -> {
                assertThat(d.caseId()).isEqualTo(caseId);
                assertThat(d.kind()).isEqualTo(DueKind.FIRST_RESPONSE_SLA);
                assertThat(d.dueAt()).isAfter(clock.instant());
            });
        }
    }

    // ---- 4, 5, 6. indirect mentions -------------------------------------------------------------------

    @Nested
    class Watching {
        @Test
        void anUncorroboratedIndirectComplaintIsWatchedNotAnswered() {
            Mention m = indirect("101", dana, INDIRECT_COMPLAINT);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.WATCHED);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> {
                assertThat(c.outcome()).isEqualTo(ClaimOutcome.WATCHED);
                assertThat(c.caseId()).isNull();
                assertThat(c.reason()).contains("watching for corroboration");
            });
            assertThat(store.allCases()).isEmpty();
            assertThat(store.allDue()).isEmpty();
            assertThat(store.sightings("x#widget", clock.instant().minus(policy.watchWindow())))
                    .singleElement().satisfies(s -> {
                        assertThat(s.authorKey()).isEqualTo(m.customerKey());
                        assertThat(s.watchedMention()).isNotNull();
                        assertThat(s.caseId()).isNull();
                    });
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void anIndirectComplaintNamingNoTopicIsWatchedWithoutASighting() {
            Mention m = indirect("101", dana, INDIRECT_VAGUE_COMPLAINT);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.WATCHED);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> {
                assertThat(c.outcome()).isEqualTo(ClaimOutcome.WATCHED);
                assertThat(c.reason()).contains("no product or problem named");
            });
            assertThat(store.sightings("x#general", Instant.EPOCH)).isEmpty();
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void anIndirectMentionNeedingNoCareIsIgnored() {
            Mention m = indirect("101", dana, INDIRECT_NEUTRAL);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertRecordedAloneAndQuiet(m, ClaimOutcome.IGNORED, r -> assertThat(r).startsWith("no care needed: other"));
        }

        @Test
        void aSecondAuthorOnTheSameTopicWithinTheWatchWindowOpensCasesForBoth() {
            Mention watched = indirect("101", dana, INDIRECT_COMPLAINT);
            triage.triage(watched);
            clock.advance(policy.watchWindow().minusMinutes(1));
            Mention corroborating = indirect("201", eli, OTHER_INDIRECT_COMPLAINT);

            Outcome outcome = triage.triage(corroborating);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String elisCase = CaseIds.forOpeningMention(corroborating.key());
            String danasCase = CaseIds.forOpeningMention(watched.key());
            assertThat(store.allCases()).extracting(Case::id).containsExactlyInAnyOrder(elisCase, danasCase);
            assertClaim(corroborating, ClaimOutcome.CASE, elisCase);
            assertClaim(watched, ClaimOutcome.CASE, danasCase); // the watch turned into outreach
            Case danas = store.getCase(danasCase).orElseThrow();
            assertThat(danas.customer()).isEqualTo(dana);
            assertThat(danas.replyTo()).isEqualTo(watched.id());
            assertThat(danas.topic()).isEqualTo("widget");
            assertThat(store.openCaseOf(watched.customerKey())).contains(danasCase);
            assertThat(store.openCaseOf(corroborating.customerKey())).contains(elisCase);
            assertThat(store.timeline(danasCase)).singleElement()
                    .satisfies(e -> assertThat(e.note()).startsWith("watched indirect complaint, now corroborated by @eli"));
            assertThat(store.timeline(elisCase)).singleElement()
                    .satisfies(e -> assertThat(e.note()).startsWith("indirect, corroborated by 1 other author(s) on widget"));
            assertThat(store.allDue()).extracting(DueItem::caseId).containsExactlyInAnyOrder(elisCase, danasCase);
            assertThat(actions.sent()).extracting(Action::key, Action::type, Action::inReplyTo).containsExactlyInAnyOrder(
                    tuple(elisCase + "#ACKNOWLEDGE", ActionType.ACKNOWLEDGE, "201"),
                    tuple(danasCase + "#ACKNOWLEDGE", ActionType.ACKNOWLEDGE, "101"));
        }

        @Test
        void theSameAuthorTwiceDoesNotCorroborateThemself() {
            triage.triage(indirect("101", dana, INDIRECT_COMPLAINT));
            clock.advance(Duration.ofMinutes(5));

            Outcome outcome = triage.triage(indirect("102", dana, OTHER_INDIRECT_COMPLAINT));

            assertThat(outcome).isEqualTo(Outcome.WATCHED);
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void aSecondAuthorAfterTheWatchWindowIsOnlyWatched() {
            Mention watched = indirect("101", dana, INDIRECT_COMPLAINT);
            triage.triage(watched);
            clock.advance(policy.watchWindow().plusMinutes(1));
            Mention late = indirect("201", eli, OTHER_INDIRECT_COMPLAINT);

            Outcome outcome = triage.triage(late);

            assertThat(outcome).isEqualTo(Outcome.WATCHED);
            assertThat(store.claim(watched.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.WATCHED));
            assertThat(store.claim(late.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.WATCHED));
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void anIndirectComplaintFromAnAuthorWithInfluentialReachOpensACaseAtOnce() {
            Author reach = new Author("id-reach", "reach", "Reach", policy.influentialFollowers(), false);
            Mention m = indirect("101", reach, INDIRECT_COMPLAINT);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(m.key());
            Case c = onlyCase();
            assertThat(c.id()).isEqualTo(caseId);
            assertThat(c.priority()).isEqualTo(Priority.P1); // P2 (sentiment <= -0.5) one level up for reach
            assertThat(c.replyToDirect()).as("the post did not address the brand: X's pay-per-use rule forbids a reply").isFalse();
            assertClaim(m, ClaimOutcome.CASE, caseId);
            assertThat(store.timeline(caseId)).singleElement().satisfies(e -> assertThat(e.note())
                    .startsWith("indirect, influential author (" + policy.influentialFollowers() + " followers)"));
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @Test
        void anIndirectComplaintFromAVerifiedAuthorOpensACaseAtOnce() {
            Author verified = new Author("id-ver", "ver", "Ver", 12, true);
            Mention m = indirect("101", verified, INDIRECT_COMPLAINT);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(m.key());
            assertClaim(m, ClaimOutcome.CASE, caseId);
            assertThat(store.timeline(caseId).get(0).note()).contains("verified");
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @Test
        void anIndirectComplaintJustBelowTheInfluentialReachIsWatched() {
            Author almost = new Author("id-almost", "almost", "Almost", policy.influentialFollowers() - 1, false);

            Outcome outcome = triage.triage(indirect("101", almost, INDIRECT_COMPLAINT));

            assertThat(outcome).isEqualTo(Outcome.WATCHED);
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }
    }

    // ---- 7. incidents ---------------------------------------------------------------------------------

    @Nested
    class Incidents {
        @Test
        void theThirdDistinctAuthorOnATopicOpensOneIncidentWithHoldingReplies() {
            Mention first = direct("101", dana, COMPLAINT);
            Mention second = direct("201", eli, MILD_COMPLAINT);
            triage.triage(first);
            clock.advance(Duration.ofMinutes(10));
            triage.triage(second);
            clock.advance(Duration.ofMinutes(10));
            String firstCase = CaseIds.forOpeningMention(first.key());
            String secondCase = CaseIds.forOpeningMention(second.key());
            assertThat(actions.sent()).extracting(Action::type).containsOnly(ActionType.ACKNOWLEDGE); // below the threshold
            assertThat(policy.incidentAuthors()).isEqualTo(3);
            actions.clear();
            Mention third = direct("301", fay, COMPLAINT);

            Outcome outcome = triage.triage(third);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String thirdCase = CaseIds.forOpeningMention(third.key());
            Incident incident = onlyIncident();
            assertThat(incident.topic()).isEqualTo("widget");
            assertThat(incident.platform()).isEqualTo(Platform.X);
            assertThat(incident.caseIds()).containsExactlyInAnyOrder(firstCase, secondCase, thirdCase);
            assertThat(store.allCases()).extracting(Case::incidentId).containsOnly(incident.id());
            assertThat(store.timeline(firstCase)).extracting(TimelineEntry::kind).containsExactly(TimelineKind.MENTION, TimelineKind.INCIDENT);
            assertThat(actions.sent(ActionType.INCIDENT_POST)).singleElement().satisfies(a -> {
                assertThat(a.key()).isEqualTo(incident.id() + "#INCIDENT_POST");
                assertThat(a.caseId()).isNull();
                assertThat(a.incidentId()).isEqualTo(incident.id());
            });
            // Not answered yet, the first two need nothing more: their queued acknowledgements say the holding words
            // when they go out (a second action on their keys could race them). The new case's holding reply takes
            // the place of its acknowledgement.
            assertThat(actions.sent(ActionType.HOLDING))
                    .extracting(Action::key, Action::caseId, Action::inReplyTo, Action::incidentId)
                    .containsExactly(tuple(thirdCase + "#ACKNOWLEDGE", thirdCase, "301", incident.id()));
            assertThat(actions.sent(ActionType.ACKNOWLEDGE)).isEmpty();
            assertThat(actions.sent()).hasSize(2);
        }

        @Test
        void customersAlreadyAnsweredWhenTheIncidentOpensGetAnUpdateNotASecondApology() {
            Mention first = direct("101", dana, COMPLAINT);
            Mention second = direct("201", eli, MILD_COMPLAINT);
            triage.triage(first);
            triage.triage(second);
            String firstCase = CaseIds.forOpeningMention(first.key());
            String secondCase = CaseIds.forOpeningMention(second.key());
            for (String id : List.of(firstCase, secondCase)) { // their acknowledgements went out
                Case c = store.getCase(id).orElseThrow();
                store.apply(CaseChange.of(c, c.withFirstResponseAt(clock.instant()).withStatus(CaseStatus.ACKNOWLEDGED),
                        new TimelineEntry(clock.instant(), TimelineKind.REPLY, "careloop", "ack", false, "p-" + id, null)));
            }
            clock.advance(Duration.ofMinutes(5));
            actions.clear();

            triage.triage(direct("301", fay, COMPLAINT));

            Incident incident = onlyIncident();
            assertThat(actions.sent(ActionType.INCIDENT_UPDATE))
                    .extracting(Action::key, Action::inReplyTo, Action::incidentId)
                    .containsExactlyInAnyOrder(
                            tuple(firstCase + "#INCIDENT_UPDATE", "101", incident.id()),
                            tuple(secondCase + "#INCIDENT_UPDATE", "201", incident.id()));
            assertThat(actions.sent(ActionType.HOLDING)).extracting(Action::caseId)
                    .containsExactly(CaseIds.forOpeningMention("x#301"));
        }

        @Test
        void anIncidentOnInstagramHoldsEachCustomerButPostsNothingToACommunityFeed() {
            for (String id : List.of("101", "201", "301")) {
                Author author = new Author("a" + id, "cust" + id, "Cust " + id, 10, false);
                triage.triage(new Mention(Platform.INSTAGRAM, id, author, COMPLAINT, clock.instant(), null, null, true, false,
                        "test"));
            }

            assertThat(onlyIncident().platform()).isEqualTo(Platform.INSTAGRAM);
            assertThat(actions.sent(ActionType.INCIDENT_POST)).as("Instagram has no text feed").isEmpty();
            assertThat(actions.sent(ActionType.HOLDING)).as("the third's first reply; the first two's say the holding words")
                    .hasSize(1);
        }

        @Test
        void aLaterCaseOnTheTopicJoinsTheOpenIncidentWithoutAnotherIncidentPost() {
            triage.triage(direct("101", dana, COMPLAINT));
            triage.triage(direct("201", eli, COMPLAINT));
            triage.triage(direct("301", fay, COMPLAINT));
            Incident incident = onlyIncident();
            clock.advance(Duration.ofMinutes(30));
            actions.clear();
            Mention later = direct("401", gus, MILD_COMPLAINT);

            Outcome outcome = triage.triage(later);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String laterCase = CaseIds.forOpeningMention(later.key());
            assertThat(store.getCase(laterCase)).hasValueSatisfying(c -> assertThat(c.incidentId()).isEqualTo(incident.id()));
            assertThat(store.getIncident(incident.id()).orElseThrow().caseIds()).contains(laterCase).hasSize(4);
            assertThat(store.listIncidents()).hasSize(1);
            assertThat(actions.sent()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.HOLDING);
                assertThat(a.key()).isEqualTo(laterCase + "#ACKNOWLEDGE");
                assertThat(a.incidentId()).isEqualTo(incident.id());
            });
        }

        @Test
        void complaintsSpreadWiderThanTheIncidentWindowMakeNoIncident() {
            triage.triage(direct("101", dana, COMPLAINT));
            clock.advance(policy.incidentWindow().plusMinutes(1));
            triage.triage(direct("201", eli, COMPLAINT));
            clock.advance(Duration.ofMinutes(1));

            Outcome outcome = triage.triage(direct("301", fay, COMPLAINT));

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            assertThat(store.listIncidents()).isEmpty();
            assertThat(store.allCases()).extracting(Case::incidentId).containsOnlyNulls();
            assertThat(actions.sent()).extracting(Action::type).containsOnly(ActionType.ACKNOWLEDGE).hasSize(3);
        }

        @Test
        void onlyOpenCasesOfTheTopicAreHeldWhenTheIncidentOpens() {
            Mention first = direct("101", dana, COMPLAINT);
            triage.triage(first);
            resolve(store.getCase(CaseIds.forOpeningMention(first.key())).orElseThrow());
            triage.triage(direct("201", eli, COMPLAINT));
            actions.clear();

            triage.triage(direct("301", fay, COMPLAINT));

            assertThat(actions.sent(ActionType.INCIDENT_POST)).hasSize(1);
            assertThat(actions.sent(ActionType.HOLDING)).extracting(Action::caseId)
                    .containsExactly(CaseIds.forOpeningMention("x#301"));
            assertThat(store.getCase(CaseIds.forOpeningMention("x#201")).orElseThrow().incidentId()).as("linked").isNotNull();
            assertThat(store.getCase(CaseIds.forOpeningMention(first.key())).orElseThrow().incidentId()).isNull();
        }
    }

    // ---- 8. praise ------------------------------------------------------------------------------------

    @Nested
    class Praise {
        @Test
        void directPublicPraiseIsThankedWithoutACase() {
            Mention m = direct("101", dana, PRAISE);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.THANKED);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> {
                assertThat(c.outcome()).isEqualTo(ClaimOutcome.THANKED);
                assertThat(c.caseId()).isNull();
            });
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.THANK_YOU);
                assertThat(a.key()).isEqualTo("thanks#" + m.key());
                assertThat(a.caseId()).isNull();
                assertThat(a.inReplyTo()).isEqualTo(m.id());
                assertThat(a.recipientId()).isEqualTo(dana.id());
                assertThat(a.recipientHandle()).isEqualTo(dana.handle());
            });
        }

        @Test
        void praiseSoonAfterTheCustomersResolvedCaseMarksThemAnAdvocate() {
            Mention complaint = direct("101", dana, COMPLAINT);
            triage.triage(complaint);
            Case resolved = resolve(onlyCase());
            actions.clear();
            clock.advance(policy.advocateWindow().minusDays(1));
            Mention praise = direct("201", dana, PRAISE); // a new post, not in the case's thread

            Outcome outcome = triage.triage(praise);

            assertThat(outcome).isEqualTo(Outcome.ADVOCATE);
            assertClaim(praise, ClaimOutcome.ADVOCATE, resolved.id());
            Case after = store.getCase(resolved.id()).orElseThrow();
            assertThat(after.advocate()).isTrue();
            assertThat(after.status()).isEqualTo(CaseStatus.RESOLVED);
            assertThat(store.timeline(resolved.id())).last().satisfies(e -> {
                assertThat(e.ref()).isEqualTo(praise.id());
                assertThat(e.note()).startsWith("praise after resolution");
            });
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void praiseInTheResolvedCasesThreadMarksTheCustomerAnAdvocate() {
            Mention complaint = direct("101", dana, COMPLAINT);
            triage.triage(complaint);
            Case resolved = resolve(onlyCase());
            actions.clear();
            clock.advance(Duration.ofDays(1));
            Mention praise = reply("102", dana, PRAISE, complaint.threadId(), complaint.id());

            Outcome outcome = triage.triage(praise);

            assertThat(outcome).isEqualTo(Outcome.ADVOCATE);
            assertClaim(praise, ClaimOutcome.ADVOCATE, resolved.id());
            assertThat(store.getCase(resolved.id()).orElseThrow().advocate()).isTrue();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void praiseAfterTheAdvocateWindowIsJustThanked() {
            Mention complaint = direct("101", dana, COMPLAINT);
            triage.triage(complaint);
            Case resolved = resolve(onlyCase());
            actions.clear();
            clock.advance(policy.advocateWindow().plusDays(1));
            Mention praise = direct("201", dana, PRAISE);

            Outcome outcome = triage.triage(praise);

            assertThat(outcome).isEqualTo(Outcome.THANKED);
            assertThat(store.claim(praise.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.THANKED));
            assertThat(store.getCase(resolved.id()).orElseThrow().advocate()).isFalse();
            assertThat(actions.sent()).extracting(Action::key, Action::type)
                    .containsExactly(tuple("thanks#" + praise.key(), ActionType.THANK_YOU));
        }

        @Test
        void indirectPraiseIsRecordedButNotAnswered() {
            Mention m = indirect("101", dana, INDIRECT_PRAISE);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertRecordedAloneAndQuiet(m, ClaimOutcome.IGNORED, r -> assertThat(r).isEqualTo("praise"));
        }

        @Test
        void privatePraiseIsRecordedButNotThankedInPublic() {
            Mention m = dm("101", dana, PRAISE);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.IGNORED));
            assertThat(actions.sent()).isEmpty();
        }
    }

    // ---- 9. spam and abuse ------------------------------------------------------------------------------

    @Nested
    class Moderation {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            SPAM + "  | spam",
            ABUSE + " | abuse",
        })
        void spamOrAbuseOnTheBrandsThreadIsModeratedWithAnAuditCase(String text, String category) {
            Mention m = direct("101", dana, text);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.MODERATED);
            String caseId = CaseIds.forOpeningMention(m.key());
            Case audit = onlyCase();
            assertThat(audit.id()).isEqualTo(caseId);
            assertThat(audit.status()).isEqualTo(CaseStatus.MODERATED);
            assertThat(audit.priority()).isEqualTo(Priority.P4);
            assertThat(audit.topic()).isEqualTo(category);
            assertThat(audit.team()).isEqualTo(policy.teamFor("moderation"));
            assertClaim(m, ClaimOutcome.CASE, caseId);
            assertThat(store.openCaseOf(m.customerKey())).isEmpty(); // the audit record holds no claim on the customer
            assertThat(store.allDue()).isEmpty();
            assertThat(store.timeline(caseId)).singleElement()
                    .satisfies(e -> assertThat(e.note()).startsWith("moderation: " + category));
            assertThat(actions.sent()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.MODERATE);
                assertThat(a.key()).isEqualTo(caseId + "#MODERATE");
                assertThat(a.category()).isEqualTo(category);
                assertThat(a.inReplyTo()).isEqualTo(m.id());
                assertThat(a.recipientId()).isEqualTo(dana.id());
            });
        }

        @Test
        void afterModerationTheCustomersNextComplaintOpensANewCase() {
            Mention spam = direct("101", dana, SPAM);
            triage.triage(spam);
            actions.clear();
            Mention complaint = direct("102", dana, COMPLAINT);

            Outcome outcome = triage.triage(complaint);

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(complaint.key());
            assertThat(store.allCases()).hasSize(2);
            assertThat(store.openCaseOf(complaint.customerKey())).contains(caseId);
            assertThat(store.getCase(CaseIds.forOpeningMention(spam.key())).orElseThrow().status()).isEqualTo(CaseStatus.MODERATED);
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "get free followers now, click here, acme fans | spam",
            "acme staff are all idiots                     | abuse",
        })
        void spamOrAbuseOutsideTheBrandsThreadsIsIgnored(String text, String category) {
            Mention m = indirect("101", dana, text);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> {
                assertThat(c.outcome()).isEqualTo(ClaimOutcome.IGNORED);
                assertThat(c.reason()).isEqualTo(category + " outside the brand's threads");
            });
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void abuseInAPrivateMessageIsIgnoredNotModerated() {
            Mention m = dm("101", dana, ABUSE);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.IGNORED));
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }
    }

    // ---- 10. hostility --------------------------------------------------------------------------------

    @Nested
    class Hostility {
        @Test
        void aSecondHostileMessageEscalatesTheCase() {
            Mention first = direct("101", dana, HOSTILE_COMPLAINT);
            triage.triage(first);
            String caseId = CaseIds.forOpeningMention(first.key());
            assertThat(store.getCase(caseId).orElseThrow().hostileMessages()).isEqualTo(1);
            assertThat(store.getCase(caseId).orElseThrow().status()).isEqualTo(CaseStatus.NEW);
            Mention second = direct("102", dana, ABUSE);

            Outcome outcome = triage.triage(second);

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            Case c = store.getCase(caseId).orElseThrow();
            assertThat(c.hostileMessages()).isEqualTo(Case.HOSTILE_LIMIT);
            assertThat(c.automaticRepliesStopped()).isTrue();
            assertThat(c.status()).isEqualTo(CaseStatus.ESCALATED);
            assertClaim(second, ClaimOutcome.JOINED, caseId);
            assertThat(store.timeline(caseId)).extracting(TimelineEntry::kind).containsExactly(TimelineKind.MENTION, TimelineKind.MENTION, TimelineKind.STATUS);
            assertThat(store.timeline(caseId)).last().satisfies(e -> assertThat(e.note()).startsWith("escalated: 2 hostile messages"));
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE"); // no moderation, no reply
        }

        @Test
        void oneHostileMessageOnACaseIsCountedButNotEscalated() {
            Mention first = direct("101", dana, COMPLAINT);
            triage.triage(first);
            String caseId = CaseIds.forOpeningMention(first.key());

            Outcome outcome = triage.triage(direct("102", dana, ABUSE));

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            Case c = store.getCase(caseId).orElseThrow();
            assertThat(c.hostileMessages()).isEqualTo(1);
            assertThat(c.status()).isEqualTo(CaseStatus.NEW);
            assertThat(store.timeline(caseId)).extracting(TimelineEntry::kind).containsExactly(TimelineKind.MENTION, TimelineKind.MENTION);
            assertThat(actions.sent()).hasSize(1);
        }
    }

    // ---- 11. other languages --------------------------------------------------------------------------

    @Test
    void aDirectMentionInAnotherLanguageOpensACaseForAPersonWithNoAutomaticReply() {
        Mention m = direct("101", dana, SPANISH);

        Outcome outcome = triage.triage(m);

        assertThat(outcome).isEqualTo(Outcome.OPENED);
        String caseId = CaseIds.forOpeningMention(m.key());
        Case c = onlyCase();
        assertThat(c.id()).isEqualTo(caseId);
        assertThat(c.status()).isEqualTo(CaseStatus.NEW);
        assertClaim(m, ClaimOutcome.CASE, caseId);
        assertThat(store.openCaseOf(m.customerKey())).contains(caseId);
        assertThat(store.allDue()).containsExactly(new DueItem(caseId, DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));
        assertThat(store.timeline(caseId)).singleElement().satisfies(e -> assertThat(e.note())
                .startsWith("direct, in es").contains("left for a person, no automatic reply"));
        assertThat(actions.sent()).isEmpty();
    }

    // ---- 12. duplicates -------------------------------------------------------------------------------

    @Nested
    class Duplicates {
        @Test
        void aRedeliveryWithinTheResendWindowQueuesTheSameAcknowledgementAgain() {
            Mention m = direct("101", dana, COMPLAINT);
            triage.triage(m);
            Action first = actions.sent().get(0);
            clock.advance(TriageService.RESEND_WINDOW.minusMinutes(1));

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(store.allCases()).hasSize(1);
            assertThat(store.timeline(first.caseId())).hasSize(1);
            assertThat(actions.sent()).hasSize(2).allSatisfy(a -> assertThat(a).isEqualTo(first));
            assertThat(first.key()).isEqualTo(CaseIds.forOpeningMention(m.key()) + "#ACKNOWLEDGE");
        }

        @Test
        void aRedeliveryAfterTheResendWindowQueuesNothing() {
            Mention m = direct("101", dana, COMPLAINT);
            triage.triage(m);
            clock.advance(TriageService.RESEND_WINDOW.plusSeconds(1));

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(store.allCases()).hasSize(1);
            assertThat(actions.sent()).hasSize(1);
        }

        @Test
        void aRedeliveryOfAMentionThatJoinedACaseQueuesNothing() {
            triage.triage(direct("101", dana, COMPLAINT));
            Mention joined = direct("102", dana, STILL_WAITING);
            triage.triage(joined);
            String caseId = store.claim(joined.key()).orElseThrow().caseId();

            Outcome outcome = triage.triage(joined);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(store.timeline(caseId)).hasSize(2);
            assertThat(actions.sent()).hasSize(1);
        }

        @Test
        void aRedeliveryOfAWatchedMentionStaysWatchedAndQuiet() {
            Mention m = indirect("101", dana, INDIRECT_COMPLAINT);
            triage.triage(m);

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(store.claim(m.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.WATCHED));
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void aRedeliveryOfThankedPraiseQueuesTheSameThankYouSoItIsPostedOnce() {
            Mention m = direct("101", dana, PRAISE);
            triage.triage(m);

            Outcome outcome = triage.triage(m);

            // The first delivery may have died before its enqueue; the same key is posted once by the ledger.
            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(actions.sent(ActionType.THANK_YOU)).hasSize(2).extracting(Action::key).containsOnly("thanks#" + m.key());
        }

        @Test
        void aRedeliveryOfThankedPraiseAfterTheResendWindowQueuesNothing() {
            Mention m = direct("101", dana, PRAISE);
            triage.triage(m);
            clock.advance(TriageService.RESEND_WINDOW.plusMinutes(1));

            triage.triage(m);

            assertThat(actions.sent(ActionType.THANK_YOU)).hasSize(1);
        }

        @Test
        void aRedeliveryOfANonEnglishMentionStillQueuesNoAutomaticReply() {
            Mention m = direct("101", dana, SPANISH);
            triage.triage(m);
            clock.advance(Duration.ofMinutes(1));

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void aRedeliveryOfModeratedSpamNeverAcknowledgesTheSpammer() {
            Mention m = direct("101", dana, SPAM);
            triage.triage(m);
            clock.advance(Duration.ofMinutes(1));

            Outcome outcome = triage.triage(m);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(actions.sent(ActionType.ACKNOWLEDGE)).isEmpty();
            assertThat(actions.sent()).extracting(Action::type).containsOnly(ActionType.MODERATE);
        }

        @Test
        void aRedeliveryOfACaseInAnIncidentReQueuesItsHoldingReply() {
            triage.triage(direct("101", dana, COMPLAINT));
            triage.triage(direct("201", eli, COMPLAINT));
            Mention third = direct("301", fay, COMPLAINT);
            triage.triage(third);
            String key = CaseIds.forOpeningMention(third.key()) + "#ACKNOWLEDGE";
            Action firstReply = actions.sent().stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
            clock.advance(Duration.ofMinutes(1));

            Outcome outcome = triage.triage(third);

            assertThat(outcome).isEqualTo(Outcome.DUPLICATE);
            assertThat(actions.sent()).filteredOn(a -> a.key().equals(key)).hasSize(2)
                    .allSatisfy(a -> assertThat(a).isEqualTo(firstReply));
        }
    }

    // ---- 13. lost race --------------------------------------------------------------------------------

    @Nested
    class Races {
        @Test
        void whenAnotherDeliveryOpensTheCustomersCaseFirstTheMentionJoinsIt() {
            Mention rival = direct("100", dana, COMPLAINT);
            Mention m = direct("101", dana, MILD_COMPLAINT);
            // Between this mention's read of the customer and its opening, another delivery opens their case.
            RacingClaims racing = new RacingClaims(store, () -> service(store).triage(rival));

            Outcome outcome = service(racing).triage(m);

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            String winner = CaseIds.forOpeningMention(rival.key());
            assertThat(racing.openings.get()).isEqualTo(1);
            assertThat(store.allCases()).extracting(Case::id).containsExactly(winner);
            assertClaim(m, ClaimOutcome.JOINED, winner);
            assertThat(store.timeline(winner)).extracting(TimelineEntry::ref).containsExactly("100", "101");
            assertThat(actions.sent()).extracting(Action::key).containsExactly(winner + "#ACKNOWLEDGE");
        }

        @Test
        void aCustomerWhoseCaseKeepsChangingFailsTheMentionForARetry() {
            MentionClaims alwaysLosing = new Delegating(store) {
                @Override
                public ClaimResult openCase(CaseOpening opening) {
                    return new ClaimResult(ClaimResult.Outcome.CUSTOMER_HAS_CASE, null, null);
                }
            };
            Mention m = direct("101", dana, COMPLAINT);

            assertThatThrownBy(() -> service(alwaysLosing).triage(m))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(m.key());
            assertThat(store.claim(m.key())).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }
    }

    // ---- 14. echoes, private messages, changes ---------------------------------------------------------

    @Nested
    class EchoesPrivacyAndChanges {
        @Test
        void anEchoOfTheBrandsOwnPostIsIgnored() {
            BrandConfig.Account own = brand.account(Platform.X).orElseThrow();
            Author brandAccount = new Author(own.id(), own.handle(), "Acme", 50_000, true);
            Mention echo = direct("101", brandAccount, COMPLAINT);

            Outcome outcome = triage.triage(echo);

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertRecordedAloneAndQuiet(echo, ClaimOutcome.IGNORED, r -> assertThat(r).isEqualTo("echo of the brand's own post"));
        }

        @Test
        void aPrivateMessageJoiningACaseMovesItToPrivateWithOneContinuingInDmNote() {
            Mention complaint = direct("101", dana, COMPLAINT);
            triage.triage(complaint);
            String caseId = CaseIds.forOpeningMention(complaint.key());
            store.givenDue(new DueItem(caseId, DueKind.FOLLOW_UP, clock.instant().plus(brand.followUpAfter())));
            Mention dm = dm("d-1", dana, "here is my order number 12345");

            Outcome outcome = triage.triage(dm);
            triage.triage(dm("d-2", dana, "and the receipt is attached"));

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            Case c = store.getCase(caseId).orElseThrow();
            assertThat(c.status()).isEqualTo(CaseStatus.PRIVATE);
            assertThat(c.replyTo()).isEqualTo(complaint.id()); // a DM does not redirect public replies
            assertClaim(dm, ClaimOutcome.JOINED, caseId);
            assertThat(store.timeline(caseId)).extracting(TimelineEntry::kind)
                    .containsExactly(TimelineKind.MENTION, TimelineKind.MESSAGE, TimelineKind.STATUS, TimelineKind.MESSAGE);
            assertThat(store.timeline(caseId).get(1).isPrivate()).isTrue();
            assertThat(store.allDue()).extracting(DueItem::kind).containsExactly(DueKind.FIRST_RESPONSE_SLA);
            assertThat(actions.sent(ActionType.CONTINUING_IN_DM)).singleElement().satisfies(a -> {
                assertThat(a.key()).isEqualTo(caseId + "#CONTINUING_IN_DM");
                assertThat(a.inReplyTo()).isEqualTo(complaint.id());
                assertThat(a.isPrivate()).isFalse();
            });
            assertThat(actions.sent()).hasSize(2);
        }

        @Test
        void aCaseOpenedInPrivateGetsNoPublicContinuingInDmNote() {
            Mention first = dm("d-1", dana, "@AcmeHelp my widget has been broken for three days and nobody answers, this is terrible");
            triage.triage(first);
            String caseId = CaseIds.forOpeningMention(first.key());

            Outcome outcome = triage.triage(dm("d-2", dana, "hello?"));

            assertThat(outcome).isEqualTo(Outcome.JOINED);
            Case c = store.getCase(caseId).orElseThrow();
            assertThat(c.replyTo()).isNull();
            assertThat(c.status()).isEqualTo(CaseStatus.PRIVATE);
            assertThat(actions.sent()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.ACKNOWLEDGE);
                assertThat(a.isPrivate()).isTrue();
                assertThat(a.inReplyTo()).isNull();
            });
        }

        @Test
        void anEditOfAClaimedMentionIsRecordedOnItsCase() {
            Mention original = direct("101", dana, COMPLAINT);
            triage.triage(original);
            String caseId = CaseIds.forOpeningMention(original.key());
            clock.advance(Duration.ofMinutes(3));
            Mention edit = changed(original, Mention.Change.EDITED, "@AcmeHelp my widget has been broken for four days now");

            Outcome outcome = triage.triage(edit);

            assertThat(outcome).isEqualTo(Outcome.UPDATED);
            assertThat(store.allCases()).hasSize(1);
            assertThat(store.timeline(caseId)).last().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.EDITED);
                assertThat(e.text()).isEqualTo(edit.text());
                assertThat(e.ref()).isEqualTo("101#edited");
                assertThat(e.at()).isEqualTo(edit.createdAt());
                assertThat(e.note()).isEqualTo("the customer edited this post");
            });
            assertThat(store.timeline(caseId).get(0).text()).isEqualTo(COMPLAINT); // the original stays
            assertClaim(original, ClaimOutcome.CASE, caseId);
            assertThat(actions.sent()).hasSize(1);
        }

        @Test
        void aDeletionOfAClaimedMentionIsRecordedOnItsCase() {
            Mention original = direct("101", dana, COMPLAINT);
            triage.triage(original);
            String caseId = CaseIds.forOpeningMention(original.key());

            Outcome outcome = triage.triage(changed(original, Mention.Change.DELETED, original.text()));

            assertThat(outcome).isEqualTo(Outcome.UPDATED);
            assertThat(store.timeline(caseId)).last().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.DELETED);
                assertThat(e.text()).isNull();
                assertThat(e.ref()).isEqualTo("101#deleted");
            });
            assertThat(store.getCase(caseId).orElseThrow().status()).isEqualTo(CaseStatus.NEW);
            assertThat(actions.sent()).hasSize(1);
        }

        @Test
        void aDeletionOfAnUnseenMentionIsRecordedSoItsLateArrivalIsNeverAnswered() {
            Mention original = direct("101", dana, COMPLAINT);

            Outcome deleted = triage.triage(changed(original, Mention.Change.DELETED, original.text()));
            Outcome late = triage.triage(original);

            assertThat(deleted).isEqualTo(Outcome.IGNORED);
            assertThat(late).isEqualTo(Outcome.DUPLICATE);
            assertRecordedAloneAndQuiet(original, ClaimOutcome.IGNORED, r -> assertThat(r).isEqualTo("deleted before careloop saw it"));
        }

        @Test
        void aHideOfAnUnseenMentionIsRecordedAsHidden() {
            Mention original = direct("101", dana, COMPLAINT);

            Outcome outcome = triage.triage(changed(original, Mention.Change.HIDDEN, original.text()));

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertThat(store.claim(original.key())).hasValueSatisfying(c ->
                    assertThat(c.reason()).isEqualTo("hidden before careloop saw it"));
            assertThat(actions.sent()).isEmpty();
        }

        @Test
        void anEditOfAnUnseenMentionIsTriagedAsThePost() {
            Mention original = direct("101", dana, COMPLAINT);

            Outcome outcome = triage.triage(changed(original, Mention.Change.EDITED, COMPLAINT));

            assertThat(outcome).isEqualTo(Outcome.OPENED);
            String caseId = CaseIds.forOpeningMention(original.key());
            assertClaim(original, ClaimOutcome.CASE, caseId);
            assertThat(actions.sent()).extracting(Action::key).containsExactly(caseId + "#ACKNOWLEDGE");
        }

        @Test
        void aChangeOfAMentionClaimedWithoutACaseIsIgnored() {
            Mention watched = indirect("101", dana, INDIRECT_COMPLAINT);
            triage.triage(watched);

            Outcome outcome = triage.triage(changed(watched, Mention.Change.EDITED, INDIRECT_COMPLAINT + "!!"));

            assertThat(outcome).isEqualTo(Outcome.IGNORED);
            assertThat(store.claim(watched.key())).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(ClaimOutcome.WATCHED));
            assertThat(store.allCases()).isEmpty();
            assertThat(actions.sent()).isEmpty();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Author customer(String handle) {
        return new Author("id-" + handle, handle, handle, 120, false);
    }

    /** A new public post addressed to the brand, in a thread of its own. */
    // ---- what the reply function needs to know for a reviewed reply ------------------------------------

    @Test
    void anOutreachsFirstReplyAsksForAPersonsReview() {
        triage.triage(indirect("101", dana, INDIRECT_COMPLAINT));
        clock.advance(Duration.ofMinutes(5));
        triage.triage(indirect("201", eli, OTHER_INDIRECT_COMPLAINT));

        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).hasSize(2).allSatisfy(a -> assertThat(a.review())
                .contains("outreach: a first contact with someone who did not address the brand"));
    }

    @Test
    void aConfidentDirectComplaintsAcknowledgementNeedsNoReview() {
        triage.triage(direct("1", dana, COMPLAINT));

        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).singleElement().satisfies(a -> assertThat(a.review()).isNull());
    }

    @ParameterizedTest(name = "p={0} -> uncertain {1}")
    @CsvSource({"0.45, true", "0.55, true", "0.39, false", "0.99, false"})
    void aJudgementWithinTheMarginOfTheModelsThresholdAsksForReview(double probability, boolean uncertain) {
        Judgement judgement = new Judgement(Intent.COMPLAINT, probability >= 0.5, probability, -0.5, "en", "widget",
                List.of(), false, List.of(), null);

        List<String> cues = new CaseDrafts(brand, clock).reviewCues(direct("1", dana, COMPLAINT), judgement, 0.5);

        assertThat(cues).hasSize(uncertain ? 1 : 0);
        if (uncertain) {
            assertThat(cues.get(0)).isEqualTo(String.format(java.util.Locale.ROOT,
                    "uncertain judgement: complaint probability %.2f is within 0.10 of 0.50", probability));
        }
    }

    /** The mention is claimed with this outcome and reason, opens no case, and nothing is queued. */
    private void assertRecordedAloneAndQuiet(Mention m, ClaimOutcome outcome, java.util.function.Consumer<String> reason) {
        assertThat(store.claim(m.key())).hasValueSatisfying(c -> {
            assertThat(c.outcome()).isEqualTo(outcome);
            reason.accept(c.reason());
        });
        assertThat(store.allCases()).isEmpty();
        assertThat(actions.sent()).isEmpty();
    }

    private Mention direct(String id, Author author, String text) {
        return new Mention(Platform.X, id, author, text, clock.instant(), null, null, true, false, "test");
    }

    /** A public post about the brand that does not address it (its name or hashtag). */
    private Mention indirect(String id, Author author, String text) {
        return new Mention(Platform.X, id, author, text, clock.instant(), null, null, false, false, "test");
    }

    /** A public reply in an existing thread. */
    private Mention reply(String id, Author author, String text, String threadId, String inReplyTo) {
        return new Mention(Platform.X, id, author, text, clock.instant(), threadId, inReplyTo, true, false, "test");
    }

    /** A private message to the brand. */
    private Mention dm(String id, Author author, String text) {
        return new Mention(Platform.X, id, author, text, clock.instant(), "dm-" + author.id(), null, true, true, "test");
    }

    /** The same post as a later change event (the event's time is now). */
    private Mention changed(Mention m, Mention.Change kind, String text) {
        return new Mention(m.platform(), m.id(), m.author(), text, clock.instant(), m.threadId(), m.inReplyTo(),
                m.direct(), m.isPrivate(), m.source(), kind, m.brandAccount());
    }

    /** Resolves a case the way the case API does: the customer is released and the resolution recorded. */
    private Case resolve(Case c) {
        Case current = store.getCase(c.id()).orElseThrow();
        store.apply(CaseChange.of(current, current.resolvedAt(clock.instant()),
                        new TimelineEntry(clock.instant(), TimelineKind.STATUS, "agent", null, false, null, "resolved"))
                .releasingCustomer().recordingResolution());
        return store.getCase(c.id()).orElseThrow();
    }

    private Case onlyCase() {
        assertThat(store.allCases()).hasSize(1);
        return store.allCases().get(0);
    }

    private Incident onlyIncident() {
        assertThat(store.listIncidents()).hasSize(1);
        return store.getIncident(store.listIncidents().get(0).id()).orElseThrow();
    }

    private void assertClaim(Mention m, ClaimOutcome outcome, String caseId) {
        assertThat(store.claim(m.key())).hasValueSatisfying(c -> {
            assertThat(c.outcome()).isEqualTo(outcome);
            assertThat(c.caseId()).isEqualTo(caseId);
        });
    }

    /** The store's claims port, passed through. */
    private static class Delegating implements MentionClaims {
        final InMemoryStore store;

        Delegating(InMemoryStore store) {
            this.store = store;
        }

        @Override
        public CustomerContext customerContext(Mention mention, String topicKey) {
            return store.customerContext(mention, topicKey);
        }

        @Override
        public ClaimResult openCase(CaseOpening opening) {
            return store.openCase(opening);
        }

        @Override
        public ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry, boolean hostile) {
            return store.joinCase(caseId, mention, entry, hostile);
        }

        @Override
        public ClaimResult markAdvocate(String caseId, Mention mention, TimelineEntry entry) {
            return store.markAdvocate(caseId, mention, entry);
        }

        @Override
        public ClaimResult recordWithoutCase(Mention mention, ClaimOutcome outcome, String reason) {
            return store.recordWithoutCase(mention, outcome, reason);
        }

        @Override
        public Optional<MentionClaim> claimOf(String mentionKey) {
            return store.claimOf(mentionKey);
        }
    }

    /** Lets a rival delivery run just before the first opening, which then meets the rival's customer pointer. */
    private static final class RacingClaims extends Delegating {
        private final Runnable rival;
        final AtomicInteger openings = new AtomicInteger();

        RacingClaims(InMemoryStore store, Runnable rival) {
            super(store);
            this.rival = rival;
        }

        @Override
        public ClaimResult openCase(CaseOpening opening) {
            if (openings.getAndIncrement() == 0) {
                rival.run();
            }
            return super.openCase(opening);
        }
    }
}
