package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Case;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.ClaimResult;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A case that opens as part of its topic's open incident, on DynamoDB Local: its one opening transaction names the
 * incident on the case, notes it on the timeline and lists the case on the incident; an opening that is refused
 * links nothing.
 */
class IncidentOpeningTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private DynamoStore store() {
        return new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"), stack.clock);
    }

    private static Mention mention(String id, String author) {
        return new Mention(Platform.X, id, new Author(author, "cust" + author, "Customer " + author, 10, false),
                "@AcmeHelp the site is down", Instant.now(), null, null, true, false, "test", null, null);
    }

    private CaseOpening opening(Mention mention) {
        Instant now = stack.clock.instant();
        Case c = new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.NEW, Priority.P2, Platform.X,
                mention.author(), mention.threadId(), mention.id(), "the site is down", null, "Care", "outage", now,
                now.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0);
        return CaseOpening.of(c, mention, new TimelineEntry(now, TimelineKind.MENTION, "@" + mention.author().handle(),
                mention.text(), false, mention.id(), "test"), new DueItem(c.id(), DueKind.FIRST_RESPONSE_SLA, c.firstResponseDue()));
    }

    private static TimelineEntry note(String incidentId, Instant at) {
        return new TimelineEntry(at, TimelineKind.INCIDENT, "careloop", null, false, incidentId,
                "part of incident " + incidentId + " (outage)");
    }

    @Test
    void aCaseOpenedInAnIncidentIsLinkedByItsOpening() {
        DynamoStore store = store();
        String incidentId = store.incidents().openIncident("x#outage-" + System.nanoTime(), Platform.X, "outage",
                stack.clock.instant()).incidentId();
        CaseOpening opening = opening(mention("891001", "a891001")).partOf(incidentId, note(incidentId, stack.clock.instant()));

        ClaimResult result = store.mentionClaims().openCase(opening);

        assertThat(result.outcome()).isEqualTo(ClaimResult.Outcome.RECORDED);
        String caseId = opening.newCase().id();
        assertThat(store.cases().getCase(caseId).orElseThrow().incidentId()).isEqualTo(incidentId);
        assertThat(store.cases().getCaseWithTimeline(caseId).orElseThrow().timeline())
                .extracting(TimelineEntry::kind).containsExactlyInAnyOrder(TimelineKind.MENTION, TimelineKind.INCIDENT);
        assertThat(store.incidents().getIncident(incidentId).orElseThrow().caseIds()).containsExactly(caseId);
    }

    @Test
    void anOpeningRefusedBecauseTheCustomerHasACaseLinksNothing() {
        DynamoStore store = store();
        String incidentId = store.incidents().openIncident("x#outage-" + System.nanoTime(), Platform.X, "outage",
                stack.clock.instant()).incidentId();
        CaseOpening first = opening(mention("892001", "a892001"));
        assertThat(store.mentionClaims().openCase(first).outcome()).isEqualTo(ClaimResult.Outcome.RECORDED);

        CaseOpening second = opening(mention("892002", "a892001")).partOf(incidentId, note(incidentId, stack.clock.instant()));
        ClaimResult refused = store.mentionClaims().openCase(second);

        assertThat(refused.outcome()).isEqualTo(ClaimResult.Outcome.CUSTOMER_HAS_CASE);
        assertThat(store.cases().getCase(second.newCase().id())).isEmpty();
        assertThat(store.incidents().getIncident(incidentId).orElseThrow().caseIds()).isEmpty();
    }

    @Test
    void aRedeliveredOpeningInAnIncidentIsADuplicateAndWritesNothingTwice() {
        DynamoStore store = store();
        String incidentId = store.incidents().openIncident("x#outage-" + System.nanoTime(), Platform.X, "outage",
                stack.clock.instant()).incidentId();
        CaseOpening opening = opening(mention("893001", "a893001")).partOf(incidentId, note(incidentId, stack.clock.instant()));
        assertThat(store.mentionClaims().openCase(opening).outcome()).isEqualTo(ClaimResult.Outcome.RECORDED);

        stack.clock.advance(Duration.ofSeconds(30));
        CaseOpening again = opening(mention("893001", "a893001")).partOf(incidentId, note(incidentId, stack.clock.instant()));
        ClaimResult redelivered = store.mentionClaims().openCase(again);

        assertThat(redelivered.outcome()).isEqualTo(ClaimResult.Outcome.DUPLICATE);
        assertThat(redelivered.caseId()).isEqualTo(opening.newCase().id());
        assertThat(store.cases().getCaseWithTimeline(opening.newCase().id()).orElseThrow().timeline())
                .extracting(TimelineEntry::kind).containsExactlyInAnyOrder(TimelineKind.MENTION, TimelineKind.INCIDENT);
        assertThat(store.incidents().getIncident(incidentId).orElseThrow().caseIds()).containsExactly(opening.newCase().id());
    }
}
