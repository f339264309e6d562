package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PollFunction on X (mentions timeline and recent search) and Bluesky (listNotifications, which is how careloop
 * hears Bluesky at all), in and out through the sandbox: the exact requests careloop sends are asserted.
 */
class PlatformPollingEndToEndTest {
    private static final String BRAND_DID = "did:plc:acmehelp0000000000000001";
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Integer>> poll() {
        return (Map<String, Map<String, Integer>>) stack.runtime.functions().get("PollFunction").invoke(Map.of());
    }

    private void blueskyNotification(String reason, String rkey, String did, String handle, String text, String rootUri) {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("$type", "app.bsky.feed.post");
        record.put("text", text);
        record.put("createdAt", "2026-11-23T09:00:00.000Z");
        if (rootUri != null) {
            record.put("reply", Map.of("root", Map.of("uri", rootUri, "cid", "bafyroot"), "parent", Map.of("uri", rootUri, "cid", "bafyroot")));
        }
        String uri = "at://" + did + "/app.bsky.feed.post/" + rkey;
        String n = Json.write(Map.of("uri", uri, "cid", "bafy" + rkey, "reason", reason, "isRead", false,
                "indexedAt", "2026-11-23T09:00:0" + rkey.charAt(rkey.length() - 1) + ".000Z",
                "author", Map.of("did", did, "handle", handle, "displayName", "Bo Lind"), "record", record));
        stack.send("POST", "/sandbox/bluesky/notifications", n, Map.of());
    }

    /** The records careloop created on Bluesky (posts), without its session and chat calls. */
    private List<JsonNode> blueskyPosts() {
        return blueskyCalls("com.atproto.repo.createRecord");
    }

    /** Every recorded Bluesky call to this method. */
    private List<JsonNode> blueskyCalls(String nsid) {
        return stack.runtime.sandbox().posts().stream().filter(p -> "bluesky".equals(p.get("platform")))
                .filter(p -> ("/xrpc/" + nsid).equals(p.get("path")))
                .map(p -> (JsonNode) Json.mapper().valueToTree(p)).toList();
    }

    @Test
    void aBlueskyMentionIsHeardByPollingAndAnsweredInItsThreadWithAnInviteToDm() {
        blueskyNotification("mention", "3kaa1", "did:plc:bolind", "bo.bsky.social",
                "@acme.bsky.social my order arrived broken and nobody answers", null);
        blueskyNotification("like", "3kaa2", "did:plc:fan", "fan.bsky.social", "", null);
        blueskyNotification("reply", "3kaa3", "did:plc:other", "cy.bsky.social",
                "@acme.bsky.social the app crashes every time I open it", "at://" + BRAND_DID + "/app.bsky.feed.post/3root");

        var first = poll();
        assertThat(first.get("found")).containsEntry("bluesky-notifications", 2); // the like is skipped
        stack.runtime.drain();
        assertThat(poll().get("found")).as("the cursor moved past them").containsEntry("bluesky-notifications", 0);

        List<JsonNode> posts = blueskyPosts();
        assertThat(posts).hasSize(2);
        JsonNode toBo = posts.stream().filter(p -> p.path("body").toString().contains("@bo.bsky.social")).findFirst().orElseThrow();
        assertThat(toBo.path("path").asText()).isEqualTo("/xrpc/com.atproto.repo.createRecord");
        JsonNode request = toBo.path("body");
        assertThat(request.path("repo").asText()).isEqualTo(BRAND_DID);
        assertThat(request.path("collection").asText()).isEqualTo("app.bsky.feed.post");
        JsonNode record = request.path("record");
        assertThat(record.path("text").asText()).startsWith("@bo.bsky.social ").contains("DM"); // Bluesky has DMs
        // Not a reply itself, so the mention is both root and parent.
        assertThat(record.path("reply").path("parent").path("uri").asText()).isEqualTo("at://did:plc:bolind/app.bsky.feed.post/3kaa1");
        assertThat(record.path("reply").path("parent").path("cid").asText()).isEqualTo("bafy3kaa1");
        assertThat(record.path("reply").path("root").path("uri").asText()).isEqualTo("at://did:plc:bolind/app.bsky.feed.post/3kaa1");
        JsonNode facet = record.path("facets").get(0);
        assertThat(facet.path("index").path("byteStart").asInt()).isZero();
        assertThat(facet.path("index").path("byteEnd").asInt()).isEqualTo("@bo.bsky.social".length());
        assertThat(facet.path("features").get(0).path("did").asText()).isEqualTo("did:plc:bolind");

        JsonNode toCy = posts.stream().filter(p -> p.path("body").toString().contains("@cy.bsky.social")).findFirst().orElseThrow();
        assertThat(toCy.path("body").path("record").path("reply").path("root").path("uri").asText())
                .as("a reply in a thread keeps the thread's root").isEqualTo("at://" + BRAND_DID + "/app.bsky.feed.post/3root");
    }

