package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.n;
import static io.careloop.store.dynamo.Items.s;

import io.careloop.cases.Agent;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.core.Platform;
import io.careloop.core.Times;
import io.careloop.store.Agents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Agents in one partition ({@code AGENTS / AGENT#id}): the roster is one query. An automatic assignment is one
 * transaction: the case (checked against its version) and the agent's count, incremented only while the agent is
 * available, in the team and below the cap — so two triage instances that pick the same agent at once can
 * never both pass the cap: DynamoDB refuses the second one's condition (or cancels it as a conflict).
 */
final class DynamoAgents implements Agents {
    private final DynamoTable table;

    DynamoAgents(DynamoTable table) {
        this.table = table;
    }

    @Override
    public List<Agent> roster() {
        List<Agent> agents = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = table.dynamo.query(r -> r.tableName(table.name)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TableKeys.AGENTS)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> agents.add(Items.toAgent(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return agents;
    }

    @Override
    public Optional<Agent> agent(String agentId) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.agent(agentId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.toAgent(item));
    }

    @Override
    public void saveProfile(Agent agent) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", s(agent.id()));
        values.put(":agent", s("agent"));
        values.put(":available", AttributeValue.fromBool(agent.available()));
        values.put(":teams", Items.list(agent.teams()));
        values.put(":languages", Items.list(agent.languages().stream().sorted().toList()));
        values.put(":platforms", Items.list(agent.platforms().stream().map(Platform::id).sorted().toList()));
        values.put(":max", n(agent.maxOpenCases()));
        values.put(":zero", n(0));
        table.dynamo.updateItem(r -> r.tableName(table.name).key(TableKeys.agent(agent.id()))
                .updateExpression("SET agentId = :id, #type = :agent, available = :available, teams = :teams, "
                        + "languages = :languages, platforms = :platforms, maxOpenCases = :max, "
                        + "openCases = if_not_exists(openCases, :zero)")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(values));
    }

    @Override
    public boolean assignWithinCap(CaseChange change, String agentId, String team, Instant at) {
        List<TransactWriteItem> items = table.caseChangeItemsWithoutLoad(change);
        change.ownerLoad().forEach((owner, delta) -> {
            if (!owner.equals(agentId)) {
                items.add(table.ownerLoad(owner, delta));
            }
        });
        int capIndex = items.size();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", n(1));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":at", s(Times.sortable(at)));
        String condition = "available = :true AND (attribute_not_exists(openCases) OR openCases < maxOpenCases)";
        if (team != null) {
            values.put(":team", s(team));
            condition += " AND contains(teams, :team)";
        }
        items.add(table.update(Update.builder().key(TableKeys.agent(agentId))
                .updateExpression("ADD openCases :one SET lastAssignedAt = :at")
                .conditionExpression(condition)
                .expressionAttributeValues(values)));
        try {
            table.transact(items);
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (DynamoTable.failedCondition(reasons, 0)) {
                throw new ConcurrentUpdateException(change.before().id());
            }
            if (DynamoTable.failedCondition(reasons, capIndex)) {
                return false;
            }
            if (reasons != null && reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) {
                // Another assignment to the same agent or case was in flight: read again and choose again.
                throw new ConcurrentUpdateException(change.before().id());
            }
            throw e;
        }
    }
}
