package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.core.Json;
import io.careloop.core.Platform;
import io.careloop.store.WebhookHeartbeats;
import io.careloop.store.dynamo.DynamoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While X's webhook delivers, the poll does not pay to read X's mentions timeline again: it reconciles the last
 * half hour once, then leaves the timeline alone; the keyword search, which no webhook covers, is read every run.
 */
class WebhookFirstPollingEndToEndTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Integer>> poll() {
        return (Map<String, Map<String, Integer>>) stack.runtime.functions().get("PollFunction").invoke(Map.of());
    }

    private List<String> mentionReads() {
        return stack.runtime.sandbox().requests().stream().filter(r -> r.path().equals("/x/2/users/1000000001/mentions"))
                .map(r -> java.net.URLDecoder.decode(r.query(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    private long searches() {
        return stack.runtime.sandbox().requests().stream().filter(r -> r.path().equals("/x/2/tweets/search/recent")).count();
    }

    @Test
    void aHealthyWebhookIsReconciledOnceAndThenNotPaidForTwice() {
        stack.send("POST", "/sandbox/x/incoming", Json.write(Map.of("id", "1870000000000000201", "author_id", "601",
                "username", "dee_k", "text", "@AcmeHelp my parcel is lost, order 5511")), Map.of());
        stack.postWebhook(TestStack.mention("x", "1870000000000000201", "601", "dee_k", "@AcmeHelp my parcel is lost, order 5511"));
        stack.runtime.drain();

        var first = poll();
        stack.runtime.drain();
        stack.clock.advance(Duration.ofMinutes(5));
        stack.postWebhook(TestStack.mention("x", "1870000000000000202", "602", "eve_l", "@AcmeHelp my invoice is wrong"));
        stack.runtime.drain();
        var second = poll();

        assertThat(first.get("missedByWebhooks")).containsEntry("x-mentions-1000000001", 0);
        assertThat(second.get("found")).containsEntry("x-mentions-1000000001", 0);
        List<String> reads = mentionReads();
        assertThat(reads).as("one reconciliation read of the last half hour, then none").hasSize(1);
        assertThat(reads.get(0)).contains("start_time=" + stack.clock.instant().minus(Duration.ofMinutes(35))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(searches()).as("the keyword search has no webhook: read every run").isEqualTo(2);
        assertThat(stack.postsMentioning("@dee_k")).hasSize(1);
    }

    @Test
    void theHeartbeatOnlyMovesForward() {
        WebhookHeartbeats heartbeats = new DynamoStore(stack.runtime.dynamo(), stack.runtime.tableNames().get("Table"),
                stack.clock).webhookHeartbeats();
        Instant later = Instant.parse("2026-11-26T12:05:00Z");

        heartbeats.heard(Platform.X, "1000000001", later);
        heartbeats.heard(Platform.X, "1000000001", Instant.parse("2026-11-26T12:00:00Z"));

        assertThat(heartbeats.lastHeard(Platform.X, "1000000001")).contains(later);
        assertThat(heartbeats.lastHeard(Platform.X, "1000000002")).isEmpty();
        assertThat(heartbeats.lastHeard(Platform.MASTODON, "1000000001")).isEmpty();
    }
}
