package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.local.sandbox.PlatformSandbox;
import io.careloop.local.signing.WebhookSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A brand with two X accounts, a main handle and a help handle: a mention of either opens a case that is answered
 * from the account the customer addressed, with that account's own credentials; each account is polled.
 */
class MultiAccountTest {
    private TestStack stack;
    private Path brandFile;

    @BeforeEach
    void start() throws Exception {
        ObjectNode brand = (ObjectNode) Json.parse(MultiAccountTest.class.getResourceAsStream(
                "/io/careloop/config/default-brand.json").readAllBytes());
        ((ArrayNode) brand.path("accounts")).addObject().put("platform", "x").put("id", "1000000002").put("handle", "AcmeSupport");
        brandFile = Files.createTempFile("careloop-brand", ".json");
        Files.writeString(brandFile, Json.write(brand));
        stack = new TestStack(Map.of("CARELOOP_CONFIG", brandFile.toString(),
                "CARELOOP_X_1000000002_ACCESS_TOKEN", "support-token"));
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        Files.deleteIfExists(brandFile);
    }

    private void tweetTo(String accountId, String accountHandle, String id, String authorId, String handle, String text) {
        String body = Json.write(Map.of("for_user_id", accountId, "tweet_create_events", List.of(Map.of(
                "id_str", id, "text", "@" + accountHandle + " " + text,
                "user", Map.of("id_str", authorId, "screen_name", handle, "name", handle),
                "entities", Map.of("user_mentions", List.of(Map.of("id_str", accountId, "screen_name", accountHandle)))))));
        assertThat(stack.send("POST", "/webhooks/x", body, WebhookSigner.x("dev-x-consumer-secret", body)).statusCode())
                .isEqualTo(202);
    }

    @Test
    void eachCaseIsAnsweredFromTheAccountTheCustomerAddressedWithItsOwnToken() {
        // Only the help handle's token is accepted: a reply sent with the main handle's token is refused.
        stack.send("POST", "/sandbox/tokens", "{\"platform\":\"x\",\"accept\":[\"support-token\"]}", Map.of());
        tweetTo("1000000002", "AcmeSupport", "1870000000000000501", "601", "via_help", "my order never arrived, terrible");
        tweetTo("1000000001", "AcmeHelp", "1870000000000000502", "602", "via_main", "the app crashes every time, useless");
        stack.runtime.drain();

        JsonNode viaHelp = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#1870000000000000501"), null);
        assertThat(viaHelp.path("brandAccount").asText()).isEqualTo("1000000002");
        assertThat(stack.postsMentioning("@via_help")).as("answered by the help handle, with its token").hasSize(1);
        JsonNode viaMain = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#1870000000000000502"), null);
        assertThat(viaMain.path("brandAccount").asText()).isEqualTo("1000000001");
        assertThat(stack.postsMentioning("@via_main")).as("never answered from the wrong account").isEmpty();
        assertThat(viaMain.path("timeline").toString()).contains("x refused careloop's credentials");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachAccountIsPolled() {
        var result = (Map<String, Map<String, Integer>>) stack.runtime.functions().get("PollFunction").invoke(Map.of());
        assertThat(result.get("found")).containsKeys("x-mentions-1000000001", "x-mentions-1000000002", "x-search");
        assertThat(stack.runtime.sandbox().requests().stream().map(PlatformSandbox.Request::path))
                .contains("/x/2/users/1000000001/mentions", "/x/2/users/1000000002/mentions");
    }
}
