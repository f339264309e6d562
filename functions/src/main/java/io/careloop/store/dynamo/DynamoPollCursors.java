package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.core.Times;
import io.careloop.store.PollCursors;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

final class DynamoPollCursors implements PollCursors {
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
}
