package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.core.Platform;
import io.careloop.core.Times;
import io.careloop.store.PollCursors;
import io.careloop.store.WebhookHeartbeats;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Poll cursors, and the webhook heartbeats that tell the poll which sources a webhook is covering. */
final class DynamoPollCursors implements PollCursors, WebhookHeartbeats {
    private final DynamoTable table;

    DynamoPollCursors(DynamoTable table) {
        this.table = table;
    }

    @Override
    public Optional<String> cursor(String source) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.cursor(source)).consistentRead(true)).item();
        return item == null || !item.containsKey("value") ? Optional.empty() : Optional.of(item.get("value").s());
    }

    @Override
    public void saveCursor(String source, String value) {
        Map<String, AttributeValue> item = TableKeys.cursor(source);
        item.put("value", s(value));
        item.put("updatedAt", s(Times.sortable(table.clock.instant())));
        table.dynamo.putItem(r -> r.tableName(table.name).item(item));
    }

    @Override
    public void heard(Platform platform, String account, Instant at) {
        // Conditional, so a late writer never moves the heartbeat back; a refusal is the normal case of a race.
        try {
            table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.cursor(heartbeatName(platform, account)))
                    .updateExpression("SET #v = :at")
                    .conditionExpression("attribute_not_exists(#v) OR #v < :at")
                    .expressionAttributeNames(Map.of("#v", "value"))
                    .expressionAttributeValues(Map.of(":at", s(Times.sortable(at)))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException newer) {
            // Another instance recorded a later delivery.
        }
    }

    @Override
    public Optional<Instant> lastHeard(Platform platform, String account) {
        return cursor(heartbeatName(platform, account)).map(Times::parse);
    }

    private static String heartbeatName(Platform platform, String account) {
        return "webhook-heartbeat-" + platform.id() + "-" + account;
    }
}
