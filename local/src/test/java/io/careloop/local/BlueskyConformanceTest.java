package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bluesky end to end through the sandbox, and the proof that careloop speaks the AT Protocol as published: every
 * Bluesky call it made (records, chat calls, session calls, reads) is validated against the lexicon JSON.
 */
class BlueskyConformanceTest {
    private static final String BRAND_DID = "did:plc:acmehelp0000000000000001";
    private static final String ROOT = "at://" + BRAND_DID + "/app.bsky.feed.post/3root";
    private static final List<String> LEXICONS = List.of("app.bsky.feed.post", "app.bsky.richtext.facet",
            "com.atproto.repo.strongRef", "app.bsky.feed.threadgate", "com.atproto.repo.createRecord",
            "com.atproto.repo.putRecord", "com.atproto.repo.getRecord", "com.atproto.repo.defs",
            "com.atproto.server.createSession", "com.atproto.server.refreshSession", "chat.bsky.convo.sendMessage",
            "chat.bsky.convo.getConvoForMembers", "chat.bsky.convo.getConvoAvailability", "chat.bsky.convo.getLog",
            "chat.bsky.convo.defs", "com.atproto.label.defs", "app.bsky.notification.listNotifications",
            "app.bsky.feed.getPosts", "app.bsky.feed.getAuthorFeed", "com.atproto.identity.resolveHandle");

    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    private final Lexicons lexicons = Lexicons.load(LEXICONS);

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Integer>> poll() {
        return (Map<String, Map<String, Integer>>) stack.runtime.functions().get("PollFunction").invoke(Map.of());
    }

    private void notification(String reason, String rkey, String did, String handle, String text, String rootUri) {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("$type", "app.bsky.feed.post");
        record.put("text", text);
        record.put("createdAt", "2026-11-23T09:00:00.000Z");
        if (rootUri != null) {
            record.put("reply", Map.of("root", Map.of("uri", rootUri, "cid", "bafyreiroot"), "parent",
                    Map.of("uri", rootUri, "cid", "bafyreiroot")));
        }
        stack.send("POST", "/sandbox/bluesky/notifications", Json.write(Map.of("uri", "at://" + did + "/app.bsky.feed.post/" + rkey,
                "cid", "bafyrei" + rkey, "reason", reason, "isRead", false,
                "indexedAt", "2026-11-23T09:00:0" + rkey.charAt(rkey.length() - 1) + ".000Z",
                "author", Map.of("did", did, "handle", handle, "displayName", "Someone"), "record", record)), Map.of());
    }

    private String caseOf(String did, String rkey) {
        return CaseIds.forOpeningMention("bluesky#at://" + did + "/app.bsky.feed.post/" + rkey);
    }

    private List<JsonNode> calls(String nsid) {
        return stack.runtime.sandbox().posts().stream().filter(p -> ("/xrpc/" + nsid).equals(p.get("path")))
                .map(p -> (JsonNode) Json.mapper().valueToTree(p)).toList();
    }

