package io.careloop.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which chat log events become mentions: a customer's new message does; the rest of the log does not. */
class BlueskyMessagesTest {
    private static final String BRAND = "did:plc:acmehelp0000000000000001";

    private static JsonNode log(String logType, String messageType, String sender) {
        return Json.mapper().valueToTree(Map.of("$type", logType, "rev", "0000000000000007", "convoId", "3kconvo",
                "message", Map.of("$type", messageType, "id", "3kmsg", "rev", "0000000000000007",
                        "text", "It is order 55501", "sender", Map.of("did", sender), "sentAt", "2026-11-26T09:30:00.000Z"),
                "relatedProfiles", List.of(Map.of("did", sender, "handle", "bo.bsky.social", "displayName", "Bo Lind"))));
    }

    @Test
    void aCustomersNewMessageIsAPrivateDirectMentionInTheirConversation() {
        Mention m = BlueskyMessages.fromLog(log("chat.bsky.convo.defs#logCreateMessage", "chat.bsky.convo.defs#messageView",
                "did:plc:bolind"), BRAND).orElseThrow();

        assertThat(m.platform()).isEqualTo(Platform.BLUESKY);
        assertThat(m.isPrivate()).isTrue();
        assertThat(m.direct()).isTrue();
        assertThat(m.author().id()).isEqualTo("did:plc:bolind");
        assertThat(m.author().handle()).isEqualTo("bo.bsky.social");
        assertThat(m.threadId()).isEqualTo("dm-did:plc:bolind");
        assertThat(m.id()).isEqualTo("dm:3kconvo:3kmsg");
        assertThat(m.text()).isEqualTo("It is order 55501");
    }

    @Test
    void theBrandsOwnMessagesDeletedMessagesAndOtherEventsAreSkipped() {
        assertThat(BlueskyMessages.fromLog(log("chat.bsky.convo.defs#logCreateMessage", "chat.bsky.convo.defs#messageView",
                BRAND), BRAND)).as("the brand's own").isEmpty();
        assertThat(BlueskyMessages.fromLog(log("chat.bsky.convo.defs#logCreateMessage",
                "chat.bsky.convo.defs#deletedMessageView", "did:plc:bolind"), BRAND)).as("deleted").isEmpty();
        assertThat(BlueskyMessages.fromLog(log("chat.bsky.convo.defs#logReadMessage", "chat.bsky.convo.defs#messageView",
                "did:plc:bolind"), BRAND)).as("a read receipt").isEmpty();
    }
}
