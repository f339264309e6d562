package io.careloop.store.dynamo;

import io.careloop.store.PostingBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One counter item per bucket and window ({@code RATE#x:1000000001#<window start>}), taken with a conditional
 * increment so two instances can never both take the last call; windows expire by TTL.
 */
final class DynamoPostingBudget implements PostingBudget {
    private final DynamoTable table;

    DynamoPostingBudget(DynamoTable table) {
        this.table = table;
    }

    @Override
    public Optional<Instant> take(String bucket, Limit limit, Instant now) {
        long windowMillis = limit.window().toMillis();
        long start = now.toEpochMilli() / windowMillis * windowMillis;
        Instant end = Instant.ofEpochMilli(start + windowMillis);
        try {
            table.dynamo.updateItem(r -> r.tableName(table.name)
                    .key(TableKeys.rateWindow(bucket, start))
                    .updateExpression("ADD used :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(used) OR used < :limit")
                    .expressionAttributeNames(Map.of("#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(limit.calls())),
                            ":ttl", AttributeValue.fromN(Long.toString(end.plus(Duration.ofHours(1)).getEpochSecond())))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(end);
        }
    }
}
