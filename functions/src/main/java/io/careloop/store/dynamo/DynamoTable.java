package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.n;
import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The table the adapters share: its client and name, and the transaction items more than one aggregate
 * writes (a step of the case process goes into triage's, the ledger's and the incidents' transactions).
 */
final class DynamoTable {
    final DynamoDbClient dynamo;
    final String name;
    final Clock clock;

    DynamoTable(DynamoDbClient dynamo, String name, Clock clock) {
        this.dynamo = dynamo;
        this.name = name;
        this.clock = clock;
    }

    TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return put(item, condition, null);
    }

    TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(name).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
        }
        if (values != null) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    TransactWriteItem update(Update.Builder update) {
        return TransactWriteItem.builder().update(update.tableName(name).build()).build();
    }

    TransactWriteItem delete(Delete.Builder delete) {
        return TransactWriteItem.builder().delete(delete.tableName(name).build()).build();
    }

    void transact(List<TransactWriteItem> items) {
        dynamo.transactWriteItems(r -> r.transactItems(items));
    }

    /** Narrows a query to items whose attributes equal the filters' values (a filter expression: read, then dropped). */
    static void filterEquals(QueryRequest.Builder query, Map<String, String> filters, Map<String, AttributeValue> values) {
        if (filters.isEmpty()) {
            return;
        }
        Map<String, String> names = new java.util.HashMap<>();
        List<String> conditions = new ArrayList<>();
        int i = 0;
        for (var f : filters.entrySet()) {
            names.put("#f" + i, f.getKey());
            values.put(":f" + i, Items.s(f.getValue()));
            conditions.add("#f" + i + " = :f" + i);
            i++;
        }
        query.filterExpression(String.join(" AND ", conditions)).expressionAttributeNames(names);
    }

    /** Whether the transaction's item at {@code index} was refused by its condition. */
    static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return reasons != null && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /**
     * One step of the case process as transaction items. The case comes first, checked against the version
     * that was read, so a refusal of item 0 means someone else changed the case.
     */
    List<TransactWriteItem> caseChangeItems(CaseChange change) {
        List<TransactWriteItem> items = caseChangeItemsWithoutLoad(change);
        change.ownerLoad().forEach((agent, delta) -> items.add(ownerLoad(agent, delta)));
        return items;
    }

    /**
     * An owner's count of open cases, moved with the step that moves it. Unconditional: a person may give a case
     * to anyone (only automatic routing is held to the cap, see {@code DynamoAgents.assignWithinCap}); an agent
     * routing was never told about appears in the roster, away, with the cases they were given.
     */
    TransactWriteItem ownerLoad(String agentId, int delta) {
        return update(Update.builder().key(TableKeys.agent(agentId))
                .updateExpression("SET agentId = :id, #type = :agent ADD openCases :delta")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(":id", s(agentId), ":agent", s("agent"), ":delta", n(delta))));
    }

    /**
     * What the case's reply clock can hold, from the case as read (checked by version in the same transaction): its
     * first-response deadline until the first response, its follow-up after (see {@link TableKeys#due}). Clearing the
     * follow-up of a case still waiting for its first response must not delete that deadline.
     */
    static boolean replyClockMayHold(Case before, DueKind kind) {
        if (!TableKeys.isReplyClock(kind)) {
            return true;
        }
        return (kind == DueKind.FIRST_RESPONSE_SLA) == (before.firstResponseAt() == null);
    }

    /** {@link #caseChangeItems} without the owners' counts, for a caller that adds its own. */
    List<TransactWriteItem> caseChangeItemsWithoutLoad(CaseChange change) {
        Case before = change.before();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(put(Items.caseItem(change.after(), before.version() + 1),
                "version = :expected", Map.of(":expected", n(before.version()))));
        for (TimelineEntry entry : change.entries()) {
            items.add(put(Items.timelineItem(before.id(), entry), null));
        }
        Set<String> dueKeys = new HashSet<>();
        for (DueItem due : change.dueToSet()) {
            Map<String, AttributeValue> item = Items.dueItem(due);
            if (dueKeys.add(TableKeys.id(item))) {
                items.add(put(item, null));
            }
        }
        for (DueKind kind : change.dueToClear()) {
            Map<String, AttributeValue> key = TableKeys.due(before.id(), kind);
            // A set on the same item replaces it; a kind the reply clock cannot hold now is not there to clear.
            if (replyClockMayHold(before, kind) && dueKeys.add(TableKeys.id(key))) {
                items.add(delete(Delete.builder().key(key)));
            }
        }
        String customerKey = before.platform().id() + "#" + before.customer().id();
        if (change.resolution()) {
            items.add(update(Update.builder().key(TableKeys.customerProfile(customerKey))
                    .updateExpression("SET lastResolvedCaseId = :case, lastResolvedAt = :at")
                    .expressionAttributeValues(Map.of(":case", s(before.id()),
                            ":at", s(Times.sortable(change.after().resolvedAt() == null ? clock.instant() : change.after().resolvedAt()))))));
        }
        if (change.releaseCustomer()) {
            items.add(delete(Delete.builder().key(TableKeys.customerOpen(customerKey))
                    .conditionExpression("attribute_not_exists(pk) OR caseId = :case")
                    .expressionAttributeValues(Map.of(":case", s(before.id())))));
        }
        return items;
    }
}
