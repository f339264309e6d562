package io.careloop.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsBatchTest {

    private static SQSEvent.SQSMessage record(String id, String group, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setAttributes(Map.of("MessageGroupId", group));
        return m;
    }

    private static SQSEvent.SQSMessage record(String id, String group, String body, int receiveCount) {
        SQSEvent.SQSMessage m = record(id, group, body);
        m.setAttributes(Map.of("MessageGroupId", group, "ApproximateReceiveCount", String.valueOf(receiveCount)));
        return m;
    }

    @Test
    void reportsOnlyFailedRecordsAndLaterRecordsOfTheSameGroupUnprocessed() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record("1", "a", "ok"), record("2", "a", "poison"), record("3", "a", "ok"),
                record("4", "b", "ok")));
        List<String> processed = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(event, m -> {
            if (m.getBody().equals("poison")) {
                throw new IllegalArgumentException("cannot read this");
            }
            processed.add(m.getMessageId());
        });

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2", "3");
        assertThat(processed).as("group b is unaffected; record 3 waits behind 2").containsExactly("1", "4");
    }

    /** An invocation whose remaining time the test sets. */
    private static final class Remaining implements Context {
        int millis;

        Remaining(int millis) {
            this.millis = millis;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return millis;
        }

        @Override
        public String getAwsRequestId() {
            return "request";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "ReplyFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }

    @Test
    void recordsAreNotStartedWithTooLittleTimeLeftAndGoBackUnprocessed() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record("1", "a", "slow"), record("2", "b", "ok"), record("3", "c", "ok")));
        Remaining context = new Remaining(30_000);
        List<String> processed = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(event, context, m -> {
            processed.add(m.getMessageId());
            if (m.getBody().equals("slow")) {
                context.millis = (int) SqsBatch.RESERVE_MILLIS - 1; // a hand-off endpoint that took 14 s to answer
            }
        });

        assertThat(processed).as("the record that was slow is done; nothing else is started").containsExactly("1");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2", "3");
    }

    @Test
    void everyRecordIsStartedWhileTheReserveIsLeft() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record("1", "a", "ok"), record("2", "a", "ok")));
        List<String> processed = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(event, new Remaining((int) SqsBatch.RESERVE_MILLIS), m ->
                processed.add(m.getMessageId()));

        assertThat(processed).containsExactly("1", "2");
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void theFirstRecordIsStartedHoweverLittleTimeIsLeftSoABatchAlwaysMakesProgress() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record("1", "a", "ok"), record("2", "b", "ok")));
        List<String> processed = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(event, new Remaining(1_000), m -> processed.add(m.getMessageId()));

        assertThat(processed).containsExactly("1");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2");
    }

    @Test
    void aRecordOnItsLastReceiveIsStartedWhateverTimeIsLeftRatherThanSentToTheDeadLetterQueueUntried() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record("1", "a", "ok"), record("2", "b", "ok", 4), record("3", "c", "ok", 3)));
        List<String> processed = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(event, new Remaining(1_000), m -> processed.add(m.getMessageId()));

        assertThat(processed).containsExactly("1", "2");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("3");
    }

    @Test
    void aRecordHeldBackForTimeHoldsBackTheLaterRecordsOfItsGroup() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record("1", "a", "slow"), record("2", "b", "ok"), record("3", "b", "ok")));
        Remaining context = new Remaining(30_000);
        List<String> processed = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.process(event, context, m -> {
            processed.add(m.getMessageId());
            context.millis = 1_000;
        });

        assertThat(processed).containsExactly("1");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2", "3");
    }
}
