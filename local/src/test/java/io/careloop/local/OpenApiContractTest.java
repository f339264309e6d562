package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import io.careloop.local.runtime.StackTemplate;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agents' API against its OpenAPI description: every documented operation is routed by template.yaml
 * and answers with a documented status and, on success, the documented required properties; every route
 * of the API is documented.
 */
class OpenApiContractTest {
    @RegisterExtension
    static final TestStack stack = TestStack.perClass();
    private static JsonNode doc;

    @BeforeAll
    static void start() {
        HttpResponse<String> served = stack.send("GET", "/openapi.json", null, Map.of());
        assertThat(served.statusCode()).as("served without a token").isEqualTo(200);
        doc = Json.read(served.body(), JsonNode.class);
    }

    private record Operation(String method, String path, JsonNode spec) {
    }

    private static List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m ->
                ops.add(new Operation(m.getKey().toUpperCase(), p.getKey(), m.getValue()))));
        return ops;
    }

    private static boolean matches(String templatePath, String documentedPath) {
        String[] t = templatePath.split("/");
        String[] d = documentedPath.split("/");
        if (t.length != d.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].startsWith("{") && !t[i].equals(d[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theDescriptionIsAnOpenApi3DocumentWithAnOperationIdForEveryOperation() {
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(operations()).hasSizeGreaterThanOrEqualTo(13)
                .allSatisfy(op -> assertThat(op.spec().path("operationId").asText()).isNotBlank());
    }

    @Test
    void everyDocumentedOperationIsRoutedAndEveryAgentRouteIsDocumented() {
        List<StackTemplate.HttpRoute> routes = stack.runtime.routes().stream()
                .filter(r -> !r.path().startsWith("/webhooks/")).toList();
        for (Operation op : operations()) {
            assertThat(routes).as(op.method() + " " + op.path() + " is routed")
                    .anyMatch(r -> r.method().equals(op.method()) && matches(r.path(), op.path()));
        }
        for (StackTemplate.HttpRoute r : routes) {
            assertThat(operations()).as(r + " is documented")
                    .anyMatch(op -> r.method().equals(op.method()) && matches(r.path(), op.path()));
        }
    }

    @Test
    void everyOperationAnswersWithADocumentedStatusAndShape() {
        stack.postWebhook(TestStack.mention("x", "900", "90", "contract", "@AcmeHelp my widget stopped working"));
        stack.postWebhook(TestStack.mention("x", "901", "91", "spammer", "@AcmeHelp my charger is broken"));
        for (String[] m : List.of(new String[] {"910", "@AcmeHelp your site is down, I can't log in"},
                new String[] {"911", "@AcmeHelp is the site down? I can't log in at all"},
                new String[] {"912", "@AcmeHelp outage again?? nothing loads, can't log in"})) {
            stack.postWebhook(TestStack.mention("x", m[0], "9" + m[0], "u" + m[0], m[1]));
        }
        stack.runtime.drain();
        String caseId = CaseIds.forOpeningMention("x#900");
        String otherCase = CaseIds.forOpeningMention("x#901");
        String incident = stack.apiJson("GET", "/incidents", null).path("incidents").get(0).path("id").asText();
        // The incident's community post waits for review under the shipped policy: the drafts' routes act on it.
        String draft = stack.apiJson("GET", "/drafts", null).path("drafts").get(0).path("id").asText();

        Set<String> exercised = new HashSet<>();
        for (Operation op : operations()) {
            boolean moderation = op.path().endsWith("/moderate");
            String path = op.path().replace("{file}", "config.json").replace("{team}", "Care").replace("{id}", op.path().startsWith("/incidents")
                    ? incident : op.path().startsWith("/drafts") ? draft : moderation ? otherCase : caseId);
            JsonNode example = op.spec().path("requestBody").path("content").path("application/json").path("example");
            String body = example.isMissingNode() ? null : Json.write(example);
            HttpResponse<String> response = op.method().equals("GET")
                    ? stack.api("GET", path, null) : stack.api(op.method(), path, body);
            JsonNode documented = op.spec().path("responses").path(Integer.toString(response.statusCode()));
            assertThat(documented.isMissingNode()).as(op.method() + " " + path + " answered " + response.statusCode()
                    + " " + response.body() + ", not a documented status").isFalse();
            boolean json = response.headers().firstValue("content-type").orElse("").startsWith("application/json");
            if (response.statusCode() < 300 && json) {
                assertRequiredProperties(documented.path("content").path("application/json").path("schema"),
                        Json.read(response.body(), JsonNode.class), op.method() + " " + op.path());
            }
            exercised.add(op.method() + " " + op.path());

            // The same operation on something that does not exist, or with an empty body, is refused as documented.
            if (op.path().contains("{id}")) {
                String missing = op.path().replace("{team}", "Care").replace("{id}", op.path().startsWith("/incidents") ? "i_0000000000000000"
                        : "c_0000000000000000");
                HttpResponse<String> notFound = stack.api(op.method(), missing, body);
                assertThat(op.spec().path("responses").has(Integer.toString(notFound.statusCode())))
                        .as(op.method() + " " + missing + " -> " + notFound.statusCode()).isTrue();
            }
            if (op.method().equals("POST")) {
                HttpResponse<String> empty = stack.api("POST", path, "{}");
                assertThat(empty.statusCode()).as(op.method() + " " + path + " with {}").isIn(400, 409);
                assertThat(op.spec().path("responses").has(Integer.toString(empty.statusCode()))).isTrue();
            }
        }
        assertThat(exercised).hasSize(operations().size());
    }

    private static void assertRequiredProperties(JsonNode schema, JsonNode value, String where) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("allOf")) {
            resolved.path("allOf").forEach(part -> assertRequiredProperties(part, value, where));
            return;
        }
        for (JsonNode required : resolved.path("required")) {
            assertThat(value.has(required.asText())).as(where + " returns '" + required.asText() + "'").isTrue();
        }
        if (resolved.path("properties").isObject()) {
            Iterator<Map.Entry<String, JsonNode>> props = resolved.path("properties").fields();
            while (props.hasNext()) {
                var p = props.next();
                JsonNode item = resolve(p.getValue()).path("items");
                if (!item.isMissingNode() && value.path(p.getKey()).isArray() && !value.path(p.getKey()).isEmpty()) {
                    assertRequiredProperties(item, value.path(p.getKey()).get(0), where + "." + p.getKey() + "[0]");
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return doc.path("components").path("schemas").path(name);
        }
        return schema;
    }
}