    /** What a brand does with Bluesky in a day: answers, links, DMs (accepted and refused), hides, unhides, reads DMs. */
    private void aDayOnBluesky() {
        notification("mention", "3kaa1", "did:plc:bolind", "bo.bsky.social",
                "@acme.bsky.social my order arrived broken and nobody answers", null);
        notification("reply", "3kab2", "did:plc:spammer", "cheap-pills.bsky.social",
                "@acme.bsky.social my widget broke and you are all clowns", ROOT);
        stack.send("POST", "/sandbox/bluesky/chat-settings", "{\"did\":\"did:plc:dee\",\"allowIncoming\":\"none\"}", Map.of());
        notification("mention", "3kac3", "did:plc:dee", "dee.bsky.social",
                "@acme.bsky.social my refund never arrived, this is terrible", null);
        poll();
        stack.runtime.drain();

        String bo = caseOf("did:plc:bolind", "3kaa1");
        stack.api("POST", "/cases/" + bo + "/reply", "{\"text\":\"@bo.bsky.social Tracking is here: "
                + "https://status.acme.example/orders?id=7 — sorry for the wait ✨\"}");
        stack.api("POST", "/cases/" + bo + "/reply", "{\"text\":\"Your order 55501 ships today: https://acme.example/t/55501\","
                + "\"private\":true}");
        stack.api("POST", "/cases/" + caseOf("did:plc:dee", "3kac3") + "/reply",
                "{\"text\":\"Your refund 9001 is on its way\",\"private\":true}");
        String spam = caseOf("did:plc:spammer", "3kab2");
        stack.api("POST", "/cases/" + spam + "/moderate", "{\"action\":\"hide\",\"category\":\"spam\",\"reason\":\"a link farm\"}");
        stack.runtime.drain();
        stack.api("POST", "/cases/" + spam + "/moderate", "{\"action\":\"unhide\",\"category\":\"spam\",\"reason\":\"a real customer\"}");
        stack.runtime.drain();

        stack.send("POST", "/sandbox/bluesky/messages", "{\"from\":\"did:plc:bolind\",\"handle\":\"bo.bsky.social\","
                + "\"text\":\"Thanks! It is order 55501\"}", Map.of());
        poll();
        stack.runtime.drain();
        stack.clock.advance(Duration.ofHours(3)); // the access token lapses: refreshSession
        poll();
        stack.runtime.drain();
    }

