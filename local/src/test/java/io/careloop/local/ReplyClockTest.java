package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.store.dynamo.DynamoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reply clock on DynamoDB Local: a case's first-response deadline and its follow-up share one due item, so the
 * acknowledgement moves it instead of deleting one item and writing another. Whatever the layout, the follow-up
 * schedule must see exactly the deadlines it saw before.
 */
class ReplyClockTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private DynamoStore store() {
        return new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"), stack.clock);
    }

    private Case open(DynamoStore store, String mentionId) {
        Instant now = stack.clock.instant();
        Mention mention = new Mention(Platform.X, mentionId, new Author("a" + mentionId, "cust" + mentionId,
                "Customer " + mentionId, 10, false), "@AcmeHelp my widget is broken", now, mentionId, null, true, false,
                "test", null, null);
        Case c = new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.NEW, Priority.P3, Platform.X,
                mention.author(), mentionId, mentionId, "my widget is broken", null, "Care", "widget", now,
                now.plus(Duration.ofHours(4)), null, null, false, null, false, 0, 0);
        store.mentionClaims().openCase(CaseOpening.of(c, mention, new TimelineEntry(now, TimelineKind.MENTION,
                "@cust" + mentionId, mention.text(), false, mentionId, "test"), new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA,
                c.firstResponseDue())));
        return store.cases().getCase(c.id()).orElseThrow();
    }

    private List<DueItem> dueFor(DynamoStore store, String caseId, Instant at) {
        return store.dueItems().findDue(at, 1000).stream().filter(d -> d.caseId().equals(caseId)).toList();
    }

    private static TimelineEntry note(Instant at, String text) {
        return new TimelineEntry(at, TimelineKind.NOTE, "test", null, false, null, text);
    }

    @Test
    void theAcknowledgementTurnsTheFirstResponseDeadlineIntoTheFollowUp() {
        DynamoStore store = store();
        Case c = open(store, "880001");
        Instant late = stack.clock.instant().plus(Duration.ofDays(30));
        assertThat(dueFor(store, c.id(), late)).extracting(DueItem::kind).containsExactly(DueKind.FIRST_RESPONSE_SLA);

        Instant at = stack.clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant followUp = at.plus(Duration.ofDays(2));
        store.cases().apply(CaseChange.of(c, c.withFirstResponseAt(at).withStatus(CaseStatus.ACKNOWLEDGED), note(at, "ack"))
                .clearingDue(DueKind.FIRST_RESPONSE_SLA).settingDue(new DueItem(c.id(), DueKind.FOLLOW_UP, followUp)));

        assertThat(dueFor(store, c.id(), late)).containsExactly(new DueItem(c.id(), DueKind.FOLLOW_UP, followUp, null));
        assertThat(dueFor(store, c.id(), c.firstResponseDue())).as("nothing is due at the old deadline").isEmpty();
    }

    @Test
    void clearingTheFollowUpOfACaseStillWaitingForItsFirstResponseKeepsThatDeadline() {
        DynamoStore store = store();
        Case c = open(store, "880002");
        Instant at = stack.clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.cases().apply(CaseChange.of(c, c, note(at, "the customer wrote again")).clearingDue(DueKind.FOLLOW_UP));

        assertThat(dueFor(store, c.id(), c.firstResponseDue()))
                .containsExactly(new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue(), null));
    }

    @Test
    void clearingBothKindsAtOnceClearsTheClockWithoutRefusingTheChange() {
        DynamoStore store = store();
        Case c = open(store, "880003");
        Instant at = stack.clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.cases().apply(CaseChange.of(c, c.withStatus(CaseStatus.CLOSED), note(at, "closed"))
                .clearingDue(DueKind.FIRST_RESPONSE_SLA, DueKind.FOLLOW_UP, DueKind.PROMISE));

        assertThat(dueFor(store, c.id(), at.plus(Duration.ofDays(30)))).isEmpty();
        assertThat(store.cases().getCase(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
    }

    @Test
    void aFiredFirstResponseDeadlineIsNotClearedOnceTheClockHoldsTheFollowUp() {
        DynamoStore store = store();
        Case c = open(store, "880004");
        DueItem deadline = dueFor(store, c.id(), c.firstResponseDue()).get(0);
        Instant at = stack.clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant followUp = c.firstResponseDue(); // same instant: only the kind tells them apart
        store.cases().apply(CaseChange.of(c, c.withFirstResponseAt(at), note(at, "ack"))
                .clearingDue(DueKind.FIRST_RESPONSE_SLA).settingDue(new DueItem(c.id(), DueKind.FOLLOW_UP, followUp)));

        assertThat(store.dueItems().clearDue(deadline)).isFalse();
        assertThat(dueFor(store, c.id(), followUp)).extracting(DueItem::kind).containsExactly(DueKind.FOLLOW_UP);
    }

    @Test
    void aBoundedReadOfTheDueIndexReturnsOnlyWhatIsDueAfterItsStartAndByItsEnd() {
        DynamoStore store = store();
        Case c = open(store, "880006");
        Instant at = stack.clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        // Far beyond the other cases' items, so the bounded read sees only this case's.
        Instant promise = at.plus(Duration.ofDays(400));
        Instant handoff = promise.plusMillis(1);
        Instant closeLoop = promise.plus(Duration.ofMinutes(5));
        store.cases().apply(CaseChange.of(c, c, note(at, "promised and handed off")).settingDue(
                new DueItem(c.id(), DueKind.PROMISE, promise), new DueItem(c.id(), DueKind.HANDOFF_UPDATE, handoff),
                new DueItem(c.id(), DueKind.CLOSE_LOOP, closeLoop)));

        assertThat(store.dueItems().findDueBetween(promise, closeLoop, 1000)).as("after the start, up to the end")
                .extracting(DueItem::kind).containsExactly(DueKind.HANDOFF_UPDATE, DueKind.CLOSE_LOOP);
        assertThat(store.dueItems().findDueBetween(promise.minusNanos(1), closeLoop.minusMillis(1), 1000))
                .as("a start within the millisecond before the promise still takes it")
                .extracting(DueItem::kind).containsExactly(DueKind.PROMISE, DueKind.HANDOFF_UPDATE);
        assertThat(store.dueItems().findDueBetween(promise.minusSeconds(1), closeLoop, 2))
                .extracting(DueItem::kind).containsExactly(DueKind.PROMISE, DueKind.HANDOFF_UPDATE);
        assertThat(store.dueItems().findDueBetween(at, promise.minusMillis(1), 1000).stream()
                .filter(d -> d.caseId().equals(c.id())))
                .as("the first-response deadline is read; what is due later is not")
                .containsExactly(new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue(), null));
    }

    @Test
    void aFirstResponseDeadlineStoredUnderItsOwnKeyBeforeTheUpgradeIsStillFoundAndCleared() {
        DynamoStore store = store();
        Case c = open(store, "880005");
        String table = stack.runtime.tableNames().get("Table");
        Instant due = c.firstResponseDue();
        // The layout before the reply clock: the deadline under DUE#FIRST_RESPONSE_SLA, the clock empty.
        stack.runtime.dynamo().deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("CASE#" + c.id()),
                "sk", AttributeValue.fromS("DUE#FOLLOW_UP"))));
        stack.runtime.dynamo().putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("CASE#" + c.id()), "sk", AttributeValue.fromS("DUE#FIRST_RESPONSE_SLA"),
                "type", AttributeValue.fromS("due"), "caseId", AttributeValue.fromS(c.id()),
                "kind", AttributeValue.fromS("FIRST_RESPONSE_SLA"), "duePk", AttributeValue.fromS("DUE"),
                "dueAt", AttributeValue.fromS(io.careloop.core.Times.sortable(due)))));

        DueItem found = dueFor(store, c.id(), due).get(0);
        assertThat(found).isEqualTo(new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, due, null));
        assertThat(store.dueItems().clearDue(found)).isTrue();
        assertThat(dueFor(store, c.id(), due)).isEmpty();
    }
}
