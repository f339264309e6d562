package io.careloop.local.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.observe.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What a Lambda SQS event source mapping does, on one machine: long-poll the queue, hand a batch to the
 * function, delete what succeeded. Records reported as failed (or the whole batch, if the function throws
 * or does not report batch item failures) stay on the queue, reappear after the visibility timeout, and
 * move to the dead-letter queue after maxReceiveCount receives, by the queue's own redrive policy.
 */
final class SqsEventSource implements Runnable {
    private static final Log LOG = Log.of(SqsEventSource.class);

    private final LocalFunction function;
    private final StackTemplate.SqsTrigger trigger;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    SqsEventSource(LocalFunction function, StackTemplate.SqsTrigger trigger, SqsClient sqs, String queueUrl, String queueArn) {
        this.function = function;
        this.trigger = trigger;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
    }

    @Override
    public void run() {
        while (running.get()) {
            try {
                pollOnce(1);
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.error("event source poll failed", e, "function", function.name());
                    sleep(500);
                }
            }
        }
    }

    /** Receives one batch (waiting up to {@code waitSeconds}) and delivers it. @return records delivered */
    int pollOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(Math.min(10, trigger.batchSize()))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        batches.incrementAndGet();
        records.addAndGet(messages.size());
        Set<String> failed = new HashSet<>();
        try {
            Object result = function.invoke(toEvent(messages));
            if (trigger.reportsBatchItemFailures() && result instanceof SQSBatchResponse response) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            LOG.error("function failed; the whole batch will be redelivered", e, "function", function.name());
            messages.forEach(m -> failed.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
        return messages.size();
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    void stop() {
        running.set(false);
    }

    long batchesDelivered() {
        return batches.get();
    }

    long recordsDelivered() {
        return records.get();
    }

    String functionName() {
        return function.name();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
