package io.careloop.handler;

import io.careloop.observe.Log;
import io.careloop.core.Retryable;
import io.careloop.queue.Deferral;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Processes an SQS batch record by record and reports partial batch failures (the template enables
 * {@code ReportBatchItemFailures}). On a FIFO queue, once a record fails every later record of the same
 * message group is failed too, unprocessed, so the group keeps its order when SQS redelivers.
 *
 * <p>After the first record, a record is started only while the invocation has {@link #RESERVE_MILLIS} left. Past
 * the function's timeout Lambda hands the whole batch back, the records already done included, and every record's
 * receive count rises; stopping in time returns only the records not started (with the later records of their
 * groups), which SQS delivers again when their visibility timeout ends. A record on its last receive before the
 * dead-letter queue ({@link Deferral#LAST_RECEIVE}) is never held back: it would go there without being tried.
 */
public final class SqsBatch {
    private static final Log LOG = Log.of(SqsBatch.class);

    /** Handles one record; throwing marks it failed. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(SQSEvent.SQSMessage message) throws Exception;
    }

    /**
     * The time one record usually takes at worst: one platform call or hand-off that waits 5 s at most to connect and
     * 10 s for its answer ({@code PlatformHttp}, {@code HandoffDeliveries}), with a second to record the outcome. A
     * record that makes several slow calls can take longer: this lowers the odds of a timeout, it cannot rule one out.
     */
    static final long RESERVE_MILLIS = 16_000;

    private SqsBatch() {
    }

    /** Without a deadline (a caller with no Lambda context): every record is started. */
    public static SQSBatchResponse process(SQSEvent event, RecordHandler handler) {
        return process(event, null, handler);
    }

    /** @param context the invocation's context, whose remaining time decides whether a record is started; null: no limit */
    public static SQSBatchResponse process(SQSEvent event, Context context, RecordHandler handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        int started = 0;
        for (SQSEvent.SQSMessage record : records) {
            String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
            if (group != null && failedGroups.contains(group)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            if (started > 0 && context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS
                    && receiveCount(record) < Deferral.LAST_RECEIVE) {
                LOG.warn("too little time left to start a record; SQS will deliver it again", "messageId",
                        record.getMessageId(), "remainingMillis", context.getRemainingTimeInMillis());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                if (group != null) {
                    failedGroups.add(group);
                }
                continue;
            }
            started++;
            try {
                handler.handle(record);
            } catch (Exception e) {
                if (e instanceof Retryable) {
                    LOG.info("record will be retried", "messageId", record.getMessageId(), "reason", e.getMessage());
                } else {
                    LOG.error("record failed; SQS will redeliver it", e, "messageId", record.getMessageId(),
                        "receiveCount", record.getAttributes() == null ? null
                                : record.getAttributes().get("ApproximateReceiveCount"));
                }
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                if (group != null) {
                    failedGroups.add(group);
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
