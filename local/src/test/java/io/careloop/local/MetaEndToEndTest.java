package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.local.signing.WebhookSigner;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Facebook and Instagram on the local stack, through the real functions, queues and table, against the Meta sandbox:
 * Page @mentions without an author, deletes and hides, Instagram's media and comment edges, Messenger's windows, and
 * what the sandbox refuses as Meta does.
 */
class MetaEndToEndTest {
    private static final String PAGE = "200000000000001";
    private static final String INSTAGRAM_ACCOUNT = "17841400000000001";

    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private int deliver(String object, String entryId, String key, Object items) {
        String body = Json.write(Map.of("object", object, "entry", List.of(Map.of("id", entryId,
                "time", stack.clock.instant().getEpochSecond(), key, items))));
        return stack.send("POST", "/webhooks/meta", body, WebhookSigner.meta("dev-meta-app-secret", body)).statusCode();
    }

    private int pageChange(String field, Map<String, Object> value) {
        return deliver("page", PAGE, "changes", List.of(Map.of("field", field, "value", value)));
    }

    private void sandboxControl(String path, Map<String, Object> body) {
        assertThat(stack.send("POST", "/sandbox/facebook/" + path, Json.write(body), Map.of()).statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> graphCall(String method, String path, Map<String, Object> body) {
        return stack.send(method, "/sandbox/facebook" + path, body == null ? null : Json.write(body),
                Map.of("authorization", "Bearer page-token"));
    }

    private List<Map<String, Object>> posts() {
        return stack.runtime.sandbox().posts();
    }

    @Test
    void aPageMentionWithoutAnAuthorBecomesTheAuthorsCaseAnsweredOnTheirComment() {
        sandboxControl("objects", Map.of("id", "122197857164920798_2719805541795582",
                "from", Map.of("id", "100000000000077", "name", "Ada Lovel"),
                "message", "@Acme my widget arrived broken and nobody answers, this is terrible",
                "created_time", "2026-11-23T09:00:01+0000"));

        // As Meta delivers a Page mention: no `from`, no sender.
        assertThat(pageChange("mention", Map.of("post_id", "669976192871967_122197857164920798",
                "comment_id", "122197857164920798_2719805541795582", "item", "comment", "verb", "add",
                "message", "@Acme my widget arrived broken and nobody answers, this is terrible"))).isEqualTo(202);
        stack.runtime.drain();

        String caseId = CaseIds.forOpeningMention("facebook#122197857164920798_2719805541795582");
        JsonNode opened = stack.apiJson("GET", "/cases/" + caseId, null);
        assertThat(opened.path("customer").path("id").asText()).isEqualTo("100000000000077");
        assertThat(opened.path("customer").toString()).contains("Ada Lovel");
        assertThat(posts()).anySatisfy(p -> {
            assertThat(p.get("method")).isEqualTo("GET");
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/122197857164920798_2719805541795582"
                    + "?fields=from,message,created_time");
        });
        assertThat(posts()).anySatisfy(p -> {
            assertThat(p.get("method")).isEqualTo("POST");
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/122197857164920798_2719805541795582/comments");
            assertThat(p.get("body").toString()).contains("Ada");
        });
    }

    @Test
    void aPageMentionMetaNoLongerShowsIsRecordedAndNeverAnswered() {
        assertThat(pageChange("mention", Map.of("post_id", "100000000000088_900000000000002", "item", "post",
                "verb", "add"))).isEqualTo(202);
        stack.runtime.drain();

        assertThat(posts()).noneSatisfy(p -> assertThat(p.get("method")).isEqualTo("POST"));
        assertThat(stack.runtime.sandbox().calls()).anySatisfy(c -> {
            assertThat(c.method()).isEqualTo("GET");
            assertThat(c.status()).isEqualTo(400);
        });
    }

    @Test
    void spamIsHiddenAndAnAbusiveCommentAnAgentDeletesIsDeletedBothRecordedBySandbox() {
        assertThat(pageChange("feed", Map.of("item", "comment", "verb", "add", "comment_id", "55_901",
                "post_id", PAGE + "_55", "parent_id", PAGE + "_55", "message", "get free followers now, click here",
                "from", Map.of("id", "88901", "name", "Spam Bot"), "created_time", stack.clock.instant().getEpochSecond())))
                .isEqualTo(202);
        assertThat(pageChange("feed", Map.of("item", "comment", "verb", "add", "comment_id", "55_902",
                "post_id", PAGE + "_55", "parent_id", PAGE + "_55", "message", "my widget broke and you all are clowns",
                "from", Map.of("id", "88902", "name", "Troll Tam"), "created_time", stack.clock.instant().getEpochSecond())))
                .isEqualTo(202);
        stack.runtime.drain();

        assertThat(posts()).anySatisfy(p -> {
            assertThat(p.get("method")).isEqualTo("POST");
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/55_901?is_hidden=true");
        });

        String caseId = CaseIds.forOpeningMention("facebook#55_902");
        assertThat(stack.api("POST", "/cases/" + caseId + "/moderate",
                "{\"action\":\"delete\",\"category\":\"abuse\",\"reason\":\"insults, not a complaint\"}").statusCode())
                .isEqualTo(200);
        stack.runtime.drain();

        assertThat(posts()).anySatisfy(p -> {
            assertThat(p.get("method")).isEqualTo("DELETE");
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/55_902");
        });
        assertThat(stack.apiJson("GET", "/cases/" + caseId, null).path("timeline").findValuesAsText("note").toString())
                .contains("category abuse: deleted");
    }

    @Test
    void anInstagramCommentIsAnsweredOnItsRepliesEdge() {
        sandboxControl("objects", Map.of("id", "17900000000000009", "media", true));
        assertThat(deliver("instagram", INSTAGRAM_ACCOUNT, "changes", List.of(Map.of("field", "comments", "value",
                Map.of("id", "17900000000000010", "text", "@acme my widget arrived broken and nobody answers, terrible",
                        "from", Map.of("id", "17841405555555555", "username", "noor.a"),
                        "media", Map.of("id", "17900000000000009", "media_product_type", "FEED"))))))
                .isEqualTo(202);
        stack.runtime.drain();

        assertThat(posts()).anySatisfy(p ->
                assertThat(p.get("path")).isEqualTo("/facebook/v25.0/17900000000000010/replies"));
        assertThat(posts()).noneSatisfy(p -> assertThat(p.get("path")).isEqualTo("/facebook/v25.0/17900000000000009/replies"));
    }

    @Test
    void aNestedInstagramCommentIsAnsweredOnItsTopLevelComment() {
        assertThat(deliver("instagram", INSTAGRAM_ACCOUNT, "changes", List.of(Map.of("field", "comments", "value",
                Map.of("id", "17900000000000021", "parent_id", "17900000000000020",
                        "text", "@acme same here, my widget arrived broken and nobody answers, terrible",
                        "from", Map.of("id", "17841406666666666", "username", "bo.c"),
                        "media", Map.of("id", "17900000000000009", "media_product_type", "FEED"))))))
                .isEqualTo(202);
        stack.runtime.drain();

        assertThat(posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/17900000000000020/replies");
            assertThat(p.get("body").toString()).contains("bo.c");
        });
    }

