package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /reports on the local stack: the day's rolled-up item in DynamoDB Local, as JSON and as CSV. */
class ReportsTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    @Test
    void aDaysCasesAreReportedFromItsRolledUpItemAsJsonAndCsv() {
        stack.api("PUT", "/agents/me", "{\"available\": true, \"teams\": [\"Care\"], \"maxOpenCases\": 5}");
        stack.postWebhook(TestStack.mention("x", "980", "98", "ines_r", "@AcmeHelp my widget stopped working"));
        stack.postWebhook(TestStack.mention("bluesky", "at://did:plc:abc/app.bsky.feed.post/981", "did:plc:abc", "omar.bsky.social",
                "@acme.bsky.social how do I reset my charger?"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#980");
        HttpResponse<String> reply = stack.api("POST", "/cases/" + caseId + "/reply", "{\"text\": \"Hi Ines, I'm sorry: "
                + "I'm sending a replacement today.\"}");
        assertThat(reply.statusCode()).isEqualTo(202);
        stack.runtime.drain();
        assertThat(stack.api("POST", "/cases/" + caseId + "/resolve", "{\"summary\": \"replacement sent\"}").statusCode())
                .isEqualTo(200);

        String today = LocalDate.ofInstant(stack.clock.instant(), ZoneOffset.UTC).toString();
        JsonNode report = stack.apiJson("GET", "/reports?from=" + today + "&to=" + today, null);
        assertThat(report.path("totals").path("opened").asInt()).isEqualTo(2);
        assertThat(report.path("totals").path("resolved").asInt()).isEqualTo(1);
        assertThat(report.path("volume").path("byPlatform").path("x").asInt()).isEqualTo(1);
        assertThat(report.path("volume").path("byPlatform").path("bluesky").asInt()).isEqualTo(1);
        assertThat(report.path("volume").path("byIntent").size()).isPositive();
        assertThat(report.path("totals").path("firstHumanResponseSeconds").path("p50").asLong()).isPositive();
        assertThat(report.path("byAgent").path("Dana Adams").path("resolved").asInt()).isEqualTo(1);
        assertThat(report.path("byTeam").path("Care").path("opened").asInt()).isEqualTo(2);
        assertThat(report.path("days")).hasSize(1);

        HttpResponse<String> csv = stack.api("GET", "/reports?from=" + today + "&to=" + today + "&format=csv", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")).hasSize(2);
        assertThat(csv.body().split("\r\n")[1]).startsWith(today + ",2,1,");

        HttpResponse<String> bad = stack.api("GET", "/reports?from=yesterday&to=" + today, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("from must be a date");
        assertThat(stack.api("GET", "/reports", null).statusCode()).isEqualTo(400);
    }
}
