package io.careloop.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.Settings;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.platform.Connectors;
import io.careloop.platform.PlatformConnector;
import io.careloop.reply.ReplyService.Result;
import io.careloop.reply.ReplyService.RetryLater;
import io.careloop.testing.Brands;
import io.careloop.testing.FakeConnector;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ReplyService's decisions on Threads, against the in-memory store and a fake Threads profile: the private step is
 * an invitation to email (the Threads API has no private messages), spam is hidden (never deleted: Threads lets a
 * brand hide replies only), and the daily reply budget holds over every moving 24 hours.
 */
class ThreadsRepliesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:03:00Z");
    private static final Author LEE = new Author("lee_park", "lee_park", "lee_park", 0, false);
    private static final String AGENT = "Sam Lee";

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final FakeConnector threads = new FakeConnector(Platform.THREADS, "27000000000000001").withoutPrivateMessages();
    private final ReplyService reply = service(null);

    private ReplyService service(PostingLimits limits) {
        return new ReplyService(store, store, store, store, new Connectors(List.<PlatformConnector>of(threads)), Brands.acme(),
                clock, limits, new RecordingMetrics());
    }

    /** Lee's reply 18050000000000101 on the brand's thread 27000000000000777, owned by Sam Lee. */
    private Case leesCase(String id, String replyTo) {
        return caseOf(id, LEE, replyTo);
    }

    private Case caseOf(String id, Author customer, String replyTo) {
        return store.givenOpenCase(new Case(id, CaseStatus.NEW, Priority.P2, Platform.THREADS, customer, "27000000000000777", replyTo,
                "my widget broke", AGENT, "Care", "widget", T0.minus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(50)),
                null, null, false, null, false, 0, 0));
    }

    private static Mention mentionOf(Case c) {
        return new Mention(Platform.THREADS, c.replyTo(), c.customer(), c.firstWords(), c.createdAt(), c.threadId(),
                c.threadId(), true, false, "webhook:threads");
    }

    private TimelineEntry lastEntry(Case c) {
        List<TimelineEntry> timeline = store.timeline(c.id());
        return timeline.get(timeline.size() - 1);
    }

    @Test
    void theAcknowledgementOnThreadsInvitesTheCustomerToEmailNotToADm() {
        Case c = leesCase("c_1", "18050000000000101");

        Result result = reply.handle(Action.acknowledge(c.id(), mentionOf(c)));

        assertThat(result).isEqualTo(Result.POSTED);
        assertThat(threads.posts()).singleElement().satisfies(p -> {
            assertThat(p.inReplyTo()).isEqualTo("18050000000000101");
            assertThat(p.isPrivate()).isFalse();
            assertThat(p.text()).startsWith("@lee_park I'm so sorry").contains("email me the details at help@acme.example")
                    .doesNotContain("DM").doesNotContain("{");
        });
    }

    @Test
    void aPrivateReplyOnThreadsIsNeverPostedInPublicTheCustomerIsInvitedToEmail() {
        Case c = leesCase("c_1", "18050000000000101");
        Action privately = Action.byAgent(c, ActionType.AGENT_REPLY, "k-1", "Your order 123456 ships to 12 Elm Street today.",
                true, AGENT);

        Result result = reply.handle(privately);

        assertThat(result).isEqualTo(Result.POSTED);
        assertThat(threads.posts()).singleElement().satisfies(p -> {
            assertThat(p.isPrivate()).isFalse();
            assertThat(p.inReplyTo()).isEqualTo("18050000000000101");
            assertThat(p.text()).isEqualTo("@lee_park I'd like to help with this privately, and there are no private messages "
                    + "here: could you email me at help@acme.example? ^SL").doesNotContain("123456").doesNotContain("Elm");
        });
    }

    @Test
    void spamOnTheBrandsThreadIsHiddenAndADeleteRequestIsAHideBecauseThreadsOffersNoDelete() {
        Case spam = leesCase("c_1", "18050000000000101");
        Case abuse = leesCase("c_2", "18050000000000102");

        assertThat(reply.handle(Action.moderateCase(spam, "hide", "spam", AGENT))).isEqualTo(Result.MODERATED);
        assertThat(reply.handle(Action.moderateCase(abuse, "delete", "abuse", AGENT))).isEqualTo(Result.MODERATED);

        assertThat(threads.hidden()).containsExactly("18050000000000101", "18050000000000102");
        assertThat(lastEntry(spam).note()).isEqualTo("category spam: hidden");
        assertThat(lastEntry(abuse).note()).isEqualTo("category abuse: hidden (threads does not let a brand delete replies)");
    }

    @Test
    void aReplyWhoseEarlierAttemptWasPublishedIsFoundOnThreadsAndNotPublishedAgain() {
        threads.findingOwnPost(Optional.of("18050000000000999"));
        Case c = leesCase("c_1", "18050000000000101");
        Action ack = Action.acknowledge(c.id(), mentionOf(c));
        store.beginOutbound(ack.key(), T0.minus(Duration.ofMinutes(3)), ReplyService.LEASE); // that attempt vanished

        Result result = reply.handle(ack);

        assertThat(result).isEqualTo(Result.ALREADY_POSTED);
        assertThat(threads.posts()).isEmpty();
        assertThat(store.outbound(ack.key()).orElseThrow().postId()).isEqualTo("18050000000000999");
    }

    @Test
    void whenTheBudgetIsSpentTheReplyWaitsForTheWindowWithNothingSent() {
        ReplyService limited = service(new PostingLimits(store, Brands.acme(), new Settings(Map.of("CARELOOP_RATE_LIMIT_THREADS", "1/6h"))));
        Case first = leesCase("c_1", "18050000000000101");
        Case second = caseOf("c_2", new Author("ana_w", "ana_w", "ana_w", 0, false), "18050000000000102");

        assertThat(limited.handle(Action.acknowledge(first.id(), mentionOf(first)))).isEqualTo(Result.POSTED);
        assertThatThrownBy(() -> limited.handle(Action.acknowledge(second.id(), mentionOf(second))))
                .isInstanceOfSatisfying(RetryLater.class, e -> assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z")));

        assertThat(threads.posts()).hasSize(1);
    }

    @Test
    void theDefaultBudgetNeverLetsAMovingDayExceedThreadsThousandReplies() {
        PostingLimits limits = new PostingLimits(store, Brands.acme(), new Settings(Map.of()));
        List<Instant> taken = new ArrayList<>();
        // A reply wanted every 30 seconds for three days: far more than Threads allows.
        for (Instant t = T0; t.isBefore(T0.plus(Duration.ofDays(3))); t = t.plusSeconds(30)) {
            if (limits.take(Platform.THREADS, "27000000000000001", t).isEmpty()) {
                taken.add(t);
            }
        }

        int worstDay = 0;
        for (int i = 0, j = 0; i < taken.size(); i++) {
            while (taken.get(i).minus(Duration.ofDays(1)).compareTo(taken.get(j)) >= 0) {
                j++;
            }
            worstDay = Math.max(worstDay, i - j + 1);
        }
        assertThat(worstDay).as("replies in the busiest moving 24 hours").isLessThanOrEqualTo(1_000);
        assertThat(taken.size()).as("yet most of the allowance is usable").isGreaterThanOrEqualTo(3 * 800);
    }
}
