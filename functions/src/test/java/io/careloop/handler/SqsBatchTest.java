package io.careloop.handler;

import static org.assertj.core.api.Assertions.assertThat;

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
}
