package io.careloop.reply;

import io.careloop.cases.TimelineKind;
import io.careloop.testing.RecordingMetrics;
import io.careloop.voice.Templates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.OutboundState;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.platform.OutboundPost;
import io.careloop.platform.PlatformConnector;
import io.careloop.platform.PlatformException;
import io.careloop.platform.PlatformException.Kind;
import io.careloop.reply.CredentialsRefused;
import io.careloop.reply.ReplyService.Result;
import io.careloop.reply.ReplyService.RetryLater;
import io.careloop.store.OutboundLedger;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ReplyService against the in-memory store (the DynamoDB adapter's ledger semantics) and fake platforms: what
 * reaches the platform, what the ledger and the case say afterwards, and what is thrown back to the queue.
 */
class ReplyServiceTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private static final Instant T0 = Instant.parse("2026-11-23T09:03:00Z");
    private static final Duration LEASE = ReplyService.LEASE;
    private static final Author DANA = new Author("42", "dana_k", "Dana Kim", 10, false);
    private static final Author DANA_ON_BLUESKY = new Author("did:plc:dana", "dana.bsky.social", "Dana Kim", 10, false);
    private static final String AGENT = "Sam Lee";
    private static final Pattern UNFILLED = Pattern.compile("\\{\\w+}");

    private static final String ACK_X = "@dana_k I'm so sorry about the trouble with your widget. I'd like to put it right: could you send me a "
            + "DM with the details or email help@acme.example? ^SL";
    private static final String FOLLOW_UP_X = "@dana_k Just checking in: I'm still here to help whenever suits you. "
            + "A DM is the quickest way to reach me. ^SL";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryStore store = new InMemoryStore(clock);
    /** Every fake platform a test wires, so that all their posts are checked after each test. */
    private final List<FakeConnector> platforms = new ArrayList<>();
    private final FakeConnector x = platform(new FakeConnector(Platform.X, null));
    private ReplyService reply = service(store, new Connectors(List.of(x)), Brands.acme(), null);

    /** The one place the service is built: only this line changes when the constructor does. */
    private ReplyService service(OutboundLedger ledger, Connectors connectors, BrandConfig brand, PostingLimits limits) {
        return new ReplyService(ledger, store, store, store, connectors, brand, clock, limits, metrics);
    }

    private ReplyService serviceOn(FakeConnector... connectors) {
        for (FakeConnector c : connectors) {
            platform(c);
        }
        return service(store, new Connectors(List.<PlatformConnector>of(connectors)), Brands.acme(), null);
    }

    private FakeConnector platform(FakeConnector connector) {
        if (!platforms.contains(connector)) {
            platforms.add(connector);
        }
        return connector;
    }

    @AfterEach
    void noTextSentHasAnUnfilledVariable() {
        for (FakeConnector p : platforms) {
            for (OutboundPost post : p.posts()) {
                assertThat(UNFILLED.matcher(post.text()).find())
                        .as("unfilled {variable} in %s post: %s", p.platform().id(), post.text()).isFalse();
            }
        }
    }

    // ---- arrangement -------------------------------------------------------------------------------------

    /** A new case on X, opened ten minutes ago from Dana's public post m-1, owned by Sam Lee. */
    private static Case aCase() {
        return new Case("c_1", CaseStatus.NEW, Priority.P2, Platform.X, DANA, "t-1", "m-1", "my widget broke", AGENT,
                "Care", "widget", T0.minus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(50)), null, null, false,
                null, false, 0, 0);
    }

    /** Another customer's new case on X (Lee, post m-2). */
    private static Case aSecondCase() {
        return new Case("c_2", CaseStatus.NEW, Priority.P2, Platform.X, new Author("43", "lee_p", "Lee Park", 3, false),
                "t-2", "m-2", "my charger broke", AGENT, "Care", "charger", T0.minus(Duration.ofMinutes(5)),
                T0.plus(Duration.ofMinutes(55)), null, null, false, null, false, 0, 0);
    }

    private Case given(Case c) {
        return store.givenOpenCase(c);
    }

    private static Mention mentionOf(Case c) {
        return new Mention(c.platform(), c.replyTo(), c.customer(), c.firstWords(), c.createdAt(), c.threadId(), null,
                true, false, "webhook:" + c.platform().id());
    }

    private static Action acknowledge(Case c) {
        return Action.acknowledge(c.id(), mentionOf(c));
    }

    private static Action agentReply(Case c, String text, boolean privately) {
        return Action.byAgent(c, ActionType.AGENT_REPLY, "k-1", text, privately, AGENT);
    }

    /** An earlier attempt took the lease three minutes ago and never reported back: its lease has run out. */
    private void givenAnAttemptVanishedMidPost(Action a) {
        store.beginOutbound(a.key(), T0.minus(Duration.ofMinutes(3)), LEASE);
    }

    private InMemoryStore.Outbound ledger(Action a) {
        return store.outbound(a.key()).orElseThrow(() -> new AssertionError("no ledger entry for " + a.key()));
    }

    private Case stored(Case c) {
        return store.getCase(c.id()).orElseThrow();
    }

    private TimelineEntry lastEntry(Case c) {
        List<TimelineEntry> timeline = store.timeline(c.id());
        assertThat(timeline).isNotEmpty();
        return timeline.get(timeline.size() - 1);
    }

    private List<TimelineEntry> entriesOfKind(Case c, TimelineKind kind) {
        return store.timeline(c.id()).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Acme's brand file with one template reworded. */
    private static BrandConfig acmeWithTemplate(String name, String words) {
        try (InputStream in = BrandConfig.class.getResourceAsStream(BrandConfig.DEFAULT_RESOURCE)) {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(in);
            root.putObject("templates").put(name, words);
            return BrandConfig.parse(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PlatformException refusal(Kind kind, Instant retryAt, boolean certainlyNotPosted) {
        return FakeConnector.refused(kind, retryAt, certainlyNotPosted);
    }

    // ---- the ledger's states -----------------------------------------------------------------------------

    @Nested
    class LedgerStates {
        @Test
        void anAcquiredLeaseIsPostedOnceAndRecordedWithThePlatformsPostId() {
            Case c = given(aCase());
            Action ack = acknowledge(c);

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo(ACK_X);
                assertThat(p.inReplyTo()).isEqualTo("m-1");
                assertThat(p.isPrivate()).isFalse();
                assertThat(p.idempotencyKey()).isEqualTo(ack.key());
            });
            assertThat(ledger(ack).state()).isEqualTo("POSTED");
            assertThat(ledger(ack).postId()).isEqualTo("x-post-1");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.REPLY);
                assertThat(e.text()).isEqualTo(ACK_X);
                assertThat(e.ref()).isEqualTo("x-post-1");
                assertThat(e.isPrivate()).isFalse();
            });
        }

        @Test
        void aKeyAlreadyPostedIsNotSentAgain() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            reply.handle(ack);

            Result again = reply.handle(ack);

            assertThat(again).isEqualTo(Result.ALREADY_POSTED);
            assertThat(x.posts()).hasSize(1);
            assertThat(x.calls()).isEqualTo(1);
            assertThat(entriesOfKind(c, TimelineKind.REPLY)).hasSize(1);
        }

        @Test
        void aLiveLeaseHeldByAnotherAttemptIsRetriedLaterAndNothingIsSent() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            store.beginOutbound(ack.key(), T0.minusSeconds(30), LEASE); // another instance is posting right now

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isNull());

            assertThat(x.calls()).isZero();
            assertThat(ledger(ack).state()).isEqualTo("IN_PROGRESS");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.NEW);
        }

        @Test
        void anInterruptedPostFoundOnThePlatformIsRecordedAsPostedAndNotSentAgain() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.of("x-777"));
            reply = serviceOn(x);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            givenAnAttemptVanishedMidPost(ack);

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.ALREADY_POSTED);
            assertThat(x.posts()).isEmpty();
            assertThat(ledger(ack).state()).isEqualTo("POSTED");
            assertThat(ledger(ack).postId()).isEqualTo("x-777");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(lastEntry(c).ref()).isEqualTo("x-777");
            assertThat(lastEntry(c).text()).isEqualTo(ACK_X);
        }

        @Test
        void anInterruptedPostThatIsNotOnThePlatformIsPostedNow() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.empty());
            reply = serviceOn(x);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            givenAnAttemptVanishedMidPost(ack);

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(ACK_X));
            assertThat(x.calls()).as("one look-up, one post").isEqualTo(2);
            assertThat(ledger(ack).state()).isEqualTo("POSTED");
            assertThat(ledger(ack).postId()).isEqualTo("x-post-1");
        }

        @Test
        void aKeyAlreadyMarkedUncertainIsSettledByLookingWhereThePlatformAllows() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.of("x-778"));
            reply = serviceOn(x);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            givenAnAttemptVanishedMidPost(ack);
            store.markOutboundUncertain(ack.key(), T0.minusSeconds(10));

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.ALREADY_POSTED);
            assertThat(x.posts()).isEmpty();
            assertThat(ledger(ack).postId()).isEqualTo("x-778");
        }

        @Test
        void anInterruptedPostThatCannotBeCheckedIsNeverRepostedAndTheCaseIsEscalated() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            givenAnAttemptVanishedMidPost(ack); // x (the default fake) cannot look at its own posts

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.UNCERTAIN);
            assertThat(x.calls()).isZero();
            assertThat(ledger(ack).state()).isEqualTo("UNCERTAIN");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ESCALATED);
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
                assertThat(e.ref()).isEqualTo(ack.key());
                assertThat(e.note()).contains("may or may not have been posted").contains("Check the platform");
            });
            assertThat(reply.handle(ack)).as("a redelivery").isEqualTo(Result.UNCERTAIN);
            assertThat(x.calls()).isZero();
        }

        @Test
        void aFailedLookUpIsTreatedAsCannotLookAndNothingIsReposted() {
            FakeConnector x = platform(new FakeConnector(Platform.X, null));
            PlatformConnector lookupFails = new PlatformConnector() {
                @Override
                public Platform platform() {
                    return Platform.X;
                }

                @Override
                public String post(OutboundPost post) {
                    return x.post(post);
                }

                @Override
                public boolean canFindOwnPost(OutboundPost post) {
                    return true;
                }

                @Override
                public Optional<String> findOwnPost(OutboundPost post, Instant since) {
                    throw refusal(Kind.TRANSIENT, null, false);
                }
            };
            reply = service(store, new Connectors(List.of(lookupFails)), Brands.acme(), null);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            givenAnAttemptVanishedMidPost(ack);

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.UNCERTAIN);
            assertThat(x.posts()).isEmpty();
            assertThat(ledger(ack).state()).isEqualTo("UNCERTAIN");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ESCALATED);
            assertThat(lastEntry(c).kind()).isEqualTo(TimelineKind.ALERT);
        }

        @Test
        void anInterruptedPrivateTemplatedStepIsNeverRepostedEvenWhereThePlatformCouldLook() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.empty());
            reply = serviceOn(x);
            Case c = given(aCase().toBuilder().threadId("dm-42").replyTo(null).build());
            Action privateAck = Action.acknowledge(c.id(), new Mention(Platform.X, "dm-msg-1", DANA, "help",
                    c.createdAt(), "dm-42", null, true, true, "webhook:x"));
            givenAnAttemptVanishedMidPost(privateAck);

            Result result = reply.handle(privateAck);

            assertThat(result).isEqualTo(Result.UNCERTAIN);
            assertThat(x.calls()).as("no look-up, no post").isZero();
            assertThat(ledger(privateAck).state()).isEqualTo("UNCERTAIN");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ESCALATED);
        }

        @Test
        void anInterruptedModerationIsNeverRedone() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.empty());
            reply = serviceOn(x);
            Case c = given(aCase());
            Action hide = Action.moderate(c.id(), mentionOf(c), "spam");
            givenAnAttemptVanishedMidPost(hide);

            Result result = reply.handle(hide);

            assertThat(result).isEqualTo(Result.UNCERTAIN);
            assertThat(x.hidden()).isEmpty();
            assertThat(x.calls()).isZero();
            assertThat(ledger(hide).state()).isEqualTo("UNCERTAIN");
        }

        @Test
        void anInterruptedPostWithoutACaseIsMarkedUncertainWithoutLooking() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.empty());
            reply = serviceOn(x);
            Action thanks = Action.thankYou(new Mention(Platform.X, "p-5", new Author("77", "fan_1", "Fan One", 5, false),
                    "love my acme widget", T0, "p-5", null, true, false, "webhook:x"));
            givenAnAttemptVanishedMidPost(thanks);

            Result result = reply.handle(thanks);

            assertThat(result).isEqualTo(Result.UNCERTAIN);
            assertThat(x.calls()).isZero();
            assertThat(ledger(thanks).state()).isEqualTo("UNCERTAIN");
        }

        @Test
        void whenTwoAttemptsSettleTheSameInterruptedPostOnlyOneLooksAndTheOtherRetriesLater() {
            FakeConnector x = new FakeConnector(Platform.X, null).findingOwnPost(Optional.empty());
            Case c = given(aCase());
            Action ack = acknowledge(c);
            givenAnAttemptVanishedMidPost(ack);
            HookedLedger racing = new HookedLedger(store);
            // Another delivery of the same action retakes the lease between our read of the ledger and our retake.
            racing.afterBegin = key -> store.retakeOutbound(key, clock.instant(), LEASE);
            reply = service(racing, new Connectors(List.of(platform(x))), Brands.acme(), null);

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOf(RetryLater.class)
                    .hasMessageContaining("settling");

            assertThat(x.calls()).as("no look-up, no post").isZero();
            assertThat(ledger(ack).state()).isEqualTo("IN_PROGRESS");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.NEW);
        }

        @Test
        void aCaseChangedWhileTheReplyIsRecordedIsReadAgainAndTheReplyIsNotPostedAgain() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            HookedLedger ledger = new HookedLedger(store);
            AtomicInteger changes = new AtomicInteger();
            ledger.beforeComplete = key -> {
                if (changes.getAndIncrement() == 0) {
                    agentReassigns(c.id(), "Lee Park");
                }
            };
            reply = service(ledger, new Connectors(List.of(x)), Brands.acme(), null);

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).hasSize(1);
            assertThat(ledger(ack).state()).isEqualTo("POSTED");
            assertThat(stored(c).assignee()).as("the concurrent change is kept").isEqualTo("Lee Park");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(stored(c).firstResponseAt()).isEqualTo(T0);
            assertThat(entriesOfKind(c, TimelineKind.REPLY)).hasSize(1);
        }

        @Test
        void aCaseThatKeepsChangingWhileTheReplyIsRecordedKeepsTheLeaseSoTheReplyIsNeverPostedTwice() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            HookedLedger ledger = new HookedLedger(store);
            ledger.beforeComplete = key -> agentReassigns(c.id(), "Lee Park");
            reply = service(ledger, new Connectors(List.of(x)), Brands.acme(), null);

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOf(ConcurrentUpdateException.class);

            assertThat(x.posts()).hasSize(1);
            assertThat(ledger(ack).state()).as("neither posted nor released").isEqualTo("IN_PROGRESS");
            ledger.beforeComplete = key -> { };
            assertThatThrownBy(() -> reply.handle(ack)).as("a redelivery while the lease is live")
                    .isInstanceOf(RetryLater.class);
            assertThat(x.posts()).hasSize(1);
        }

        private void agentReassigns(String caseId, String agent) {
            Case now = store.getCase(caseId).orElseThrow();
            store.apply(CaseChange.of(now, now.withAssignee(agent),
                    new TimelineEntry(clock.instant(), TimelineKind.ASSIGN, agent, null, false, null, "assigned to " + agent)));
        }
    }

    // ---- platform refusals -------------------------------------------------------------------------------

    @Nested
    class PlatformRefusals {
        @Test
        void aRateLimitedPostIsRetriedAtThePlatformsResetWithTheLeaseReleased() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            Instant reset = T0.plus(Duration.ofMinutes(7));
            x.failNext(refusal(Kind.RATE_LIMITED, reset, true));

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isEqualTo(reset));

            assertThat(x.posts()).isEmpty();
            assertThat(ledger(ack).state()).isEqualTo("ABANDONED");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.NEW);

            clock.set(reset);
            assertThat(reply.handle(ack)).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(ACK_X));
        }

        @Test
        void aTimeoutWithAnUnknownOutcomeKeepsTheLeaseAndIsNeverPostedBlindlyAgain() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            x.failNext(refusal(Kind.TRANSIENT, null, false));

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isNull());
            assertThat(ledger(ack).state()).as("the post may exist: the lease is kept").isEqualTo("IN_PROGRESS");

            clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> reply.handle(ack)).as("within the lease").isInstanceOf(RetryLater.class);

            clock.advance(Duration.ofMinutes(2));
            assertThat(reply.handle(ack)).as("after the lease, where X cannot look").isEqualTo(Result.UNCERTAIN);
            assertThat(x.posts()).isEmpty();
            assertThat(x.calls()).isEqualTo(1);
            assertThat(ledger(ack).state()).isEqualTo("UNCERTAIN");
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ESCALATED);
        }

        @Test
        void aServerErrorThatProvesNothingWasPostedReleasesTheLeaseForARetry() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            x.failNext(refusal(Kind.TRANSIENT, null, true));

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isNull());
            assertThat(ledger(ack).state()).isEqualTo("ABANDONED");

            assertThat(reply.handle(ack)).isEqualTo(Result.POSTED);
            assertThat(x.posts()).hasSize(1);
            assertThat(ledger(ack).postId()).isEqualTo("x-post-1");
        }

        @Test
        void refusedCredentialsAreReadAgainOnceAndThePostGoesWithTheNewOnes() {
            AtomicInteger reloads = new AtomicInteger();
            reply = service(store, new Connectors(() -> List.of(x), reloads::incrementAndGet), Brands.acme(), null);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            x.failNext(refusal(Kind.AUTH, null, true));

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(reloads).hasValue(1);
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(ACK_X));
            assertThat(ledger(ack).state()).isEqualTo("POSTED");
            assertThat(entriesOfKind(c, TimelineKind.ALERT)).isEmpty();
        }

        @Test
        void credentialsRefusedAgainAfterReadingThemLeaveAnAlertOnTheCaseAndReleaseTheLease() {
            AtomicInteger reloads = new AtomicInteger();
            reply = service(store, new Connectors(() -> List.of(x), reloads::incrementAndGet), Brands.acme(), null);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            x.failNext(refusal(Kind.AUTH, null, true)).failNext(refusal(Kind.AUTH, null, true));

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOf(CredentialsRefused.class)
                    .hasMessageStartingWith("x refused careloop's credentials")
                    .hasMessageContaining("redrive");

            assertThat(reloads).as("read again once, not in a loop").hasValue(1);
            assertThat(x.calls()).isEqualTo(2);
            assertThat(x.posts()).isEmpty();
            assertThat(ledger(ack).state()).isEqualTo("ABANDONED");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
                assertThat(e.ref()).isEqualTo(ack.key());
                assertThat(e.note()).startsWith("not posted: x refused careloop's credentials");
            });
            assertThat(stored(c).status()).isEqualTo(CaseStatus.NEW);
            assertThat(stored(c).firstResponseAt()).isNull();
        }

        @Test
        void credentialsRefusedAgainRaisePlatformCredentialsFailingOnceAnHourWithoutTheToken() {
            List<io.careloop.events.CareEvent> events = new ArrayList<>();
            FakeConnector main = platform(new FakeConnector(Platform.X, "1000000001"));
            reply = new ReplyService(store, store, store, store, new Connectors(() -> List.of(main), () -> { }),
                    Brands.acme(), clock, null, metrics, io.careloop.config.XTier.PAY_PER_USE,
                    new io.careloop.events.CredentialAlerts(events::add, store, clock));
            Case first = given(aCase());
            Case second = given(aSecondCase());
            main.failNext(refusal(Kind.AUTH, null, true)).failNext(refusal(Kind.AUTH, null, true))
                    .failNext(refusal(Kind.AUTH, null, true)).failNext(refusal(Kind.AUTH, null, true));

            assertThatThrownBy(() -> reply.handle(acknowledge(first))).isInstanceOf(CredentialsRefused.class);
            clock.advance(Duration.ofMinutes(2));
            assertThatThrownBy(() -> reply.handle(acknowledge(second))).isInstanceOf(CredentialsRefused.class);

            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(io.careloop.events.CareEvent.Type.CREDENTIALS_FAILING);
                assertThat(e.detail()).containsEntry("platform", "x").containsEntry("account", "1000000001")
                        .containsEntry("doing", "post");
                assertThat(io.careloop.core.Json.write(e.detail())).doesNotContain("token");
            });
            assertThat(metrics.total(io.careloop.observe.Metrics.Name.CredentialFailures)).isEqualTo(2.0);
        }

        @Test
        void aHideRefusedForItsCredentialsIsRetriedAndRaisesPlatformCredentialsFailing() {
            List<io.careloop.events.CareEvent> events = new ArrayList<>();
            reply = new ReplyService(store, store, store, store, new Connectors(List.of(x)), Brands.acme(), clock, null,
                    metrics, io.careloop.config.XTier.PAY_PER_USE,
                    new io.careloop.events.CredentialAlerts(events::add, store, clock));
            Case c = given(aCase());
            x.failNext(refusal(Kind.AUTH, null, true));

            assertThatThrownBy(() -> reply.handle(Action.moderateCase(c, "hide", "spam", AGENT)))
                    .isInstanceOf(RetryLater.class);

            assertThat(x.hidden()).isEmpty();
            assertThat(events).singleElement().satisfies(e -> assertThat(e.detail())
                    .containsEntry("platform", "x").containsEntry("doing", "moderate"));
        }

        @Test
        void aThrottleAfterReadingCredentialsAgainIsRetriedAtThePlatformsReset() {
            AtomicInteger reloads = new AtomicInteger();
            reply = service(store, new Connectors(() -> List.of(x), reloads::incrementAndGet), Brands.acme(), null);
            Case c = given(aCase());
            Action ack = acknowledge(c);
            Instant reset = T0.plus(Duration.ofMinutes(4));
            x.failNext(refusal(Kind.AUTH, null, true)).failNext(refusal(Kind.RATE_LIMITED, reset, true));

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isEqualTo(reset));

            assertThat(reloads).hasValue(1);
            assertThat(ledger(ack).state()).isEqualTo("ABANDONED");
            assertThat(entriesOfKind(c, TimelineKind.ALERT)).isEmpty();
        }

        @Test
        void credentialsRefusedForAPostWithoutACaseStopItAndReleaseTheLease() {
            Action thanks = Action.thankYou(new Mention(Platform.X, "p-5", new Author("77", "fan_1", "Fan One", 5, false),
                    "love my acme widget", T0, "p-5", null, true, false, "webhook:x"));
            x.failNext(refusal(Kind.AUTH, null, true)).failNext(refusal(Kind.AUTH, null, true));

            assertThatThrownBy(() -> reply.handle(thanks)).isInstanceOf(CredentialsRefused.class);

            assertThat(x.posts()).isEmpty();
            assertThat(ledger(thanks).state()).isEqualTo("ABANDONED");
        }

        @Test
        void aRejectedReplyPostsNothingAndLeavesNoLiveLeaseBehind() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            x.failNext(refusal(Kind.REJECTED, null, true)); // e.g. the post answered was deleted

            catchThrowable(() -> reply.handle(ack));

            assertThat(x.posts()).isEmpty();
            assertThat(x.calls()).isEqualTo(1);
            assertThat(ledger(ack).state()).as("not left to turn UNCERTAIN and escalate").isNotEqualTo("IN_PROGRESS");
            assertThat(entriesOfKind(c, TimelineKind.REPLY)).isEmpty();
            assertThat(stored(c).firstResponseAt()).isNull();
        }

        @Test
        void aRejectedReplyIsRecordedNotSentWithANoteAndNeverRetried() {
            Case c = given(aCase());
            Action ack = acknowledge(c);
            x.failNext(refusal(Kind.REJECTED, null, true)).failNext(refusal(Kind.REJECTED, null, true));

            Throwable first = catchThrowable(() -> reply.handle(ack));
            Throwable redelivery = catchThrowable(() -> reply.handle(ack));

            assertThat(first).as("not handed back to the queue").isNull();
            assertThat(redelivery).isNull();
            assertThat(x.calls()).as("the platform is asked once").isEqualTo(1);
            assertThat(ledger(ack).state()).isEqualTo("POSTED");
            assertThat(ledger(ack).postId()).doesNotStartWith("x-post-");
            assertThat(store.timeline(c.id())).anySatisfy(e -> assertThat(e.ref()).isEqualTo(ack.key()));
        }
    }

    // ---- guardrails ----------------------------------------------------------------------------------------

    @Nested
    class GuardrailBlocks {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                no-arguing      | {greeting}As we already said, the widget needs a full charge first. {signature}
                no-compensation | {greeting}So sorry: I'll send you a voucher for the trouble. {signature}
                no-personal-data| {greeting}I found your order 123456 and it ships today. {signature}
                """)
        void aTemplateThatBreaksAGuardrailIsNeverPostedAndTheCaseGetsAnAlert(String rule, String template) {
            BrandConfig brand = acmeWithTemplate("follow_up", template);
            reply = service(store, new Connectors(List.of(x)), brand, null);
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(T0.minusSeconds(300)).build());
            Action followUp = Action.due(c, ActionType.FOLLOW_UP, T0);
            String rendered = new Templates(brand).render("follow_up", c, false, null);

            Result result = reply.handle(followUp);

            assertThat(result).isEqualTo(Result.SKIPPED);
            assertThat(x.calls()).isZero();
            assertThat(ledger(followUp).state()).isEqualTo("POSTED");
            assertThat(ledger(followUp).postId()).isEqualTo("blocked");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
                assertThat(e.text()).isEqualTo(rendered);
                assertThat(e.ref()).isEqualTo(followUp.key());
                assertThat(e.note()).startsWith("not posted: guardrail " + rule).endsWith("fix the brand's follow_up template");
            });
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(reply.handle(followUp)).as("a redelivery").isEqualTo(Result.ALREADY_POSTED);
            assertThat(x.calls()).isZero();
        }

        @Test
        void anInviteToEmailThatBreaksAGuardrailIsNeverPostedAndTheCaseGetsAnAlert() {
            FakeConnector bluesky = platform(new FakeConnector(Platform.BLUESKY, null).withoutPrivateMessages());
            reply = service(store, new Connectors(List.of(bluesky)),
                    acmeWithTemplate("invite_private", "{greeting}As I said, email {contact}. {signature}"), null);
            Case c = given(aCase().toBuilder().platform(Platform.BLUESKY).customer(DANA_ON_BLUESKY).build());
            Action privately = agentReply(c, "Your order 123456 ships today.", true);

            Result result = reply.handle(privately);

            assertThat(result).isEqualTo(Result.SKIPPED);
            assertThat(bluesky.calls()).isZero();
            assertThat(ledger(privately).state()).isEqualTo("POSTED");
            assertThat(ledger(privately).postId()).isEqualTo("blocked");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.ALERT);
                assertThat(e.note()).startsWith("not posted: guardrail no-arguing")
                        .endsWith("fix the brand's invite_private template");
            });
        }

        @Test
        void privateMessagesMayCarryDetailsThatWouldNeverBePublic() {
            Case c = given(aCase());
            Action privately = agentReply(c, "Your order 123456 ships today.", true);

            Result result = reply.handle(privately);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo("Your order 123456 ships today.");
                assertThat(p.isPrivate()).isTrue();
                assertThat(p.inReplyTo()).isNull();
                assertThat(p.recipientId()).isEqualTo("42");
            });
            assertThat(lastEntry(c).isPrivate()).isTrue();
        }

        @Test
        void aThankYouTemplateThatBreaksAGuardrailIsNeverPosted() {
            reply = service(store, new Connectors(List.of(x)),
                    acmeWithTemplate("thank_you", "{greeting}Thank you! Sorry again, that one was our fault. {signature}"),
                    null);
            Action thanks = Action.thankYou(new Mention(Platform.X, "p-5", new Author("77", "fan_1", "Fan One", 5, false),
                    "love my acme widget", T0, "p-5", null, true, false, "webhook:x"));

            catchThrowable(() -> reply.handle(thanks));

            assertThat(x.posts()).isEmpty();
        }
    }

    // ---- a customer who keeps being hostile ------------------------------------------------------------------

    @Nested
    class HostileStop {
        private Case hostile(int messages) {
            return given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(T0.minusSeconds(300))
                    .hostileMessages(messages).build());
        }

        @Test
        void aCustomerWhoKeepsBeingHostileGetsNoAutomaticPublicReply() {
            Case c = hostile(Case.HOSTILE_LIMIT);
            Action followUp = Action.due(c, ActionType.FOLLOW_UP, T0);

            Result result = reply.handle(followUp);

            assertThat(result).isEqualTo(Result.SKIPPED);
            assertThat(x.calls()).isZero();
            assertThat(ledger(followUp).state()).isEqualTo("POSTED");
            assertThat(ledger(followUp).postId()).isEqualTo("not-sent");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.NOTE);
                assertThat(e.ref()).isEqualTo(followUp.key());
                assertThat(e.note()).isEqualTo("automatic follow_up not sent: the customer has been hostile; "
                        + "a person takes it from here");
            });
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        }

        @Test
        void anAgentsReplyStillReachesACustomerWhoKeepsBeingHostile() {
            Case c = hostile(Case.HOSTILE_LIMIT + 1);
            Action agent = agentReply(c, "I'm here and I'm looking at it now.", false);

            Result result = reply.handle(agent);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo("I'm here and I'm looking at it now.");
                assertThat(p.inReplyTo()).isEqualTo("m-1");
                assertThat(p.isPrivate()).isFalse();
            });
        }

        @Test
        void anAutomaticPrivateStepToACustomerWhoKeepsBeingHostileWaitsForAPerson() {
            Case c = hostile(Case.HOSTILE_LIMIT);
            Action privately = Action.due(c.toBuilder().replyTo(null).build(), ActionType.FOLLOW_UP, T0);

            Result result = reply.handle(privately);

            assertThat(result).isEqualTo(Result.DRAFTED);
            assertThat(x.calls()).isZero();
            assertThat(store.allDrafts()).singleElement().satisfies(d -> {
                assertThat(d.action().isPrivate()).isTrue();
                assertThat(d.reasons()).anyMatch(r -> r.startsWith("the customer has been hostile"));
            });
        }

        @Test
        void belowTheHostileLimitAnAutomaticReplyWaitsForAPersonNotSilence() {
            Case c = hostile(Case.HOSTILE_LIMIT - 1);
            Action followUp = Action.due(c, ActionType.FOLLOW_UP, T0);

            Result result = reply.handle(followUp);

            assertThat(result).isEqualTo(Result.DRAFTED);
            assertThat(x.calls()).isZero();
            assertThat(store.allDrafts()).singleElement().satisfies(d -> assertThat(d.text()).isEqualTo(FOLLOW_UP_X));
        }
    }

    // ---- posting budgets -------------------------------------------------------------------------------------

    @Nested
    class PostingBudgets {
        private PostingLimits limits(String xBudget) {
            return new PostingLimits(store, Brands.acme(), new Settings(Map.of("CARELOOP_RATE_LIMIT_X", xBudget)));
        }

        @Test
        void theSecondPostInASpentWindowWaitsForTheWindowsEndWithTheLeaseReleased() {
            reply = service(store, new Connectors(List.of(x)), Brands.acme(), limits("1/15m"));
            Case first = given(aCase());
            Case second = given(aSecondCase());
            Action ackSecond = acknowledge(second);
            Instant windowEnd = Instant.parse("2026-11-23T09:15:00Z"); // 15-minute windows: 09:00 to 09:15

            assertThat(reply.handle(acknowledge(first))).isEqualTo(Result.POSTED);
            assertThatThrownBy(() -> reply.handle(ackSecond)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isEqualTo(windowEnd));

            assertThat(x.posts()).hasSize(1);
            assertThat(x.calls()).as("the platform is not even asked").isEqualTo(1);
            assertThat(ledger(ackSecond).state()).isEqualTo("ABANDONED");
            assertThat(stored(second).status()).isEqualTo(CaseStatus.NEW);

            clock.set(windowEnd);
            assertThat(reply.handle(ackSecond)).isEqualTo(Result.POSTED);
            assertThat(x.posts()).extracting(OutboundPost::inReplyTo).containsExactly("m-1", "m-2");
        }

        @Test
        void eachBrandAccountHasItsOwnBudget() {
            FakeConnector main = platform(new FakeConnector(Platform.X, "1000000001"));
            FakeConnector help = platform(new FakeConnector(Platform.X, "1000000002"));
            reply = service(store, new Connectors(List.of(main, help)), Brands.acme(), limits("1/15m"));
            Case onMain = given(aCase());
            Case onHelp = given(aSecondCase().toBuilder().brandAccount("1000000002").build());

            assertThat(reply.handle(acknowledge(onMain))).isEqualTo(Result.POSTED);
            assertThat(reply.handle(acknowledge(onHelp))).isEqualTo(Result.POSTED);

            assertThat(main.posts()).hasSize(1);
            assertThat(help.posts()).hasSize(1);
        }

        @Test
        void aBudgetOfNoneNeverHoldsAPostBack() {
            reply = service(store, new Connectors(List.of(x)), Brands.acme(), limits("none"));
            Case c = given(aCase());

            assertThat(reply.handle(acknowledge(c))).isEqualTo(Result.POSTED);
            assertThat(reply.handle(agentReply(c, "Thanks, I'm on it.", false))).isEqualTo(Result.POSTED);

            assertThat(x.posts()).hasSize(2);
        }
    }

    // ---- private steps, first response and the case's effects ------------------------------------------------

    @Nested
    class PrivateStepsAndCaseEffects {
        @Test
        void aPrivateStepToACustomerWhoAcceptsNoDmsBecomesAPublicInviteAndTheCaseSaysWhy() {
            FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null)
                    .refusingPrivateMessages("the customer does not accept direct messages from the brand");
            reply = serviceOn(bluesky);
            Case c = given(aCase().toBuilder().platform(Platform.BLUESKY).customer(DANA_ON_BLUESKY).build());
            Action privately = agentReply(c, "Your order 123456 ships today.", true);

            Result result = reply.handle(privately);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(bluesky.posts()).singleElement().satisfies(p -> {
                assertThat(p.isPrivate()).isFalse();
                assertThat(p.text()).contains("email me at help@acme.example").doesNotContain("123456");
            });
            List<TimelineEntry> timeline = store.getCaseWithTimeline(c.id()).orElseThrow().timeline();
            assertThat(timeline).anySatisfy(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.NOTE);
                assertThat(e.note()).isEqualTo("no private message on bluesky: the customer does not accept direct messages "
                        + "from the brand; the customer is invited in public to email instead");
            });
        }

        @Test
        void aPrivateStepToACustomerWhoAcceptsDmsGoesAsADm() {
            FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null);
            reply = serviceOn(bluesky);
            Case c = given(aCase().toBuilder().platform(Platform.BLUESKY).customer(DANA_ON_BLUESKY).build());

            assertThat(reply.handle(agentReply(c, "Your order 123456 ships today.", true))).isEqualTo(Result.POSTED);

            assertThat(bluesky.posts()).singleElement().satisfies(p -> {
                assertThat(p.isPrivate()).isTrue();
                assertThat(p.text()).contains("123456");
                assertThat(p.recipientId()).isEqualTo("did:plc:dana");
            });
        }

        @Test
        void whenThePlatformCannotBeAskedNothingIsSentAndTheActionIsRetriedLater() {
            FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null)
                    .failingPrivateMessageCheck(FakeConnector.refused(io.careloop.platform.PlatformException.Kind.TRANSIENT, null, true));
            reply = serviceOn(bluesky);
            Case c = given(aCase().toBuilder().platform(Platform.BLUESKY).customer(DANA_ON_BLUESKY).build());
            Action privately = agentReply(c, "Your order 123456 ships today.", true);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> reply.handle(privately))
                    .isInstanceOf(ReplyService.RetryLater.class);

            assertThat(bluesky.posts()).isEmpty();
            assertThat(ledger(privately)).as("the key is free for the retry").satisfies(o ->
                    assertThat(o == null || !"POSTED".equals(o.state())).isTrue());
        }

        @Test
        void aPrivateStepWhereThereAreNoPrivateMessagesBecomesAPublicInviteToEmail() {
            FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null).withoutPrivateMessages();
            reply = serviceOn(bluesky);
            Case c = given(aCase().toBuilder().platform(Platform.BLUESKY).customer(DANA_ON_BLUESKY).build());
            Action privately = agentReply(c, "Your order 123456 ships today.", true);
            String invite = "@dana.bsky.social I'd like to help with this privately, but I can't send you a message "
                    + "here: could you email me at help@acme.example? ^SL";

            Result result = reply.handle(privately);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(bluesky.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo(invite).doesNotContain("123456");
                assertThat(p.isPrivate()).isFalse();
                assertThat(p.inReplyTo()).isEqualTo("m-1");
            });
            assertThat(ledger(privately).postId()).isEqualTo("bluesky-post-1");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.text()).isEqualTo(invite);
                assertThat(e.isPrivate()).isFalse();
            });
        }

        @Test
        void onFacebookAPrivateStepIsAPrivateReplyToTheCustomersComment() {
            FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null);
            reply = serviceOn(facebook);
            Case c = given(aCase().toBuilder().platform(Platform.FACEBOOK).threadId("post-9").replyTo("c-1").build());

            Result result = reply.handle(agentReply(c, "Could you tell me your order number?", true));

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(facebook.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo("Could you tell me your order number?");
                assertThat(p.isPrivate()).isTrue();
                assertThat(p.inReplyTo()).isEqualTo("c-1");
            });
        }

        @Test
        void afterMetasSevenDayWindowAPrivateStepBecomesAPublicInviteOnTheComment() {
            FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null);
            reply = serviceOn(facebook);
            Case c = given(aCase().toBuilder().platform(Platform.FACEBOOK).threadId("post-9").replyTo("c-1")
                    .createdAt(T0.minus(PrivateRoutes.PRIVATE_REPLY_WINDOW).minusSeconds(60)).build());

            Result result = reply.handle(agentReply(c, "Could you tell me your order number?", true));

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(facebook.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo("Dana, I'd like to help with this privately: could you send us a message, "
                        + "or email me at help@acme.example? ^SL");
                assertThat(p.isPrivate()).isFalse();
                assertThat(p.inReplyTo()).isEqualTo("c-1");
            });
        }

        @Test
        void aMessengerConversationIsAnsweredInMessengerNotOnTheCustomersComment() {
            FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null);
            reply = serviceOn(facebook);
            Case c = given(aCase().toBuilder().platform(Platform.FACEBOOK).threadId("dm-42").replyTo("c-1").build());

            reply.handle(agentReply(c, "Thanks, I've got it.", true));

            assertThat(facebook.posts()).singleElement().satisfies(p -> {
                assertThat(p.isPrivate()).isTrue();
                assertThat(p.inReplyTo()).isNull();
                assertThat(p.recipientId()).isEqualTo("42");
            });
        }

        @Test
        void theFirstReplyAcknowledgesANewCaseAndSchedulesTheFollowUp() {
            Case c = given(aCase());
            store.givenDue(new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));
            clock.advance(Duration.ofSeconds(5));

            reply.handle(acknowledge(c));

            Case after = stored(c);
            assertThat(after.status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(after.firstResponseAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(store.allDue()).containsExactly(
                    new DueItem(c.id(), DueKind.FOLLOW_UP, T0.plusSeconds(5).plus(Brands.acme().followUpAfter())));
        }

        @Test
        void aLaterReplyKeepsTheFirstResponseTimeAndKeepsThePromise() {
            Instant firstResponse = T0.minusSeconds(300);
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(firstResponse).build());
            store.givenDue(new DueItem(c.id(), DueKind.PROMISE, T0.plus(Duration.ofHours(1))));

            reply.handle(agentReply(c, "The replacement ships today.", false));

            assertThat(stored(c).firstResponseAt()).isEqualTo(firstResponse);
            assertThat(stored(c).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(store.allDue()).as("news reached the customer: the promise is kept").isEmpty();
        }

        @Test
        void aHoldingReplyIsAFirstResponseButLeavesFollowUpsToTheIncident() {
            reply = service(store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), null); // community posts: no review here
            Case c = given(aCase().toBuilder().incidentId("i_1").build());
            Action holding = Action.holding(c.id(), mentionOf(c), "i_1");

            reply.handle(holding);

            assertThat(stored(c).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(stored(c).firstResponseAt()).isEqualTo(T0);
            assertThat(store.allDue()).isEmpty();
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(
                    "@dana_k I'm so sorry: I know about this problem and the team is working on it right now. "
                            + "I'll update you here as soon as it's fixed. ^SL"));
        }

        @Test
        void anAcknowledgementOfACaseThatJoinedAnIncidentMeanwhileSaysTheIncidentsHoldingWords() {
            reply = service(store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), null); // community posts: no review here
            Case c = given(aCase().toBuilder().incidentId("i_1").build());

            reply.handle(acknowledge(c));

            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text())
                    .startsWith("@dana_k I'm so sorry: I know about this problem and the team is working on it"));
            assertThat(store.allDue()).as("the incident's resolution answers it; no check-in").isEmpty();
        }

        @Test
        void aCustomerAlreadyAnsweredHearsTheIncidentAsAnUpdateWithoutASecondApology() {
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(T0.minusSeconds(60))
                    .incidentId("i_1").build());

            Result result = reply.handle(Action.incidentUpdate(c, "i_1"));

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).contains("others are seeing the same problem").doesNotContainIgnoringCase("sorry");
                assertThat(p.inReplyTo()).isEqualTo(c.replyTo());
            });
            assertThat(stored(c).firstResponseAt()).isEqualTo(T0.minusSeconds(60));
        }

        @Test
        void aHandOffTellsTheCustomerWhichTeamHasItAndWhenTheyHearNext() {
            Case c = given(aCase().toBuilder().status(CaseStatus.HANDED_OFF).team("Billing")
                    .firstResponseAt(T0.minusSeconds(600)).build());

            reply.handle(Action.handoffNotice(c, T0, Instant.parse("2026-11-23T13:00:00Z"), AGENT, "Billing"));

            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text())
                    .isEqualTo("@dana_k I've passed this to our Billing team, who have it now. I'll update you here by "
                            + "13:00 UTC on Mon 23 Nov. ^SL"));
        }

        @Test
        void aHandOffNoticePostedBeforeTheCaseRecordsTheHandOffNamesTheTeamItWasHandedTo() {
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).team("Care")
                    .firstResponseAt(T0.minusSeconds(600)).build());

            reply.handle(Action.handoffNotice(c, T0, Instant.parse("2026-11-23T13:00:00Z"), AGENT, "Billing"));

            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text())
                    .contains("our Billing team").doesNotContain("Care team"));
        }

        @Test
        void successiveUpdatesSaySomethingNewAndCarryTheTeamsProgressOnce() {
            Case c = given(aCase().toBuilder().status(CaseStatus.HANDED_OFF).team("Billing")
                    .firstResponseAt(T0.minusSeconds(600)).build());
            Instant first = Instant.parse("2026-11-23T13:00:00Z");
            Instant second = first.plus(Duration.ofHours(4));

            reply.handle(Action.progressUpdate(c, first, second));
            Case afterFirst = stored(c);
            store.apply(CaseChange.of(afterFirst, afterFirst.toBuilder().progressNote("The refund was approved today.").build(),
                    new TimelineEntry(T0, TimelineKind.PROGRESS, AGENT, "The refund was approved today.", true, null, null)));
            reply.handle(Action.progressUpdate(stored(c), second, second.plus(Duration.ofHours(4))));
            reply.handle(Action.progressUpdate(stored(c), second.plus(Duration.ofHours(4)), second.plus(Duration.ofHours(8))));

            List<String> texts = x.posts().stream().map(p -> p.text()).toList();
            assertThat(texts).hasSize(3).doesNotHaveDuplicates();
            assertThat(texts.get(0)).contains("by 17:00 UTC on Mon 23 Nov");
            assertThat(texts.get(1)).startsWith("@dana_k An update from the team: The refund was approved today.");
            assertThat(texts.get(2)).doesNotContain("refund");
            assertThat(stored(c).progressNote()).as("said once").isNull();
            assertThat(stored(c).updatesSent()).isEqualTo(3);
        }

        @Test
        void theSameWordsAreNeverPostedTwiceInARowToACustomer() {
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(T0.minusSeconds(600))
                    .build());
            String words = "@dana_k Your replacement is on its way.";

            reply.handle(Action.byAgent(c, ActionType.AGENT_REPLY, "k1", words, false, AGENT));
            Result again = reply.handle(Action.byAgent(stored(c), ActionType.AGENT_REPLY, "k2", words, false, AGENT));

            assertThat(again).isEqualTo(Result.SKIPPED);
            assertThat(x.posts()).extracting(p -> p.text()).containsExactly(words);
            assertThat(lastEntry(c).note()).isEqualTo("not posted: the same words were the last ones posted to this customer");
            Result different = reply.handle(Action.byAgent(stored(c), ActionType.AGENT_REPLY, "k3",
                    "@dana_k It left the warehouse today.", false, AGENT));
            assertThat(different).isEqualTo(Result.POSTED);
        }

        @Test
        void aFollowUpIsNotAFirstResponse() {
            Case c = given(aCase());

            reply.handle(Action.due(c, ActionType.FOLLOW_UP, T0));

            assertThat(stored(c).firstResponseAt()).isNull();
            assertThat(stored(c).status()).isEqualTo(CaseStatus.NEW);
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(FOLLOW_UP_X));
        }

        @Test
        void closingTheLoopClosesAResolvedCaseAndReleasesTheCustomer() {
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(T0.minusSeconds(900))
                    .build());
            store.apply(CaseChange.of(c, c.resolvedAt(T0.minusSeconds(60)),
                    new TimelineEntry(T0.minusSeconds(60), TimelineKind.STATUS, AGENT, null, true, null, "resolved")));
            store.givenDue(new DueItem(c.id(), DueKind.FOLLOW_UP, T0.plus(Duration.ofHours(1))));
            assertThat(store.openCaseOf("x#42")).isPresent();

            reply.handle(Action.due(stored(c), ActionType.CLOSE_LOOP, T0));

            assertThat(stored(c).status()).isEqualTo(CaseStatus.CLOSED);
            assertThat(store.allDue()).isEmpty();
            assertThat(store.openCaseOf("x#42")).isEmpty();
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(
                    "@dana_k Thank you for your patience while I sorted this out. If you have a moment, "
                            + "I'd love to hear how it went. ^SL"));
        }

        @Test
        void aCaseThatIsGoneDropsTheActionAndReleasesTheLease() {
            Action ack = acknowledge(aCase()); // the case was never stored

            Result result = reply.handle(ack);

            assertThat(result).isEqualTo(Result.CASE_GONE);
            assertThat(x.calls()).isZero();
            assertThat(ledger(ack).state()).isEqualTo("ABANDONED");
        }

        @Test
        void aCaseIsAnsweredFromTheBrandAccountTheCustomerAddressed() {
            FakeConnector main = new FakeConnector(Platform.X, "1000000001");
            FakeConnector help = new FakeConnector(Platform.X, "1000000002");
            reply = serviceOn(main, help);
            Case c = given(aCase().toBuilder().brandAccount("1000000002").build());

            reply.handle(acknowledge(c));

            assertThat(main.posts()).isEmpty();
            assertThat(help.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(ACK_X));
        }

        @Test
        void anAccountWithoutCredentialsNeverAnswersFromAnotherAccount() {
            FakeConnector main = new FakeConnector(Platform.X, "1000000001");
            reply = serviceOn(main);
            Case c = given(aCase().toBuilder().brandAccount("1000000009").build());
            Action ack = acknowledge(c);

            assertThatThrownBy(() -> reply.handle(ack)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no connector configured for x account 1000000009");

            assertThat(main.calls()).isZero();
            assertThat(ledger(ack).state()).isEqualTo("ABANDONED");
        }
    }

    // ---- moderation ------------------------------------------------------------------------------------------

    @Nested
    class Moderation {
        private final Mention spam = new Mention(Platform.X, "m-9", new Author("66", "spam_bot", "Spam Bot", 0, false),
                "cheap followers at spam.example", T0, "t-1", "m-1", true, false, "webhook:x");

        @Test
        void spamIsHiddenWhereThePlatformLetsTheBrandHide() {
            Case c = given(aCase());
            Action hide = Action.moderate(c.id(), spam, "spam");

            Result result = reply.handle(hide);

            assertThat(result).isEqualTo(Result.MODERATED);
            assertThat(x.hidden()).containsExactly("m-9");
            assertThat(x.posts()).isEmpty();
            assertThat(ledger(hide).state()).isEqualTo("POSTED");
            assertThat(ledger(hide).postId()).isEqualTo("m-9");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.kind()).isEqualTo(TimelineKind.MODERATION);
                assertThat(e.ref()).isEqualTo("m-9");
                assertThat(e.note()).isEqualTo("category spam: hidden");
            });
        }

        @Test
        void aDeleteWhereThePlatformCannotDeleteHidesInsteadAndSaysSo() {
            Case c = given(aCase());
            Action delete = Action.moderateCase(c, "delete", "abuse", AGENT);

            Result result = reply.handle(delete);

            assertThat(result).isEqualTo(Result.MODERATED);
            assertThat(x.deleted()).isEmpty();
            assertThat(x.hidden()).containsExactly("m-1");
            assertThat(lastEntry(c)).satisfies(e -> {
                assertThat(e.actor()).isEqualTo(AGENT);
                assertThat(e.note()).isEqualTo("category abuse: hidden (x does not let a brand delete replies)");
            });
        }

        @Test
        void anUnhideShowsTheReplyAgainAndIsItsOwnActionAfterTheHide() {
            FakeConnector bluesky = new FakeConnector(Platform.BLUESKY, null);
            reply = serviceOn(bluesky);
            Case c = given(aCase().toBuilder().platform(Platform.BLUESKY).customer(DANA_ON_BLUESKY)
                    .replyTo("at://did:plc:dana/app.bsky.feed.post/3kr1").build());
            Action hide = Action.moderateCase(c, "hide", "spam", AGENT);
            assertThat(reply.handle(hide)).isEqualTo(Result.MODERATED);

            Action unhide = Action.unhideCase(stored(c), "spam", AGENT);
            assertThat(unhide.key()).isNotEqualTo(hide.key());
            assertThat(reply.handle(unhide)).isEqualTo(Result.MODERATED);

            assertThat(bluesky.hidden()).containsExactly("at://did:plc:dana/app.bsky.feed.post/3kr1");
            assertThat(bluesky.unhidden()).containsExactly("at://did:plc:dana/app.bsky.feed.post/3kr1");
            assertThat(lastEntry(c).note()).isEqualTo("category spam: unhidden");
        }

        @Test
        void aDeleteWhereThePlatformCanDeleteDeletes() {
            FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null).deleting();
            reply = serviceOn(facebook);
            Case c = given(aCase().toBuilder().platform(Platform.FACEBOOK).threadId("post-9").replyTo("c-1").build());
            Action delete = Action.moderateCase(c, "delete", "abuse", AGENT);

            reply.handle(delete);

            assertThat(facebook.deleted()).containsExactly("c-1");
            assertThat(facebook.hidden()).isEmpty();
            assertThat(ledger(delete).postId()).isEqualTo("c-1");
            assertThat(lastEntry(c).note()).isEqualTo("category abuse: deleted");
        }

        @Test
        void whereThePlatformCannotHideTheModerationIsOnlyRecorded() {
            FakeConnector mastodon = new FakeConnector(Platform.MASTODON, null).withoutHiding();
            reply = serviceOn(mastodon);
            Case c = given(aCase().toBuilder().platform(Platform.MASTODON).build());
            Action hide = Action.moderateCase(c, "hide", "spam", AGENT);

            Result result = reply.handle(hide);

            assertThat(result).isEqualTo(Result.MODERATED);
            assertThat(mastodon.calls()).isZero();
            assertThat(ledger(hide).state()).isEqualTo("POSTED");
            assertThat(ledger(hide).postId()).isEqualTo("not-moderated");
            assertThat(lastEntry(c).note())
                    .isEqualTo("category spam: not hidden: mastodon does not let a brand hide replies; recorded only");
        }

        @Test
        void aHideThePlatformThrottlesIsRetriedAtItsReset() {
            Case c = given(aCase());
            Action hide = Action.moderate(c.id(), spam, "spam");
            Instant reset = T0.plus(Duration.ofMinutes(2));
            x.failNext(refusal(Kind.RATE_LIMITED, reset, true));

            assertThatThrownBy(() -> reply.handle(hide)).isInstanceOfSatisfying(RetryLater.class,
                    e -> assertThat(e.retryAt()).isEqualTo(reset));

            assertThat(x.hidden()).isEmpty();
            assertThat(ledger(hide).state()).isEqualTo("ABANDONED");
            assertThat(entriesOfKind(c, TimelineKind.MODERATION)).isEmpty();
        }

        @Test
        void aDeleteThePlatformFailsWithAnUnknownOutcomeKeepsTheLease() {
            FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null).deleting();
            reply = serviceOn(facebook);
            Case c = given(aCase().toBuilder().platform(Platform.FACEBOOK).threadId("post-9").replyTo("c-1").build());
            Action delete = Action.moderateCase(c, "delete", "abuse", AGENT);
            facebook.failNext(refusal(Kind.TRANSIENT, null, false));

            assertThatThrownBy(() -> reply.handle(delete)).isInstanceOf(RetryLater.class);

            assertThat(ledger(delete).state()).isEqualTo("IN_PROGRESS");
            assertThat(entriesOfKind(c, TimelineKind.MODERATION)).isEmpty();
        }

        @Test
        void aDeleteThePlatformRefusesForGoodIsRecordedNotModeratedAndNeverRetried() {
            FakeConnector facebook = new FakeConnector(Platform.FACEBOOK, null).deleting();
            reply = serviceOn(facebook);
            Case c = given(aCase().toBuilder().platform(Platform.FACEBOOK).threadId("post-9").replyTo("c-1").build());
            Action delete = Action.moderateCase(c, "delete", "abuse", AGENT);
            facebook.failNext(refusal(Kind.REJECTED, null, true));

            Result result = reply.handle(delete);

            assertThat(result).isEqualTo(Result.REFUSED);
            assertThat(ledger(delete).state()).isEqualTo("POSTED");
            assertThat(ledger(delete).postId()).isEqualTo("not-moderated");
            assertThat(entriesOfKind(c, TimelineKind.MODERATION)).singleElement()
                    .satisfies(e -> assertThat(e.note()).contains("not moderated").contains("refused"));
        }
    }

    // ---- posts without a case, and the words of every template -------------------------------------------------

    @Nested
    class PostsWithoutACaseAndTemplates {
        @Test
        void anIncidentPostNamesTheIncidentsTopicAndWhereToTurnMeanwhile() {
            reply = service(store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), null); // community posts: no review here
            String incidentId = store.openIncident("x#widget", Platform.X, "widget", T0).incidentId();
            Action post = Action.incidentPost(incidentId, Platform.X);

            Result result = reply.handle(post);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo("Some of you are having trouble with the widget right now. I'm sorry: "
                        + "the team is on it, and I'll post an update here as soon as it's fixed. If you need us meanwhile, "
                        + "email help@acme.example.");
                assertThat(p.inReplyTo()).isNull();
                assertThat(p.isPrivate()).isFalse();
            });
            assertThat(ledger(post).state()).isEqualTo("POSTED");
            assertThat(ledger(post).postId()).isEqualTo("x-post-1");
        }

        @Test
        void anIncidentPostForAnUnknownIncidentSpeaksOfOurService() {
            reply = service(store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), null); // community posts: no review here
            reply.handle(Action.incidentPost("i_404", Platform.X));

            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text())
                    .startsWith("Some of you are having trouble with our service right now."));
        }

        @Test
        void anIncidentsOutcomeIsPostedInTheWordsTheTeamApproved() {
            reply = service(store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), null); // community posts: no review here
            String words = "Update: the problem with widget outage is fixed. Restart the app. Thank you for your patience.";
            Action resolved = Action.incidentResolved("i_1", Platform.X, words, AGENT);

            reply.handle(resolved);

            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo(words));
            assertThat(ledger(resolved).postId()).isEqualTo("x-post-1");
        }

        @Test
        void aThankYouAnswersThePraisingPost() {
            Action thanks = Action.thankYou(new Mention(Platform.X, "p-5", new Author("77", "fan_1", "Fan One", 5, false),
                    "love my acme widget", T0, "p-5", null, true, false, "webhook:x"));

            Result result = reply.handle(thanks);

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo("@fan_1 Thank you, that's lovely to hear!");
                assertThat(p.inReplyTo()).isEqualTo("p-5");
                assertThat(p.recipientId()).isEqualTo("77");
            });
            assertThat(ledger(thanks).state()).isEqualTo("POSTED");
        }

        @Test
        void aRemovedCommentNoteNamesTheCategoryOnTheThread() {
            // community posts: no review here; X's Enterprise tier, whose apps may reply to any thread
            reply = new ReplyService(store, store, store, store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), clock,
                    null, metrics, io.careloop.config.XTier.ENTERPRISE);
            Case c = given(aCase());
            Action note = Action.removedNote(c, "spam", AGENT);

            reply.handle(note);

            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).isEqualTo(
                        "I've removed a comment here because it broke our community guidelines (spam).");
                assertThat(p.inReplyTo()).isEqualTo("t-1");
            });
        }

        @ParameterizedTest
        @EnumSource(value = ActionType.class, names = {"FOLLOW_UP", "CLOSE_LOOP", "HOLDING", "PROGRESS_UPDATE",
                "CONTINUING_IN_DM"})
        void everyScheduledMessageIsSentWithAllItsWordsFilledIn(ActionType type) {
            reply = service(store, new Connectors(List.of(x)), Brands.acmeWithoutReview(), null); // community posts: no review here
            Case c = given(aCase().toBuilder().status(CaseStatus.ACKNOWLEDGED).firstResponseAt(T0.minusSeconds(60))
                    .build());

            Result result = reply.handle(Action.due(c, type, T0));

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> {
                assertThat(p.text()).startsWith("@dana_k ").endsWith(" ^SL");
                assertThat(p.text()).doesNotContain("{").doesNotContain("}");
            });
        }

        @Test
        void aBrokenPromisesUpdateIsSentWithTheDueTimeFilledIn() {
            Case c = given(aCase().toBuilder().status(CaseStatus.ESCALATED).firstResponseAt(T0.minusSeconds(3600))
                    .build());

            Result result = reply.handle(Action.due(c, ActionType.PROMISE_UPDATE, T0.minusSeconds(60)));

            assertThat(result).isEqualTo(Result.POSTED);
            assertThat(x.posts()).singleElement().satisfies(p -> assertThat(p.text()).doesNotContain("{due}"));
        }
    }

    /** The in-memory ledger, with hooks to play another instance acting at the worst moment. */
    private static final class HookedLedger implements OutboundLedger {
        private final InMemoryStore store;
        java.util.function.Consumer<String> afterBegin = key -> { };
        java.util.function.Consumer<String> beforeComplete = key -> { };

        HookedLedger(InMemoryStore store) {
            this.store = store;
        }

        @Override
        public OutboundState beginOutbound(String actionKey, Instant now, Duration lease) {
            OutboundState state = store.beginOutbound(actionKey, now, lease);
            afterBegin.accept(actionKey);
            return state;
        }

        @Override
        public boolean retakeOutbound(String actionKey, Instant now, Duration lease) {
            return store.retakeOutbound(actionKey, now, lease);
        }

        @Override
        public void abandonOutbound(String actionKey) {
            store.abandonOutbound(actionKey);
        }

        @Override
        public void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change) {
            beforeComplete.accept(actionKey);
            store.completeOutbound(actionKey, platformPostId, at, change);
        }

        @Override
        public void markOutboundUncertain(String actionKey, Instant at) {
            store.markOutboundUncertain(actionKey, at);
        }
    }
}
