package io.careloop.store.dynamo;

import io.careloop.cases.Draft;
import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CasePage;
import io.careloop.cases.CaseWithTimeline;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Times;
import io.careloop.store.CaseRepository;
import io.careloop.store.DueItems;
import io.careloop.store.InvalidCursorException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Cases with their timelines and due items; the inbox on the {@code inbox} index, due work on {@code due}. */
final class DynamoCases implements CaseRepository, DueItems {
    private final DynamoTable table;

    DynamoCases(DynamoTable table) {
        this.table = table;
    }

    @Override
    public Optional<Case> getCase(String caseId) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.caseKey(caseId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.toCase(item));
    }

    @Override
    public Optional<CaseWithTimeline> getCaseWithTimeline(String caseId) {
        Case found = null;
        List<TimelineEntry> timeline = new ArrayList<>();
        boolean draftWaiting = false;
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = table.dynamo.query(r -> r.tableName(table.name)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TableKeys.casePk(caseId))))
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = item.get(TableKeys.SK).s();
                if (sk.equals("CASE")) {
                    found = Items.toCase(item);
                } else if (TableKeys.isTimeline(sk)) {
                    timeline.add(Items.toTimelineEntry(item));
                } else if (TableKeys.isDraft(sk) && Draft.Status.WAITING.name().equals(Items.str(item, "status"))) {
                    draftWaiting = true; // the case's drafts live in its partition, read here anyway
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found == null ? Optional.empty() : Optional.of(new CaseWithTimeline(found, timeline, draftWaiting));
    }

    @Override
    public CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table.name).indexName(TableKeys.INBOX_INDEX)
                .keyConditionExpression("gsi1pk = :inbox")
                .limit(limit)
                .exclusiveStartKey(decodeCursor(cursor));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":inbox", s(open ? TableKeys.INBOX_OPEN : TableKeys.INBOX_DONE));
        DynamoTable.filterEquals(query, filters, values);
        QueryResponse page = table.dynamo.query(query.expressionAttributeValues(values).build());
        List<Case> cases = page.items().stream().map(Items::toCase).toList();
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? encodeCursor(page.lastEvaluatedKey()) : null;
        return new CasePage(cases, next);
    }

    @Override
    public void apply(CaseChange change) {
        try {
            table.transact(table.caseChangeItems(change));
        } catch (TransactionCanceledException e) {
            if (DynamoTable.failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(change.before().id());
            }
            throw e;
        }
    }

    @Override
    public List<DueItem> findDue(Instant now, int limit) {
        return queryDue("dueAt <= :now", Map.of(":now", s(Times.sortable(now))), limit);
    }

    @Override
    public List<DueItem> findDueBetween(Instant after, Instant until, int limit) {
        // BETWEEN includes both ends; due times are stored to the millisecond, so the first one after `after` is the
        // next millisecond.
        Instant from = after.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        return queryDue("dueAt BETWEEN :from AND :until",
                Map.of(":from", s(Times.sortable(from)), ":until", s(Times.sortable(until))), limit);
    }

    private List<DueItem> queryDue(String dueAtCondition, Map<String, AttributeValue> dueAtValues, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(dueAtValues);
        values.put(":due", s(TableKeys.DUE_PARTITION));
        QueryResponse page = table.dynamo.query(r -> r.tableName(table.name).indexName(TableKeys.DUE_INDEX)
                .keyConditionExpression("duePk = :due AND " + dueAtCondition)
                .expressionAttributeValues(values)
                .limit(limit));
        return page.items().stream().map(Items::toDueItem).toList();
    }

    @Override
    public boolean clearDue(DueItem item) {
        // The kind is part of the condition: the reply clock may have moved on to the other kind it holds.
        if (deleteDue(TableKeys.due(item.caseId(), item.kind()), item)) {
            return true;
        }
        // A first-response deadline written before the reply clock existed is still under its own key.
        return item.kind() == DueKind.FIRST_RESPONSE_SLA && deleteDue(TableKeys.separateFirstResponseDue(item.caseId()), item);
    }

    private boolean deleteDue(Map<String, AttributeValue> key, DueItem item) {
        try {
            table.dynamo.deleteItem(r -> r.tableName(table.name).key(key)
                    .conditionExpression("dueAt = :at AND kind = :kind")
                    .expressionAttributeValues(Map.of(":at", s(Times.sortable(item.dueAt())), ":kind", s(item.kind().name()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // rescheduled or cleared meanwhile
        }
    }

    /** The inbox cursor is the index's last key: only string attributes, encoded as key=value lines. */
    private static String encodeCursor(Map<String, AttributeValue> lastKey) {
        StringBuilder text = new StringBuilder();
        lastKey.forEach((k, v) -> text.append(k).append('=').append(v.s()).append('\n'));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Map<String, AttributeValue> key = new HashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException();
                }
                key.put(line.substring(0, eq), s(line.substring(eq + 1)));
            }
            if (!key.keySet().equals(Set.of(TableKeys.PK, TableKeys.SK, "gsi1pk", "gsi1sk"))) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }
}
