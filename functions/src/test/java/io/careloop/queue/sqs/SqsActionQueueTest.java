package io.careloop.queue.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A case's messages share a FIFO group; a hand-off's delivery to the team's endpoint has its own. */
class SqsActionQueueTest {
    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private final Case c = new Case("c_1", CaseStatus.ACKNOWLEDGED, Priority.P2, Platform.X,
            new Author("42", "dana_k", "Dana Kim", 10, false), "t-1", "m-1", "my widget", "ana", "support", "widget",
            AT, AT.plusSeconds(3600), null, null, false, null, false, 0, 0);

    @Test
    void aHandOffDeliveryNeverWaitsBehindNorHoldsBackTheCustomersMessages() {
        Action notice = Action.handoffNotice(c, AT, AT.plusSeconds(14_400), "ana", "billing");
        Action delivery = Action.handoffDelivery(c, AT, "ana", "billing", "{}");

        assertThat(SqsActionQueue.groupOf(notice)).isEqualTo("c_1");
        assertThat(SqsActionQueue.groupOf(delivery)).isEqualTo("c_1#handoff");
    }
}