    @Test
    void aPrivateReplyOnBlueskyGoesAsADmThroughTheChatServiceNeverInPublic() {
        blueskyNotification("mention", "3kbb1", "did:plc:bolind", "bo.bsky.social",
                "@acme.bsky.social my order arrived broken and nobody answers", null);
        poll();
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("bluesky#at://did:plc:bolind/app.bsky.feed.post/3kbb1");
        assertThat(stack.api("POST", "/cases/" + caseId + "/reply",
                "{\"text\":\"Your order 55501 to 12 Elm Street is on its way: https://acme.example/track/55501\",\"private\":true}")
                .statusCode()).isEqualTo(202);
        stack.runtime.drain();

        assertThat(blueskyPosts().toString()).doesNotContain("55501").doesNotContain("Elm Street");
        JsonNode dm = blueskyCalls("chat.bsky.convo.sendMessage").stream()
                .filter(c -> c.path("body").toString().contains("55501")).findFirst().orElseThrow();
        JsonNode message = dm.path("body").path("message");
        assertThat(message.path("text").asText()).contains("Your order 55501");
        JsonNode link = message.path("facets").get(0);
        assertThat(link.path("features").get(0).path("uri").asText()).isEqualTo("https://acme.example/track/55501");
        assertThat(blueskyCalls("chat.bsky.convo.getConvoForMembers")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("body").path("members").asText()).isEqualTo("did:plc:bolind"));
    }

    @Test
    void aCustomerWhoAcceptsNoDmsFromTheBrandIsInvitedToEmailAndTheCaseSaysWhy() {
        stack.send("POST", "/sandbox/bluesky/chat-settings", "{\"did\":\"did:plc:bolind\",\"allowIncoming\":\"following\"}",
                Map.of());
        blueskyNotification("mention", "3kdd1", "did:plc:bolind", "bo.bsky.social",
                "@acme.bsky.social my order arrived broken and nobody answers", null);
        poll();
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("bluesky#at://did:plc:bolind/app.bsky.feed.post/3kdd1");
        assertThat(stack.api("POST", "/cases/" + caseId + "/reply",
                "{\"text\":\"Your order 55501 to 12 Elm Street is on its way\",\"private\":true}").statusCode()).isEqualTo(202);
        stack.runtime.drain();

        assertThat(blueskyCalls("chat.bsky.convo.sendMessage")).isEmpty();
        assertThat(blueskyPosts().toString()).doesNotContain("55501").doesNotContain("Elm Street").contains("email");
        String timeline = stack.api("GET", "/cases/" + caseId, null).body();
        assertThat(timeline).contains("no private message on bluesky")
                .contains("the customer does not accept direct messages from the brand");
    }

    @Test
    void anExpiredBlueskySessionIsRefreshedNotSignedInAgainAndNothingIsLost() {
        blueskyNotification("mention", "3kcc1", "did:plc:bolind", "bo.bsky.social",
                "@acme.bsky.social my order arrived broken and nobody answers", null);
        poll();
        stack.runtime.drain();
        assertThat(sessions()).as("the poll and the reply functions share one session")
                .containsEntry("created", 1).containsEntry("refreshed", 0);
        stack.send("POST", "/sandbox/bluesky/expire-session", "{}", Map.of());
        blueskyNotification("mention", "3kcc2", "did:plc:dee", "dee.bsky.social",
                "@acme.bsky.social still waiting on a refund, terrible service", null);
        assertThat(poll().get("found")).containsEntry("bluesky-notifications", 1);
        stack.runtime.drain();

        assertThat(blueskyPosts().stream().filter(p -> p.path("body").path("record").has("reply"))).hasSize(2);
        assertThat(sessions()).as("renewed with refreshJwt, once").containsEntry("created", 1).containsEntry("refreshed", 1);
        assertThat(stack.runtime.sandbox().posts().toString()).as("the app password is never recorded")
                .doesNotContain("dev-bluesky-app-password");
    }

    private Map<String, Integer> sessions() {
        try {
            return Json.mapper().readValue(stack.send("GET", "/sandbox/bluesky/sessions", null, Map.of()).body(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void xMentionsAndSearchArePolledAndWhatTheWebhooksMissedIsReported() {
        // One mention arrives by webhook and by poll; one only by poll; one indirect mention only by search.
        stack.send("POST", "/sandbox/x/incoming", Json.write(Map.of("id", "1870000000000000101", "author_id", "501",
                "username", "ana_w", "text", "@AcmeHelp my parcel is lost, order 4411")), Map.of());
        stack.send("POST", "/sandbox/x/incoming", Json.write(Map.of("id", "1870000000000000102", "author_id", "502",
                "username", "ben_t", "text", "@AcmeHelp charged twice for my order, please help")), Map.of());
        stack.send("POST", "/sandbox/x/incoming", Json.write(Map.of("id", "1870000000000000103", "author_id", "503",
                "username", "cai_r", "text", "is acme down again? the app crashes every time")), Map.of());
        stack.postWebhook(TestStack.mention("x", "1870000000000000101", "501", "ana_w", "@AcmeHelp my parcel is lost, order 4411"));
        stack.runtime.drain();

        var result = poll();
        assertThat(result.get("found")).containsEntry("x-mentions-1000000001", 2).containsEntry("x-search", 1);
        assertThat(result.get("missedByWebhooks")).containsEntry("x-mentions-1000000001", 1).containsEntry("x-search", 1);
        stack.runtime.drain();
        assertThat(poll().get("found")).containsEntry("x-mentions-1000000001", 0).containsEntry("x-search", 0);

        assertThat(stack.postsMentioning("@ana_w")).as("one case and one reply, whichever way it came").hasSize(1);
        assertThat(stack.postsMentioning("@ben_t")).hasSize(1);
        assertThat(stack.postsMentioning("@cai_r")).as("an indirect mention is watched, not answered").isEmpty();
        var searches = stack.runtime.sandbox().requests().stream().filter(r -> r.path().equals("/x/2/tweets/search/recent")).toList();
        assertThat(java.net.URLDecoder.decode(searches.get(0).query(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("query=(acme OR #acme) -from:AcmeHelp -is:retweet").contains("expansions=author_id")
                .doesNotContain("since_id");
        assertThat(searches.get(1).query()).as("the second read starts after the newest post seen").contains("since_id=1870000000000000103");
        var mentionReads = stack.runtime.sandbox().requests().stream().filter(r -> r.path().equals("/x/2/users/1000000001/mentions")).toList();
        assertThat(mentionReads).hasSize(2);
        assertThat(mentionReads.get(1).query()).contains("since_id=1870000000000000102");
    }
}
