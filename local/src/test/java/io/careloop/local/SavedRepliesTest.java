package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.CaseIds;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A team's saved reply stored in DynamoDB Local, sent to a customer through the real pipeline. */
class SavedRepliesTest {
    @RegisterExtension
    final TestStack stack = TestStack.perTest(TestStack.withoutReview());

    @Test
    void aSavedReplyIsStoredPerTeamAndPostedFilledForTheCustomer() {
        HttpResponse<String> saved = stack.api("PUT", "/teams/Care/replies/replacement", "{\"title\": \"Replacement\", "
                + "\"text\": \"{greeting}I'm sorry about your {topic}: a replacement is on its way today. {signature}\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(stack.apiJson("GET", "/teams/Care/replies", null).path("replies").findValuesAsText("title"))
                .containsExactly("Replacement");
        assertThat(stack.apiJson("GET", "/teams/Billing/replies", null).path("replies")).isEmpty();

        stack.postWebhook(TestStack.mention("x", "990", "99", "jo_p", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#990");
        assertThat(stack.api("POST", "/cases/" + caseId + "/reply", "{\"savedReply\": \"replacement\"}").statusCode())
                .isEqualTo(202);
        stack.runtime.drain();

        List<String> posted = stack.postsMentioning("@jo_p").stream().map(p -> p.path("body").path("text").asText()).toList();
        assertThat(posted).anySatisfy(t -> assertThat(t).startsWith("@jo_p I'm sorry about your widget: a replacement")
                .doesNotContain("{"));
        assertThat(stack.api("DELETE", "/teams/Care/replies/replacement", null).statusCode()).isEqualTo(200);
        assertThat(stack.api("GET", "/teams/Care/replies/replacement", null).statusCode()).isEqualTo(404);
    }
}
