package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.core.Backoff;
import io.careloop.store.ReportRollups;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * One item per day ({@code REPORT#2026-11-26 / DAY}) whose attributes are the day's counters, each added to with
 * {@code ADD} (atomic, so concurrent functions never lose a count); a report reads its days with BatchGetItem.
 */
final class DynamoReportRollups implements ReportRollups {
    private static final Set<String> NOT_COUNTERS = Set.of(TableKeys.PK, TableKeys.SK, "type", "date");

    private final DynamoTable table;

    DynamoReportRollups(DynamoTable table) {
        this.table = table;
    }

    @Override
    public void add(LocalDate day, Map<String, Long> increments) {
        Map<String, String> names = new HashMap<>(Map.of("#type", "type", "#date", "date"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", s("report-day"), ":date", s(day.toString())));
        List<String> adds = new ArrayList<>();
        int i = 0;
        for (var e : increments.entrySet()) {
            names.put("#c" + i, e.getKey());
            values.put(":c" + i, AttributeValue.fromN(Long.toString(e.getValue())));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.reportDay(day))
                .updateExpression("SET #type = :type, #date = :date ADD " + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    @Override
    public List<Day> days(LocalDate from, LocalDate to) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            keys.add(TableKeys.reportDay(d));
        }
        Map<LocalDate, Day> found = new TreeMap<>();
        for (int start = 0; start < keys.size(); start += 100) { // BatchGetItem reads at most 100 keys
            Map<String, KeysAndAttributes> request = new HashMap<>(Map.of(table.name,
                    KeysAndAttributes.builder().keys(keys.subList(start, Math.min(start + 100, keys.size()))).build()));
            for (int attempt = 0; attempt < 5 && !request.isEmpty(); attempt++) {
                var response = table.dynamo.batchGetItem(r -> r.requestItems(request));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table.name, List.of())) {
                    Map<String, Long> counters = new HashMap<>();
                    item.forEach((k, v) -> {
                        if (!NOT_COUNTERS.contains(k) && v.n() != null) {
                            counters.put(k, Long.parseLong(v.n()));
                        }
                    });
                    LocalDate date = LocalDate.parse(item.get("date").s());
                    found.put(date, new Day(date, Map.copyOf(counters)));
                }
                request.clear();
                if (!response.unprocessedKeys().isEmpty()) {
                    request.putAll(response.unprocessedKeys());
                    Backoff.sleep(attempt);
                }
            }
        }
        return List.copyOf(found.values());
    }
}