    @Test
    void aPersonsMessengerReplyAfter24HoursCarriesTheHumanAgentTagAndAnAutomaticOneIsNotSent() {
        long sent = stack.clock.instant().getEpochSecond();
        sandboxControl("conversations", Map.of("recipient", "7123", "lastMessageAt", stack.clock.instant().toString()));
        assertThat(deliver("page", PAGE, "messaging", List.of(Map.of("sender", Map.of("id", "7123"),
                "recipient", Map.of("id", PAGE), "timestamp", sent * 1000,
                "message", Map.of("mid", "m_window_1", "text", "my order never arrived and nobody answers")))))
                .isEqualTo(202);
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("facebook#m_window_1");
        assertThat(posts()).anySatisfy(p -> assertThat(p.get("body").toString()).contains("\"messaging_type\":\"RESPONSE\""));

        stack.clock.advance(Duration.ofHours(30));
        assertThat(stack.api("POST", "/cases/" + caseId + "/reply",
                "{\"text\":\"Your parcel left our Leeds depot this morning.\",\"private\":true}").statusCode()).isEqualTo(202);
        stack.runtime.drain();

        assertThat(posts()).anySatisfy(p -> {
            assertThat(p.get("path")).isEqualTo("/facebook/v25.0/" + PAGE + "/messages");
            assertThat(p.get("body").toString()).contains("\"messaging_type\":\"MESSAGE_TAG\"")
                    .contains("\"tag\":\"HUMAN_AGENT\"").contains("Leeds depot");
        });
        assertThat(stack.runtime.sandbox().calls()).noneSatisfy(c -> assertThat(c.status()).isEqualTo(400));

        stack.clock.advance(Duration.ofDays(7));
        HttpResponse<String> late = stack.api("POST", "/cases/" + caseId + "/reply",
                "{\"text\":\"Any news on your side?\",\"private\":true}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("more than 7 days ago");
        stack.runtime.drain();
        assertThat(posts().toString()).doesNotContain("Any news on your side?");
    }

    @Test
    void theSandboxRefusesWhatMetaRefusesWithMetasErrorBodiesAndRecordsIt() throws Exception {
        sandboxControl("objects", Map.of("id", "17900000000000019", "media", true));
        HttpResponse<String> onMedia = graphCall("POST", "/v25.0/17900000000000019/replies", Map.of("message", "hi"));
        assertThat(onMedia.statusCode()).isEqualTo(400);
        assertThat(Json.parse(onMedia.body()).path("error").path("code").asInt()).isEqualTo(100);

        sandboxControl("conversations", Map.of("recipient", "7999",
                "lastMessageAt", stack.clock.instant().minus(Duration.ofHours(25)).toString()));
        HttpResponse<String> late = graphCall("POST", "/v25.0/" + PAGE + "/messages", Map.of("recipient",
                Map.of("id", "7999"), "messaging_type", "RESPONSE", "message", Map.of("text", "hello")));
        assertThat(late.statusCode()).isEqualTo(400);
        JsonNode lateError = Json.parse(late.body()).path("error");
        assertThat(lateError.path("code").asInt()).isEqualTo(10);
        assertThat(lateError.path("error_subcode").asInt()).isEqualTo(2018278);
        HttpResponse<String> tagged = graphCall("POST", "/v25.0/" + PAGE + "/messages", Map.of("recipient",
                Map.of("id", "7999"), "messaging_type", "MESSAGE_TAG", "tag", "HUMAN_AGENT",
                "message", Map.of("text", "hello")));
        assertThat(tagged.statusCode()).isEqualTo(200);

        stack.clock.advance(Duration.between(stack.clock.instant(), java.time.Instant.parse("2027-01-22T00:00:00Z")));
        HttpResponse<String> retired = graphCall("GET", "/v21.0/" + PAGE + "_55", null);
        assertThat(retired.statusCode()).isEqualTo(400);
        assertThat(Json.parse(retired.body()).path("error").path("code").asInt()).isEqualTo(2635);
        assertThat(graphCall("DELETE", "/v25.0/55_77", null).statusCode()).isEqualTo(200);

        assertThat(stack.runtime.sandbox().calls()).extracting(c -> c.method() + " " + c.path() + " " + c.status())
                .contains("POST /facebook/v25.0/17900000000000019/replies 400",
                        "POST /facebook/v25.0/" + PAGE + "/messages 400",
                        "POST /facebook/v25.0/" + PAGE + "/messages 200",
                        "GET /facebook/v21.0/" + PAGE + "_55 400",
                        "DELETE /facebook/v25.0/55_77 200");
        JsonNode recorded = Json.parse(stack.send("GET", "/sandbox/calls", null, Map.of()).body()).path("calls");
        assertThat(recorded.findValuesAsText("path")).contains("/facebook/v25.0/17900000000000019/replies");
        assertThat(recorded.toString()).contains("\"status\":400").contains("\"method\":\"DELETE\"");
    }
}
