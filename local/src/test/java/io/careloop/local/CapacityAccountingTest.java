package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.local.runtime.EmbeddedDynamoDb;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * How DynamoDB Local accounts write capacity, the measure {@code careloop bench} reports: what a write costs by
 * item size, by request kind (single write or transaction) and by secondary-index key changes. The store's layout
 * is designed against these figures (docs/performance.md, "How DynamoDB Local counts write units").
 */
class CapacityAccountingTest {
    private static EmbeddedDynamoDb local;
    private static DynamoDbClient dynamo;
    private static int tables;
    private int transacted;
    private String table;

    @BeforeAll
    static void start() {
        local = EmbeddedDynamoDb.start(null);
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(local.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        local.close();
    }

    /** A table like careloop's: an index projecting everything (inbox) and one projecting three attributes (due). */
    @BeforeEach
    void createTable() {
        table = "probe" + (++tables);
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"), attr("sk"), attr("g1pk"), attr("g1sk"), attr("g2pk"), attr("g2sk"))
                .keySchema(hash("pk"), range("sk"))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("all").keySchema(hash("g1pk"), range("g1sk"))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("narrow").keySchema(hash("g2pk"), range("g2sk"))
                                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("small").build()).build()));
    }

    @Test
    void aSingleWriteCostsOneUnitPerStartedKilobyteOfTheLargerOfTheOldAndNewItem() {
        assertThat(put(item("a", 100))).isEqualTo(1.0);
        assertThat(put(item("b", 1500))).isEqualTo(2.0);
        assertThat(put(item("c", 2100))).isEqualTo(3.0);
        assertThat(put(item("b", 100))).as("a 1.5 KB item overwritten by a small one").isEqualTo(2.0);
        put(item("d", 1500));
        assertThat(update("d", "SET flag = :v", Map.of(":v", AttributeValue.fromS("x"))))
                .as("an update is billed on the whole item, not on what it sets").isEqualTo(2.0);
    }

    @Test
    void eachIndexAnItemIsInAddsItsOwnWriteAndAMovedIndexKeyAddsTwo() {
        assertThat(put(indexed("a", 100, true, false))).as("in the index projecting everything").isEqualTo(2.0);
        assertThat(put(indexed("b", 100, false, true))).as("in the narrow index").isEqualTo(2.0);
        assertThat(put(indexed("c", 100, true, true))).as("in both").isEqualTo(3.0);
        assertThat(put(indexed("c", 100, true, true))).as("the same item again: no index changes").isEqualTo(1.0);
        assertThat(put(indexed("d", 1500, true, false))).as("1.5 KB projected in full").isEqualTo(4.0);
        assertThat(put(indexed("e", 1500, false, true))).as("1.5 KB, three small attributes projected").isEqualTo(3.0);

        assertThat(set("a", "flag")).as("ALL projection: every change rewrites the index entry").isEqualTo(2.0);
        assertThat(set("b", "flag")).as("a change to an attribute the index does not project").isEqualTo(1.0);
        assertThat(set("b", "small")).as("a change to a projected attribute").isEqualTo(2.0);
        assertThat(set("a", "g1sk")).as("a moved index key: delete and put in the index").isEqualTo(3.0);
        assertThat(update("b", "REMOVE g2pk, g2sk", Map.of())).as("leaving a sparse index").isEqualTo(2.0);
    }

    @Test
    void aTransactionReportsFourTimesTheSumOfItsItemsDistinctSingleWriteCosts() {
        assertThat(transact(puts(100))).isEqualTo(4.0);
        assertThat(transact(puts(100, 100, 100, 100, 100, 100, 100, 100))).as("eight 1-unit items").isEqualTo(4.0);
        assertThat(transact(puts(1100))).isEqualTo(8.0);
        assertThat(transact(puts(1100, 1100, 1100))).as("three 2-unit items").isEqualTo(8.0);
        assertThat(transact(puts(1100, 100))).as("a 2-unit and a 1-unit item").isEqualTo(12.0);
        assertThat(transact(puts(2100, 1100, 100))).as("3, 2 and 1 unit").isEqualTo(24.0);
        assertThat(transact(List.of(putItem(indexed("t", 100, true, false)), putItem(item("u", 100)))))
                .as("an indexed item (2) and a plain one (1)").isEqualTo(12.0);
    }

    @Test
    void aWriteRefusedByItsConditionReportsNoCapacity() {
        put(item("a", 100));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item("a", 100)).conditionExpression("attribute_not_exists(pk)")
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            throw new AssertionError("the condition should have refused the write");
        } catch (ConditionalCheckFailedException e) {
            assertThat(e.statusCode()).isEqualTo(400); // an error carries no ConsumedCapacity (DynamoDB bills it)
        }
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    /** An item of about {@code bytes} bytes (keys and attribute names included). */
    private static Map<String, AttributeValue> item(String id, int bytes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(id));
        item.put("sk", AttributeValue.fromS("X"));
        item.put("small", AttributeValue.fromS("s"));
        item.put("body", AttributeValue.fromS("x".repeat(Math.max(1, bytes - 20))));
        return item;
    }

    private Map<String, AttributeValue> indexed(String id, int bytes, boolean wide, boolean narrow) {
        Map<String, AttributeValue> item = item(id, bytes);
        if (wide) {
            item.put("g1pk", AttributeValue.fromS("INBOX"));
            item.put("g1sk", AttributeValue.fromS("2026-11-26T10:00:00Z"));
        }
        if (narrow) {
            item.put("g2pk", AttributeValue.fromS("DUE"));
            item.put("g2sk", AttributeValue.fromS("2026-11-26T10:00:00Z"));
        }
        return item;
    }

    private double set(String id, String attribute) {
        return update(id, "SET #a = :v", Map.of(":v", AttributeValue.fromS("changed")), Map.of("#a", attribute));
    }

    private List<TransactWriteItem> puts(int... sizes) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int size : sizes) {
            items.add(putItem(item("tx" + (++transacted), size)));
        }
        return items;
    }

    private double put(Map<String, AttributeValue> item) {
        return dynamo.putItem(r -> r.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
    }

    private double update(String id, String expression, Map<String, AttributeValue> values) {
        return update(id, expression, values, null);
    }

    private double update(String id, String expression, Map<String, AttributeValue> values, Map<String, String> names) {
        return dynamo.updateItem(r -> r.tableName(table).key(key(id)).updateExpression(expression)
                        .expressionAttributeValues(values.isEmpty() ? null : values).expressionAttributeNames(names)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
    }

    private TransactWriteItem putItem(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private double transact(List<TransactWriteItem> items) {
        var response = dynamo.transactWriteItems(r -> r.transactItems(new ArrayList<>(items))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        return response.consumedCapacity().stream().mapToDouble(c -> c.capacityUnits()).sum();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", AttributeValue.fromS(id), "sk", AttributeValue.fromS("X"));
    }
}
