package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PollFunction reads Mastodon notifications from its cursor; a mention seen by webhook and poll counts once. */
class PollingTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();

    @Test
    void aPolledMentionOpensACaseAndIsRepliedToOnMastodonOnceWhicheverWayItArrives() throws Exception {
        String notification = Files.readString(TestStack.templatePath().resolveSibling("events")
                .resolve("sandbox-mastodon-notification.json"));
        stack.send("POST", "/sandbox/mastodon/notifications", notification, Map.of());

        stack.runtime.fireSchedule("PollFunction");
        stack.runtime.drain();
        stack.runtime.fireSchedule("PollFunction"); // the cursor has moved: nothing new
        // The same status also arrives through the generic webhook.
        stack.postWebhook(TestStack.mention("mastodon", "113500000000000001", "971724", "lee@fosstodon.org",
                "@acme the app keeps crashing when I open my orders. Why?"));
        stack.runtime.drain();

        var posts = stack.postsMentioning("@lee@fosstodon.org");
        assertThat(posts).hasSize(1);
        JsonNode body = posts.get(0).path("body");
        assertThat(posts.get(0).path("path").asText()).isEqualTo("/mastodon/api/v1/statuses");
        assertThat(body.path("in_reply_to_id").asText()).isEqualTo("113500000000000001");
        assertThat(body.path("visibility").asText()).isEqualTo("public");
        assertThat(posts.get(0).path("idempotencyKey").asText()).endsWith("#ACKNOWLEDGE");
        JsonNode cases = stack.apiJson("GET", "/cases", null).path("cases");
        assertThat(cases.findValuesAsText("handle").stream().filter("lee@fosstodon.org"::equals)).hasSize(1);
        assertThat(Json.write(cases)).contains("crashing");
    }
}
