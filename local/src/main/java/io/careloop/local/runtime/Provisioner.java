package io.careloop.local.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the table and queues exactly as template.yaml declares them (keys, indexes, FIFO, visibility
 * timeout, dead-letter queues and maxReceiveCount), against embedded services or any AWS endpoint.
 * Safe to run again: existing resources are kept.
 */
final class Provisioner {
    private final StackTemplate template;

    Provisioner(StackTemplate template) {
        this.template = template;
    }

    /** @return physical table name by logical id */
    Map<String, String> createTables(DynamoDbClient dynamo) {
        Map<String, String> names = new HashMap<>();
        for (String id : template.resourcesOfType("AWS::DynamoDB::Table")) {
            Map<String, Object> p = template.properties(id);
            String name = template.tableName(id);
            List<AttributeDefinition> attributes = StackTemplate.list(p.get("AttributeDefinitions")).stream()
                    .map(StackTemplate::map)
                    .map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                            .attributeType((String) a.get("AttributeType")).build())
                    .toList();
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (Object o : StackTemplate.list(p.get("GlobalSecondaryIndexes"))) {
                Map<String, Object> gsi = StackTemplate.map(o);
                Map<String, Object> projection = StackTemplate.map(gsi.get("Projection"));
                Projection.Builder pb = Projection.builder().projectionType((String) projection.get("ProjectionType"));
                if (projection.get("NonKeyAttributes") != null) {
                    pb.nonKeyAttributes(StackTemplate.list(projection.get("NonKeyAttributes")).stream()
                            .map(String::valueOf).toList());
                }
                indexes.add(GlobalSecondaryIndex.builder().indexName((String) gsi.get("IndexName"))
                        .keySchema(keys(gsi.get("KeySchema"))).projection(pb.build()).build());
            }
            try {
                dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes).keySchema(keys(p.get("KeySchema")))
                        .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
                dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
            } catch (ResourceInUseException e) {
                // kept from an earlier run
            }
            names.put(id, name);
        }
        return names;
    }

    private static List<KeySchemaElement> keys(Object schema) {
        return StackTemplate.list(schema).stream().map(StackTemplate::map)
                .map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType")).build())
                .toList();
    }

    /** Dead-letter queues first, so the queues that redrive to them can name their ARNs. @return URL by logical id */
    Map<String, String> createQueues(SqsClient sqs) {
        Map<String, String> urls = new HashMap<>();
        List<StackTemplate.Queue> queues = new ArrayList<>(template.queues());
        queues.sort((a, b) -> Boolean.compare(a.deadLetterQueue() != null, b.deadLetterQueue() != null));
        Map<String, String> arns = new HashMap<>();
        for (StackTemplate.Queue q : queues) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(q.visibilityTimeout()));
            if (q.fifo()) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            if (q.deadLetterQueue() != null) {
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\""
                        + arns.get(q.deadLetterQueue()) + "\",\"maxReceiveCount\":\"" + q.maxReceiveCount() + "\"}");
            }
            String url = sqs.createQueue(r -> r.queueName(q.name()).attributes(attributes)).queueUrl();
            urls.put(q.logicalId(), url);
            arns.put(q.logicalId(), sqs.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        }
        return urls;
    }
}
