package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.Draft;
import io.careloop.cases.OutboundState;
import io.careloop.core.Platform;
import io.careloop.store.OutboundLedger;
import io.careloop.store.dynamo.DynamoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Steps that write one item go to DynamoDB as that single write, not as a transaction of one (billed twice): their
 * conditions must hold and be reported exactly as before.
 */
class SingleItemWritesTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private DynamoStore store() {
        return new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"), stack.clock);
    }

    @Test
    void aDraftWithoutACaseIsSavedOnceAndASecondSaveIsRefused() {
        DynamoStore store = store();
        Instant now = stack.clock.instant();
        Draft draft = new Draft(Action.incidentPost("i_single", Platform.X), "INCIDENT_POST", null, "Care", null,
                "We know the site is down and are on it.", List.of("community post"), "ok", now.plus(Duration.ofHours(1)),
                now, Draft.Status.WAITING, null, null, null);

        assertThat(store.drafts().saveDraft(draft, null)).isTrue();
        assertThat(store.drafts().saveDraft(draft, null)).as("the same action's draft again").isFalse();
        assertThat(store.drafts().getDraft(null, draft.action().key())).hasValueSatisfying(saved -> {
            assertThat(saved.text()).isEqualTo(draft.text());
            assertThat(saved.status()).isEqualTo(Draft.Status.WAITING);
        });
    }

    @Test
    void aPostWithoutACaseChangeIsRecordedAndNeverTakenAgain() {
        OutboundLedger ledger = store().outboundLedger();
        Instant now = stack.clock.instant();
        String key = "i_single#INCIDENT_POST";
        assertThat(ledger.beginOutbound(key, now, Duration.ofMinutes(2))).isEqualTo(OutboundState.ACQUIRED);

        ledger.completeOutbound(key, "1900000000000000999", now, null);

        assertThat(ledger.beginOutbound(key, now.plusSeconds(600), Duration.ofMinutes(2))).isEqualTo(OutboundState.POSTED);
    }
}
