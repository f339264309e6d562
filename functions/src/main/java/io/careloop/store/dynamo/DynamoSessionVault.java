package io.careloop.store.dynamo;

import io.careloop.store.SessionVault;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One item per session ({@code SESSION#key}): the sealed value, a version, and the renewal lease, taken and
 * released with conditional writes so two instances can never renew at once. The item expires by TTL when the
 * session is of no more use. The table is encrypted at rest; the value is also sealed by its owner.
 */
final class DynamoSessionVault implements SessionVault {
    private final DynamoTable table;

    DynamoSessionVault(DynamoTable table) {
        this.table = table;
    }

    @Override
    public Optional<Entry> read(String key) {
        Map<String, AttributeValue> item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.session(key))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue sealed = item.get("sealed");
        AttributeValue version = item.get("version");
        AttributeValue owner = item.get("leaseOwner");
        AttributeValue until = item.get("leaseUntil");
        return Optional.of(new Entry(sealed == null ? null : sealed.s(), version == null ? 0 : Long.parseLong(version.n()),
                owner == null ? null : owner.s(), until == null ? null : Instant.ofEpochMilli(Long.parseLong(until.n()))));
    }

    @Override
    public boolean lease(String key, String owner, Instant now, Duration length) {
        try {
            table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.session(key))
                    .updateExpression("SET leaseOwner = :owner, leaseUntil = :until")
                    .conditionExpression("attribute_not_exists(leaseOwner) OR leaseUntil < :now")
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                            ":until", AttributeValue.fromN(Long.toString(now.plus(length).toEpochMilli())),
                            ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean write(String key, String owner, String sealed, Instant expiresAt) {
        try {
            table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.session(key))
                    .updateExpression("SET sealed = :sealed, #ttl = :ttl ADD version :one REMOVE leaseOwner, leaseUntil")
                    .conditionExpression("leaseOwner = :owner")
                    .expressionAttributeNames(Map.of("#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":sealed", AttributeValue.fromS(sealed),
                            ":ttl", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())),
                            ":one", AttributeValue.fromN("1"), ":owner", AttributeValue.fromS(owner))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String key, String owner) {
        try {
            table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.session(key))
                    .updateExpression("REMOVE leaseOwner, leaseUntil")
                    .conditionExpression("leaseOwner = :owner")
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))));
        } catch (ConditionalCheckFailedException e) {
            // someone else holds it now (ours had lapsed): nothing to release
        }
    }
}
