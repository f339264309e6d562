package io.careloop.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.local.runtime.EmbeddedDynamoDb;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The bench's DynamoDB bill against DynamoDB Local's own figures where those follow DynamoDB's published rule
 * (single writes, with their index changes), and the transaction rule where they do not.
 */
class WriteBillTest {
    private static final String TABLE = "bill";
    private static EmbeddedDynamoDb local;
    private static DynamoDbClient dynamo;
    private static WriteBill bill;

    @BeforeAll
    static void start() {
        local = EmbeddedDynamoDb.start(null);
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(local.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"), attr("sk"), attr("g1pk"), attr("g1sk"), attr("g2pk"), attr("g2sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("all").keySchema(key("g1pk", KeyType.HASH), key("g1sk", KeyType.RANGE))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("narrow").keySchema(key("g2pk", KeyType.HASH), key("g2sk", KeyType.RANGE))
                                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes("small").build())
                                .build()));
        bill = new WriteBill(dynamo, TABLE);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        local.close();
    }

    @Test
    void singleWritesAreBilledAsDynamoDbLocalReportsThem() {
        assertThat(billedAndReported(put(item("a", 100, false, false)))).satisfies(BillTest::same);
        assertThat(billedAndReported(put(item("b", 1500, true, true)))).satisfies(BillTest::same);
        assertThat(billedAndReported(put(item("b", 1500, true, true)))).as("unchanged").satisfies(BillTest::same);
        assertThat(billedAndReported(update("b", "SET g1sk = :v", ":v", "moved"))).as("a moved key").satisfies(BillTest::same);
        assertThat(billedAndReported(update("b", "SET flag = :v", ":v", "x"))).as("not projected by one index").satisfies(BillTest::same);
        assertThat(billedAndReported(update("b", "SET small = :v", ":v", "y"))).as("projected by both").satisfies(BillTest::same);
        assertThat(billedAndReported(put(item("c", 2100, false, true)))).satisfies(BillTest::same);
    }

    @Test
    void aTransactionIsBilledTwicePerItemKilobytePlusItsIndexWrites() {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item("t1", 100, true, false)).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item("t2", 100, false, false)).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(item("t3", 1500, false, true)).build()).build())
                .build();
        var keys = bill.keysOf(request);
        var before = bill.images(keys.keySet());
        dynamo.transactWriteItems(request);

        // 2×1 + 2×1 + 2×2 for the items, 1 for t1's entry in "all", 1 for t3's in "narrow"
        assertThat(bill.units(keys, before, bill.images(keys.keySet()))).isEqualTo(10.0);
    }

    private record BillTest(double billed, double reported) {
        static void same(BillTest b) {
            assertThat(b.billed()).isEqualTo(b.reported());
        }
    }

    private BillTest billedAndReported(Object request) {
        var keys = bill.keysOf(request);
        var before = bill.images(keys.keySet());
        double reported = request instanceof PutItemRequest p
                ? dynamo.putItem(p.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity().capacityUnits()
                : dynamo.updateItem(((UpdateItemRequest) request).toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build())
                        .consumedCapacity().capacityUnits();
        return new BillTest(bill.units(keys, before, bill.images(keys.keySet())), reported);
    }

    private static PutItemRequest put(Map<String, AttributeValue> item) {
        return PutItemRequest.builder().tableName(TABLE).item(item).build();
    }

    private static UpdateItemRequest update(String id, String expression, String name, String value) {
        return UpdateItemRequest.builder().tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS(id), "sk", AttributeValue.fromS("X")))
                .updateExpression(expression).expressionAttributeValues(Map.of(name, AttributeValue.fromS(value))).build();
    }

    private static Map<String, AttributeValue> item(String id, int bytes, boolean wide, boolean narrow) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(id));
        item.put("sk", AttributeValue.fromS("X"));
        item.put("small", AttributeValue.fromS("s"));
        item.put("body", AttributeValue.fromS("x".repeat(Math.max(1, bytes - 20))));
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

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
