package io.careloop.handler;

import io.careloop.observe.Log;
import io.careloop.core.Retryable;

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
 */
public final class SqsBatch {
    private static final Log LOG = Log.of(SqsBatch.class);

    /** Handles one record; throwing marks it failed. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(SQSEvent.SQSMessage message) throws Exception;
    }

    private SqsBatch() {
    }

    public static SQSBatchResponse process(SQSEvent event, RecordHandler handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
            if (group != null && failedGroups.contains(group)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
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
}
