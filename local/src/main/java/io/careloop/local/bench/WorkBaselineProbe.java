package io.careloop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The TriageFunction's work without careloop: the SQS event parsed with Jackson, then the requests a new case makes,
 * in the same order and of the same kinds, sizes and indexes (the webhook heartbeat, one consistent BatchGetItem of
 * five keys, one TransactWriteItems of six puts with the inbox and due index attributes and one update, the topic's
 * query, the report counter's update, the roster's query, then the SQS client built and one SendMessageBatch), on throwaway
 * keys and index partitions nobody reads — then {@code READY <classes loaded>}. Against it, the triage cold start
 * says how much careloop's own code costs beyond the AWS requests its path needs; against {@link BaselineProbe},
 * how much the whole path costs.
 *
 * <pre>java ... WorkBaselineProbe EVENT.json</pre>
 */
public final class WorkBaselineProbe {
    private WorkBaselineProbe() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode event = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0])));
        JsonNode body = new ObjectMapper().readTree(event.path("Records").get(0).path("body").asText());
        String run = "WORK#" + body.path("id").asText() + "#" + System.nanoTime();
        String table = System.getenv("TABLE_NAME");
        Region region = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("careloop", "careloop"));
        DynamoDbClient dynamo = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .endpointOverride(URI.create(System.getenv("CARELOOP_DYNAMODB_ENDPOINT")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();

        dynamo.updateItem(r -> r.tableName(table).key(key(run + "#HEARTBEAT", "HEARTBEAT"))
                .updateExpression("SET heardAt = :now").expressionAttributeValues(Map.of(":now", s("2026-11-26T00:00:00Z"))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String k : List.of("OPEN", "PROFILE", "THREAD", "CLAIM", "INCIDENT")) {
            keys.add(key(run + "#" + k, k));
        }
        dynamo.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
        String text = body.path("text").asText();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(put(table, item(run + "#CLAIM", "CLAIM", Map.of("outcome", s("case"), "claimedAt", s("2026-11-26T00:00:00Z")))));
        items.add(put(table, item(run + "#CASE", "CASE", Map.of("text", s(text), "status", s("NEW"), "priority", s("P3"),
                "author", s(body.path("author").toString()), "gsi1pk", s("WORK#INBOX"), "gsi1sk", s("2026-11-26T04:00:00Z#" + run)))));
        items.add(put(table, item(run + "#OPEN", "OPEN", Map.of("caseId", s(run)))));
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(run + "#PROFILE", "PROFILE"))
                .updateExpression("ADD cases :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .build()).build());
        items.add(put(table, item(run + "#CASE", "TL#2026-11-26T00:00:00Z#" + run, Map.of("text", s(text), "kind", s("mention")))));
        items.add(put(table, item(run + "#CASE", "DUE#FOLLOW_UP", Map.of("duePk", s("WORK#DUE"), "dueAt", s("2026-11-26T04:00:00Z"),
                "caseId", s(run), "kind", s("FIRST_RESPONSE_SLA")))));
        items.add(put(table, item(run + "#TOPIC", "SIGHTING#" + run, Map.of("at", s("2026-11-26T00:00:00Z")))));
        dynamo.transactWriteItems(r -> r.transactItems(items));
        dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :pk").filterExpression("#at >= :since")
                .expressionAttributeNames(Map.of("#at", "at"))
                .expressionAttributeValues(Map.of(":pk", s(run + "#TOPIC"), ":since", s("2026-11-25T23:00:00Z"))).consistentRead(true));
        dynamo.updateItem(r -> r.tableName(table).key(key(run + "#REPORT", "DAY"))
                .updateExpression("ADD opened :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(run + "#AGENTS"))));
        SqsClient sqs = SqsClient.builder().region(region).credentialsProvider(credentials)
                .endpointOverride(URI.create(System.getenv("CARELOOP_SQS_ENDPOINT")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sqs.sendMessageBatch(r -> r.queueUrl(System.getenv("ACTION_QUEUE_URL")).entries(SendMessageBatchRequestEntry.builder()
                .id("0").messageBody("{\"baseline\":\"" + run + "\"}").messageGroupId(run).messageDeduplicationId(run).build()));
        System.out.println("READY " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
        System.exit(0);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return new HashMap<>(Map.of("pk", s(pk), "sk", s(sk)));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = key(pk, sk);
        item.putAll(attributes);
        return item;
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }
}
