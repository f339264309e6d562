package io.careloop.queue.sqs;

import io.careloop.core.Backoff;
import io.careloop.queue.QueueSendException;

import io.careloop.cases.CaseIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends messages to a FIFO queue in batches of ten, retrying entries SQS reports as failed.
 * The deduplication id is derived from the message's key, so a resend within five minutes is dropped by SQS.
 */
final class FifoSender {
    private static final int BATCH = 10;
    private static final int ATTEMPTS = 3;

    record Message(String key, String groupId, String body) {
    }

    private final SqsClient sqs;
    private final String queueUrl;

    FifoSender(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    void send(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += BATCH) {
            sendBatch(messages.subList(from, Math.min(from + BATCH, messages.size())));
        }
    }

    private void sendBatch(List<Message> batch) {
        Map<String, SendMessageBatchRequestEntry> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Message m = batch.get(i);
            pending.put(Integer.toString(i), SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(m.body())
                    .messageGroupId(safeId(m.groupId()))
                    .messageDeduplicationId(CaseIds.sha256Hex(m.key()))
                    .build());
        }
        List<BatchResultErrorEntry> errors = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.values());
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                // The SDK has already retried with backoff; SQS is failing the whole call.
                throw new QueueSendException(pending.size() + " message(s) could not be enqueued: SQS failed the request ("
                        + e.getClass().getSimpleName() + ")", e);
            }
            response.successful().forEach(ok -> pending.remove(ok.id()));
            errors = response.failed();
            if (errors.stream().anyMatch(BatchResultErrorEntry::senderFault)) {
                break; // the request itself is wrong: retrying cannot help
            }
            if (!pending.isEmpty()) {
                Backoff.sleep(attempt);
            }
        }
        if (!pending.isEmpty()) {
            String reasons = errors.stream().map(BatchResultErrorEntry::code).distinct().toList().toString();
            throw new QueueSendException(pending.size() + " message(s) could not be enqueued: " + reasons);
        }
    }

    /** Group ids allow letters, digits and punctuation up to 128 characters; anything else is hashed. */
    static String safeId(String id) {
        return id.length() <= 128 && id.matches("[\\p{Alnum}\\p{Punct}]+") ? id : CaseIds.sha256Hex(id);
    }
}
