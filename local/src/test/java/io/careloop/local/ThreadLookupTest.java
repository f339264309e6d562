package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.CustomerContext;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A customer's case in a thread, on DynamoDB Local: found through the claim of the mention that opened it when that
 * mention started the thread (no thread pointer written), through the thread pointer otherwise; never another
 * customer's, and still after the case closed.
 */
class ThreadLookupTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private DynamoStore store() {
        return new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"), stack.clock);
    }

    private static Mention mention(String id, String author, String threadId) {
        return new Mention(Platform.X, id, new Author(author, "cust" + author, "Customer " + author, 10, false),
                "@AcmeHelp my widget is broken", Instant.now(), threadId, threadId, true, false, "test", null, null);
    }

    private Case open(DynamoStore store, Mention mention) {
        Instant now = stack.clock.instant();
        Case c = new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.NEW, Priority.P3, Platform.X,
                mention.author(), mention.threadId(), mention.id(), "my widget is broken", null, "Care", null, now,
                now.plus(Duration.ofHours(4)), null, null, false, null, false, 0, 0);
        store.mentionClaims().openCase(CaseOpening.of(c, mention, new TimelineEntry(now, TimelineKind.MENTION,
                "@" + mention.author().handle(), mention.text(), false, mention.id(), "test"),
                new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue())));
        return store.cases().getCase(c.id()).orElseThrow();
    }

    private boolean threadPointerExists(Mention opening) {
        var item = stack.runtime.dynamo().getItem(r -> r.tableName(stack.runtime.tableNames().get("Table")).key(Map.of(
                "pk", AttributeValue.fromS("THREAD#" + opening.threadKey()),
                "sk", AttributeValue.fromS("CASE#" + opening.customerKey())))).item();
        return item != null && !item.isEmpty();
    }

    @Test
    void aCaseOpenedByTheMentionThatStartedTheThreadIsFoundThroughItsClaimEvenAfterItClosed() {
        DynamoStore store = store();
        Mention first = mention("890001", "a890001", null);
        Case c = open(store, first);
        assertThat(threadPointerExists(first)).as("no thread pointer: the claim answers").isFalse();

        Mention reply = mention("890002", "a890001", "890001");
        assertThat(store.mentionClaims().customerContext(reply, null).threadCaseId()).isEqualTo(c.id());

        store.cases().apply(CaseChange.of(c, c.withStatus(CaseStatus.CLOSED), new TimelineEntry(stack.clock.instant(),
                TimelineKind.NOTE, "test", null, false, null, "closed")).releasingCustomer());
        CustomerContext afterClose = store.mentionClaims().customerContext(reply, null);
        assertThat(afterClose.openCaseId()).isNull();
        assertThat(afterClose.threadCaseId()).isEqualTo(c.id());
    }

    @Test
    void anotherCustomerWritingInTheThreadIsNotLedToThatCase() {
        DynamoStore store = store();
        open(store, mention("890101", "a890101", null));

        Mention someoneElse = mention("890102", "b890102", "890101");
        assertThat(store.mentionClaims().customerContext(someoneElse, null).threadCaseId()).isNull();
    }

    @Test
    void aCaseOpenedInSomeoneElsesThreadIsFoundThroughTheThreadPointer() {
        DynamoStore store = store();
        Mention inThread = mention("890202", "a890202", "890200");
        Case c = open(store, inThread);
        assertThat(threadPointerExists(inThread)).isTrue();

        Mention later = mention("890203", "a890202", "890200");
        assertThat(store.mentionClaims().customerContext(later, null).threadCaseId()).isEqualTo(c.id());
    }
}