    @Test
    void everyBlueskyCallCareloopMakesValidatesAgainstItsLexicon() {
        aDayOnBluesky();

        List<String> errors = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (PlatformSandbox.Call call : stack.runtime.sandbox().calls()) {
            if (!call.platform().equals("bluesky") || !call.method().equals("POST")) {
                continue; // queries are checked from the requests below, with their real query strings
            }
            String nsid = call.path().substring("/xrpc/".length());
            seen.add(nsid);
            assertThat(lexicons.has(nsid)).as("a lexicon for " + nsid).isTrue();
            lexicons.validateInput(nsid, call.body()).forEach(e -> errors.add(nsid + " " + e));
            if (nsid.equals("com.atproto.repo.createRecord") || nsid.equals("com.atproto.repo.putRecord")) {
                String collection = call.body().path("collection").asText();
                seen.add(collection);
                lexicons.validateRecord(collection, call.body().path("record")).forEach(e -> errors.add(collection + " " + e));
            }
        }
        for (PlatformSandbox.Request request : stack.runtime.sandbox().requests()) {
            if (!request.path().startsWith("/bluesky/xrpc/") || !request.method().equals("GET")) {
                continue;
            }
            String nsid = request.path().substring("/bluesky/xrpc/".length());
            seen.add(nsid);
            assertThat(lexicons.has(nsid)).as("a lexicon for " + nsid).isTrue();
            assertThat(lexicons.type(nsid)).isEqualTo("query");
            lexicons.validateParams(nsid, Lexicons.params(request.query())).forEach(e -> errors.add(nsid + " " + e));
        }

        assertThat(errors).isEmpty();
        assertThat(seen).contains("com.atproto.server.createSession", "com.atproto.server.refreshSession",
                "com.atproto.repo.createRecord", "app.bsky.feed.post", "com.atproto.repo.putRecord", "app.bsky.feed.threadgate",
                "com.atproto.repo.getRecord", "chat.bsky.convo.getConvoAvailability", "chat.bsky.convo.getConvoForMembers",
                "chat.bsky.convo.sendMessage", "chat.bsky.convo.getLog", "app.bsky.notification.listNotifications",
                "app.bsky.feed.getPosts");
        // And the facets the records carry are the ones meant: the link in the agent's reply, byte for byte.
        JsonNode withLink = calls("com.atproto.repo.createRecord").stream()
                .filter(c -> c.path("body").toString().contains("status.acme.example")).findFirst().orElseThrow();
        JsonNode record = withLink.path("body").path("record");
        byte[] text = record.path("text").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> covered = new ArrayList<>();
        for (JsonNode f : record.path("facets")) {
            covered.add(new String(java.util.Arrays.copyOfRange(text, f.path("index").path("byteStart").asInt(),
                    f.path("index").path("byteEnd").asInt()), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(covered).containsExactly("@bo.bsky.social", "https://status.acme.example/orders?id=7");
    }

    @Test
    void theValidatorRefusesWhatThePdsWouldRefuse() {
        JsonNode tooLong = Json.mapper().valueToTree(Map.of("$type", "app.bsky.feed.post", "text", "ab".repeat(151),
                "createdAt", "2026-11-26T10:00:00.000Z"));
        JsonNode badFacet = Json.mapper().valueToTree(Map.of("$type", "app.bsky.feed.post", "text", "hi",
                "createdAt", "yesterday", "facets", List.of(Map.of("index", Map.of("byteStart", 0),
                        "features", List.of(Map.of("$type", "app.bsky.richtext.facet#link", "uri", "not a uri"))))));
        JsonNode badGate = Json.mapper().valueToTree(Map.of("$type", "app.bsky.feed.threadgate", "post", ROOT,
                "createdAt", "2026-11-26T10:00:00.000Z", "hiddenReplies", List.of("https://bsky.app/profile/x/post/y")));
        JsonNode noConvo = Json.mapper().valueToTree(Map.of("message", Map.of("text", "hello")));

        assertThat(lexicons.validateRecord("app.bsky.feed.post", tooLong)).singleElement().asString().contains("300 graphemes");
        assertThat(lexicons.validateRecord("app.bsky.feed.post", badFacet)).hasSize(3);
        assertThat(lexicons.validateRecord("app.bsky.feed.threadgate", badGate)).singleElement().asString().contains("at-uri");
        assertThat(lexicons.validateInput("chat.bsky.convo.sendMessage", noConvo)).containsExactly("input.convoId: required");
        assertThat(lexicons.validateParams("chat.bsky.convo.getConvoForMembers", Map.of("members", List.of("bo.bsky.social"))))
                .singleElement().asString().contains("did");
    }

    @Test
    void aCustomersDmIsHeardAndJoinsTheirOpenCase() {
        notification("mention", "3kdd1", "did:plc:bolind", "bo.bsky.social",
                "@acme.bsky.social my order arrived broken and nobody answers", null);
        assertThat(poll().get("found")).containsEntry("bluesky-messages", 0); // the first read only takes the cursor
        stack.runtime.drain();
        String bo = caseOf("did:plc:bolind", "3kdd1");

        stack.send("POST", "/sandbox/bluesky/messages", "{\"from\":\"did:plc:bolind\",\"handle\":\"bo.bsky.social\","
                + "\"text\":\"Here are the details: order 55501\"}", Map.of());
        assertThat(poll().get("found")).containsEntry("bluesky-messages", 1);
        stack.runtime.drain();

        JsonNode theCase = stack.apiJson("GET", "/cases/" + bo, null);
        assertThat(theCase.path("timeline").toString()).contains("Here are the details: order 55501");
        assertThat(stack.apiJson("GET", "/cases?platform=bluesky", null).path("cases")).as("no second case for the DM")
                .hasSize(1);
        assertThat(poll().get("found")).as("the brand's own messages and old ones are not heard again")
                .containsEntry("bluesky-messages", 0);
    }

    @Test
    void aNewCustomerWhoWritesByDmIsAnsweredByDmNeverInPublic() {
        poll(); // the chat log's cursor
        stack.send("POST", "/sandbox/bluesky/messages", "{\"from\":\"did:plc:newbie\",\"handle\":\"newbie.bsky.social\","
                + "\"text\":\"Hi, my order 8812 arrived broken, can you help?\"}", Map.of());
        assertThat(poll().get("found")).containsEntry("bluesky-messages", 1);
        stack.runtime.drain();

        assertThat(calls("com.atproto.repo.createRecord")).as("nothing public for a DM").isEmpty();
        assertThat(calls("chat.bsky.convo.sendMessage")).isNotEmpty().allSatisfy(c ->
                assertThat(c.path("body").path("message").path("text").asText()).isNotBlank());
        assertThat(stack.apiJson("GET", "/cases?platform=bluesky", null).path("cases")).singleElement()
                .satisfies(c -> assertThat(c.toString()).contains("did:plc:newbie"));
    }

    @Test
    void hidingAReplyKeepsTheThreadgatesReplyRulesAndUnhidingTakesOnlyItOut() {
        stack.send("POST", "/sandbox/bluesky/records", Json.write(Map.of("collection", "app.bsky.feed.threadgate", "rkey", "3root",
                "value", Map.of("$type", "app.bsky.feed.threadgate", "post", ROOT, "createdAt", "2026-11-20T08:00:00.000Z",
                        "allow", List.of(Map.of("$type", "app.bsky.feed.threadgate#followerRule")),
                        "hiddenReplies", List.of("at://did:plc:old/app.bsky.feed.post/3old")))), Map.of());
        notification("reply", "3kee1", "did:plc:spammer", "cheap-pills.bsky.social",
                "@acme.bsky.social my widget broke and you are all clowns", ROOT);
        poll();
        stack.runtime.drain();
        String spam = caseOf("did:plc:spammer", "3kee1");
        String reply = "at://did:plc:spammer/app.bsky.feed.post/3kee1";

        assertThat(stack.api("POST", "/cases/" + spam + "/moderate",
                "{\"action\":\"hide\",\"category\":\"spam\",\"reason\":\"a link farm\"}").statusCode()).isEqualTo(200);
        stack.runtime.drain();
        JsonNode hidden = calls("com.atproto.repo.putRecord").get(0).path("body");
        assertThat(hidden.path("rkey").asText()).isEqualTo("3root");
        assertThat(hidden.path("swapRecord").asText()).startsWith("bafy");
        assertThat(hidden.path("record").path("allow").toString()).contains("followerRule");
        assertThat(hidden.path("record").path("createdAt").asText()).isEqualTo("2026-11-20T08:00:00.000Z");
        assertThat(hidden.path("record").path("hiddenReplies")).extracting(JsonNode::asText)
                .containsExactly("at://did:plc:old/app.bsky.feed.post/3old", reply);

        assertThat(stack.api("POST", "/cases/" + spam + "/moderate",
                "{\"action\":\"unhide\",\"category\":\"spam\",\"reason\":\"a real customer after all\"}").statusCode()).isEqualTo(200);
        stack.runtime.drain();
        JsonNode shown = calls("com.atproto.repo.putRecord").get(1).path("body");
        assertThat(shown.path("record").path("allow").toString()).contains("followerRule");
        assertThat(shown.path("record").path("hiddenReplies")).extracting(JsonNode::asText)
                .containsExactly("at://did:plc:old/app.bsky.feed.post/3old");
        assertThat(stack.apiJson("GET", "/cases/" + spam, null).path("timeline").findValuesAsText("note").toString())
                .contains("category spam: unhidden");
    }

    @Test
    void aHideOnAThreadWithoutAThreadgateCreatesOneThatLetsEveryoneReply() {
        notification("reply", "3kff1", "did:plc:spammer", "cheap-pills.bsky.social",
                "@acme.bsky.social my widget broke and you are all clowns", ROOT);
        poll();
        stack.runtime.drain();

        stack.api("POST", "/cases/" + caseOf("did:plc:spammer", "3kff1") + "/moderate",
                "{\"action\":\"hide\",\"category\":\"spam\",\"reason\":\"a link farm\"}");
        stack.runtime.drain();

        JsonNode created = calls("com.atproto.repo.putRecord").get(0).path("body");
        assertThat(created.has("swapRecord")).isTrue();
        assertThat(created.get("swapRecord").isNull()).as("created only if none exists").isTrue();
        assertThat(created.path("record").has("allow")).as("no allow list: anyone may still reply").isFalse();
        assertThat(created.path("record").path("post").asText()).isEqualTo(ROOT);
    }
}
