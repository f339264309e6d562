package io.careloop.local;

import io.careloop.observe.Metrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.wiring.Services;
import io.careloop.config.Settings;
import io.careloop.wiring.Priming;
import io.careloop.local.bench.RequestCounter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SnapStart hook primes without side effects, and the function works after restore. */
class PrimingTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    private long items() {
        return stack.runtime.dynamo().scan(r -> r.tableName(stack.runtime.tableNames().get("Table")).select("COUNT")).count();
    }

    @Test
    void beforeCheckpointPrimesWithOneReadAndNoWritesAndTheFunctionWorksAfterRestore() {
        RequestCounter counter = new RequestCounter();
        Services services = new Services(new Settings(stack.runtime.environment("TriageFunction")), Clock.systemUTC(),
                List.of(counter), Metrics.none());
        long before = items();
        RequestCounter.scope("priming");

        Priming priming = Priming.forTriage(services);
        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        var summary = counter.summary("priming");
        assertThat(summary.get("dynamodbWrites")).isEqualTo(0L);
        assertThat(summary.get("dynamodbReads")).isEqualTo(1L);
        assertThat(summary.get("sqsRequests")).isEqualTo(0L);
        assertThat(items()).as("nothing written while priming").isEqualTo(before);
        assertThat(stack.messagesWaiting("MentionQueue") + stack.messagesWaiting("ActionQueue")).isZero();

        // After "restore", the same clients serve a real invocation.
        io.careloop.handler.TriageHandler handler = new io.careloop.handler.TriageHandler(services);
        var record = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
        record.setMessageId("after-restore");
        record.setBody(TestStack.mention("x", "4242", "42", "restored", "@AcmeHelp my widget stopped working")
                .replace("\"platform\":\"x\"", "\"platform\":\"X\""));
        var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        event.setRecords(List.of(record));
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(items()).isGreaterThan(before);
    }
}
