package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.SavedReply;
import io.careloop.core.Times;
import io.careloop.store.SavedReplies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** A team's saved replies in one partition ({@code SAVED#team / REPLY#id}): the list is one query. */
final class DynamoSavedReplies implements SavedReplies {
    private final DynamoTable table;

    DynamoSavedReplies(DynamoTable table) {
        this.table = table;
    }

    @Override
    public List<SavedReply> savedReplies(String team) {
        List<SavedReply> replies = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = table.dynamo.query(r -> r.tableName(table.name)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TableKeys.savedRepliesPk(team))))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> replies.add(toReply(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return replies;
    }

    @Override
    public Optional<SavedReply> savedReply(String team, String id) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.savedReply(team, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toReply(item));
    }

    @Override
    public void saveReply(SavedReply reply) {
        Map<String, AttributeValue> item = TableKeys.savedReply(reply.team(), reply.id());
        item.put("type", s("saved-reply"));
        item.put("team", s(reply.team()));
        item.put("replyId", s(reply.id()));
        item.put("title", s(reply.title()));
        item.put("text", s(reply.text()));
        item.put("updatedAt", s(Times.sortable(reply.updatedAt())));
        item.put("updatedBy", s(reply.updatedBy()));
        table.dynamo.putItem(r -> r.tableName(table.name).item(item));
    }

    @Override
    public boolean deleteReply(String team, String id) {
        var old = table.dynamo.deleteItem(r -> r.tableName(table.name).key(TableKeys.savedReply(team, id))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    private static SavedReply toReply(Map<String, AttributeValue> item) {
        return new SavedReply(Items.str(item, "team"), Items.str(item, "replyId"), Items.str(item, "title"),
                Items.str(item, "text"), Times.parse(Items.str(item, "updatedAt")), Items.str(item, "updatedBy"));
    }
}
