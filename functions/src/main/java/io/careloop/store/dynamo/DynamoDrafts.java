package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.Draft;
import io.careloop.core.Times;
import io.careloop.store.Drafts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Drafts with their cases; the review queue on the {@code inbox} index's DRAFTS#WAITING partition. */
final class DynamoDrafts implements Drafts {
    private final DynamoTable table;

    DynamoDrafts(DynamoTable table) {
        this.table = table;
    }

    @Override
    public boolean saveDraft(Draft draft, CaseChange change) {
        List<TransactWriteItem> items = new ArrayList<>(change == null ? List.of() : table.caseChangeItems(change));
        items.add(table.put(Items.draftItem(draft), "attribute_not_exists(pk)"));
        return write(items, change);
    }

    @Override
    public Optional<Draft> getDraft(String caseId, String actionKey) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.draft(caseId, actionKey))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.toDraft(item));
    }

    @Override
    public List<Draft> waitingDrafts(Map<String, String> filters, int limit) {
        List<Draft> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table.name).indexName(TableKeys.INBOX_INDEX)
                    .keyConditionExpression("gsi1pk = :waiting").exclusiveStartKey(start);
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":waiting", s(TableKeys.DRAFTS_WAITING));
            DynamoTable.filterEquals(query, filters, values);
            QueryResponse page = table.dynamo.query(query.expressionAttributeValues(values).build());
            page.items().forEach(item -> found.add(Items.toDraft(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && found.size() < limit);
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    @Override
    public boolean decideDraft(Draft decided, CaseChange change) {
        List<TransactWriteItem> items = new ArrayList<>(change == null ? List.of() : table.caseChangeItems(change));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":decided", s(decided.status().name()));
        values.put(":waiting", s(Draft.Status.WAITING.name()));
        values.put(":text", s(decided.text()));
        values.put(":by", s(decided.decidedBy()));
        values.put(":at", s(Times.sortable(decided.decidedAt())));
        values.put(":note", s(decided.note() == null ? "" : decided.note()));
        if (decided.status() == Draft.Status.REJECTED) {
            // Rejected means never posted: the action's ledger entry is settled in the same transaction, so no later
            // action on its key (a redelivery, another route to the same first reply) can post it.
            items.add(table.update(Update.builder().key(TableKeys.outbound(decided.action().key()))
                    .updateExpression("SET #state = :posted, postId = :notPosted, postedAt = :at")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":posted", s("POSTED"),
                            ":notPosted", s(io.careloop.cases.NotPosted.NOT_SENT.stored()),
                            ":at", s(Times.sortable(decided.decidedAt()))))));
        }
        items.add(table.update(Update.builder().key(TableKeys.draft(decided.caseId(), decided.action().key()))
                .updateExpression("SET #status = :decided, #text = :text, decidedBy = :by, decidedAt = :at, note = :note "
                        + "REMOVE gsi1pk, gsi1sk")
                .conditionExpression("#status = :waiting")
                .expressionAttributeNames(Map.of("#status", "status", "#text", "text"))
                .expressionAttributeValues(values)));
        return write(items, change);
    }

    /** @return false when the draft's own condition failed */
    private boolean write(List<TransactWriteItem> items, CaseChange change) {
        try {
            table.transact(items);
            return true;
        } catch (TransactionCanceledException e) {
            if (change != null && DynamoTable.failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(change.before().id());
            }
            if (DynamoTable.failedCondition(e.cancellationReasons(), items.size() - 1)) {
                return false;
            }
            throw e;
        }
    }
}
