package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseIds;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Platform;
import io.careloop.core.Times;
import io.careloop.incidents.Incident;
import io.careloop.incidents.IncidentOpening;
import io.careloop.incidents.IncidentStatus;
import io.careloop.incidents.Sighting;
import io.careloop.incidents.TopicSighting;
import io.careloop.store.Incidents;
import io.careloop.store.TopicSightings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Topic sightings (one partition per topic, TTL) and incidents (an ACTIVE pointer per topic keeps them single). */
final class DynamoIncidents implements TopicSightings, Incidents {
    private final DynamoTable table;

    DynamoIncidents(DynamoTable table) {
        this.table = table;
    }

    @Override
    public List<Sighting> recordSighting(TopicSighting sighting) {
        Map<String, AttributeValue> item = Items.sightingItem(sighting);
        table.dynamo.putItem(r -> r.tableName(table.name).item(item));
        return sightings(sighting.topicKey(), sighting.sighting().at().minus(sighting.window()));
    }

    @Override
    public List<Sighting> sightings(String topicKey, Instant since) {
        List<Sighting> sightings = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = table.dynamo.query(r -> r.tableName(table.name)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("#at >= :since")
                    .expressionAttributeNames(Map.of("#at", "at"))
                    .expressionAttributeValues(Map.of(":pk", s(TableKeys.topicPk(topicKey)),
                            ":since", s(Times.sortable(since))))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            page.items().forEach(i -> sightings.add(Items.toSighting(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return sightings;
    }

    private Optional<String> activeIncident(String topicKey) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.activeIncident(topicKey)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("incidentId").s());
    }

    @Override
    public IncidentOpening openIncident(String topicKey, Platform platform, String topic, Instant at) {
        String id = "i_" + CaseIds.sha256Hex(topicKey + "#" + at.toEpochMilli()).substring(0, 16);
        Map<String, AttributeValue> incident = TableKeys.incident(id);
        incident.put("type", s("incident"));
        incident.put("incidentId", s(id));
        incident.put("platform", s(platform.id()));
        incident.put("topic", s(topic));
        incident.put("status", s(IncidentStatus.OPEN.name()));
        incident.put("openedAt", s(Times.sortable(at)));
        incident.put("gsi1pk", s(TableKeys.INCIDENTS_OPEN));
        incident.put("gsi1sk", s(Times.sortable(at) + "#" + id));
        Map<String, AttributeValue> active = TableKeys.activeIncident(topicKey);
        active.put("type", s("pointer"));
        active.put("incidentId", s(id));
        try {
            table.transact(List.of(table.put(active, "attribute_not_exists(pk)"), table.put(incident, null)));
            return new IncidentOpening(id, true);
        } catch (TransactionCanceledException e) {
            if (DynamoTable.failedCondition(e.cancellationReasons(), 0)) {
                return new IncidentOpening(activeIncident(topicKey).orElseThrow(() -> e), false);
            }
            throw e;
        }
    }

    @Override
    public void linkToIncident(Case before, String incidentId, TimelineEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>(
                table.caseChangeItems(CaseChange.of(before, before.withIncident(incidentId), entry)));
        items.add(table.put(Items.incidentCaseItem(incidentId, before.id()), null));
        try {
            table.transact(items);
        } catch (TransactionCanceledException e) {
            if (DynamoTable.failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(before.id());
            }
            throw e;
        }
    }

    @Override
    public boolean resolveIncident(Incident incident, Instant at) {
        try {
            table.transact(List.of(
                    table.update(Update.builder().key(TableKeys.incident(incident.id()))
                            .conditionExpression("#status = :open")
                            .updateExpression("SET #status = :resolved, resolvedAt = :at, gsi1pk = :done")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":open", s(IncidentStatus.OPEN.name()),
                                    ":resolved", s(IncidentStatus.RESOLVED.name()),
                                    ":at", s(Times.sortable(at)), ":done", s(TableKeys.INCIDENTS_RESOLVED)))),
                    table.delete(Delete.builder().key(TableKeys.activeIncident(incident.topicKey())))));
            return true;
        } catch (TransactionCanceledException e) {
            if (DynamoTable.failedCondition(e.cancellationReasons(), 0)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Incident> listIncidents() {
        QueryResponse page = table.dynamo.query(r -> r.tableName(table.name).indexName(TableKeys.INBOX_INDEX)
                .keyConditionExpression("gsi1pk = :open")
                .expressionAttributeValues(Map.of(":open", s(TableKeys.INCIDENTS_OPEN)))
                .scanIndexForward(false).limit(100));
        // Each with its cases, as GET /incidents/{id} gives them: one query per open incident (there are few).
        return page.items().stream()
                .map(i -> getIncident(i.get("incidentId").s()).orElseGet(() -> Items.toIncident(i, List.of())))
                .toList();
    }

    @Override
    public Optional<Incident> getIncident(String incidentId) {
        QueryResponse page = table.dynamo.query(r -> r.tableName(table.name)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TableKeys.incidentPk(incidentId))))
                .consistentRead(true));
        Map<String, AttributeValue> incident = null;
        List<String> cases = new ArrayList<>();
        for (Map<String, AttributeValue> i : page.items()) {
            String sk = i.get(TableKeys.SK).s();
            if (sk.equals("INCIDENT")) {
                incident = i;
            } else if (TableKeys.isIncidentCase(sk)) {
                cases.add(i.get("caseId").s());
            }
        }
        return incident == null ? Optional.empty() : Optional.of(Items.toIncident(incident, cases));
    }
}
