package io.careloop.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A platform's rate limit shared by every Lambda instance: one counter item per account and fixed window
 * ({@code RATE#x:1000000001#<window start>}), taken with a conditional increment, so two instances can never
 * both take the last call. Windows are aligned to the epoch (X's 15-minute windows, Mastodon's 5-minute ones)
 * and expire by TTL.
 */
public final class RateBudget {
    /** A budget: {@code limit} calls per {@code window}. */
    public record Limit(int calls, Duration window) {
        /** "100/15m", "300/5m", "1500/1h". */
        public static Limit parse(String text) {
            String[] parts = text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a rate limit looks like 100/15m, not " + text);
            }
            return new Limit(Integer.parseInt(parts[0].trim()), io.careloop.config.Settings.parseDuration("rate limit", parts[1].trim()));
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public RateBudget(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Takes one call from the bucket's current window.
     *
     * @return empty when taken; otherwise when the window ends and calls may go again
     */
    public Optional<Instant> take(String bucket, Limit limit, Instant now) {
        long windowMillis = limit.window().toMillis();
        long start = now.toEpochMilli() / windowMillis * windowMillis;
        Instant end = Instant.ofEpochMilli(start + windowMillis);
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS("RATE#" + bucket + "#" + start), "sk", AttributeValue.fromS("RATE")))
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
