package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.OutboundState;
import io.careloop.core.Times;
import io.careloop.store.OutboundLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The outbound ledger: one item per action key, moving IN_PROGRESS (a lease) → POSTED, or → ABANDONED (certainly
 * not posted: may be taken again) or → UNCERTAIN (maybe posted: never re-posted blindly).
 */
final class DynamoOutboundLedger implements OutboundLedger {
    /** The ledger item's states as stored. */
    enum Stored { IN_PROGRESS, POSTED, ABANDONED, UNCERTAIN }

    private final DynamoTable table;

    DynamoOutboundLedger(DynamoTable table) {
        this.table = table;
    }

    @Override
    public OutboundState beginOutbound(String actionKey, Instant now, Duration lease) {
        Map<String, AttributeValue> item = TableKeys.outbound(actionKey);
        item.put("type", s("outbound"));
        item.put("state", s(Stored.IN_PROGRESS.name()));
        item.put("leaseUntil", s(Times.sortable(now.plus(lease))));
        item.put("startedAt", s(Times.sortable(now)));
        try {
            // A fresh key, or one whose earlier attempt certainly posted nothing (ABANDONED).
            table.dynamo.putItem(r -> r.tableName(table.name).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #state = :abandoned")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":abandoned", s(Stored.ABANDONED.name())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return OutboundState.ACQUIRED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item() == null ? Map.of() : e.item();
            Stored state = old.containsKey("state") ? Stored.valueOf(old.get("state").s()) : Stored.IN_PROGRESS;
            return switch (state) {
                case POSTED -> OutboundState.POSTED;
                case UNCERTAIN -> OutboundState.UNCERTAIN;
                default -> {
                    Instant leaseUntil = old.containsKey("leaseUntil") ? Times.parse(old.get("leaseUntil").s()) : now;
                    yield leaseUntil.isAfter(now) ? OutboundState.BUSY : OutboundState.UNCERTAIN;
                }
            };
        }
    }

    @Override
    public boolean retakeOutbound(String actionKey, Instant now, Duration lease) {
        try {
            table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.outbound(actionKey))
                    .updateExpression("SET #state = :inProgress, leaseUntil = :until, recoveredAt = :now")
                    .conditionExpression("#state = :uncertain OR (#state = :inProgress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":inProgress", s(Stored.IN_PROGRESS.name()),
                            ":uncertain", s(Stored.UNCERTAIN.name()),
                            ":until", s(Times.sortable(now.plus(lease))), ":now", s(Times.sortable(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void abandonOutbound(String actionKey) {
        table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.outbound(actionKey))
                .updateExpression("SET #state = :abandoned")
                .conditionExpression("#state = :inProgress")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":abandoned", s(Stored.ABANDONED.name()),
                        ":inProgress", s(Stored.IN_PROGRESS.name()))));
    }

    @Override
    public void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change) {
        List<TransactWriteItem> items = new ArrayList<>(change == null ? List.of() : table.caseChangeItems(change));
        items.add(table.update(Update.builder().key(TableKeys.outbound(actionKey))
                .updateExpression("SET #state = :posted, postId = :postId, postedAt = :at")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":posted", s(Stored.POSTED.name()), ":postId", s(platformPostId),
                        ":at", s(Times.sortable(at))))));
        try {
            table.transact(items);
        } catch (TransactionCanceledException e) {
            if (change != null && DynamoTable.failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(change.before().id());
            }
            throw e;
        }
    }

    @Override
    public void markOutboundUncertain(String actionKey, Instant at) {
        table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.outbound(actionKey))
                .updateExpression("SET #state = :uncertain, uncertainAt = :at")
                .conditionExpression("#state <> :posted")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":uncertain", s(Stored.UNCERTAIN.name()),
                        ":posted", s(Stored.POSTED.name()), ":at", s(Times.sortable(at)))));
    }
}
