package io.careloop.store;

import io.careloop.cases.Case;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.core.Times;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The single-table DynamoDB layout (see README "Data"):
 * <pre>
 * pk                        sk            what
 * MENTION#platform#id       MENTION       claim: a mention is processed once (TTL)
 * CUSTOMER#platform#author  OPEN          pointer to the customer's open case
 * THREAD#platform#thread    CASE          pointer to the thread's case
 * CASE#id                   CASE          the case (GSI inbox: gsi1pk/gsi1sk = open|done, due time)
 * CASE#id                   TL#time#ref   timeline entry
 * CASE#id                   DUE#kind      due item (GSI due: duePk/dueAt)
 * OUTBOUND#actionKey        OUTBOUND      exactly-once ledger of posted messages
 * CURSOR#source             CURSOR        poll cursor
 * </pre>
 */
public final class DynamoCaseStore implements CaseStore {
    public static final String INBOX_INDEX = "inbox";
    public static final String DUE_INDEX = "due";
    /** All due items share one index partition: cheap to query, ample for one brand's volume. */
    static final String DUE_PARTITION = "DUE";
    static final Duration CLAIM_TTL = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoCaseStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    // ---- triage ------------------------------------------------------------------------------

    @Override
    public CustomerContext customerContext(Mention mention, String topicKey) {
        Map<String, AttributeValue> open = key("CUSTOMER#" + mention.customerKey(), "OPEN");
        Map<String, AttributeValue> profile = key("CUSTOMER#" + mention.customerKey(), "PROFILE");
        Map<String, AttributeValue> thread = key("THREAD#" + mention.threadKey(), "CASE");
        List<Map<String, AttributeValue>> keys = new ArrayList<>(List.of(open, profile, thread));
        Map<String, AttributeValue> incident = topicKey == null ? null : key("INCIDENT#" + topicKey, "ACTIVE");
        if (incident != null) {
            keys.add(incident);
        }
        var response = dynamo.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(keys).consistentRead(true).build())));
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
            found.put(item.get("pk").s() + "|" + item.get("sk").s(), item);
        }
        Map<String, AttributeValue> o = found.get(open.get("pk").s() + "|OPEN");
        Map<String, AttributeValue> t = found.get(thread.get("pk").s() + "|CASE");
        Map<String, AttributeValue> p = found.getOrDefault(profile.get("pk").s() + "|PROFILE", Map.of());
        Map<String, AttributeValue> i = incident == null ? null : found.get(incident.get("pk").s() + "|ACTIVE");
        return new CustomerContext(o == null ? null : o.get("caseId").s(), t == null ? null : t.get("caseId").s(),
                p.containsKey("cases") ? Integer.parseInt(p.get("cases").n()) : 0,
                str(p, "lastResolvedCaseId"), Times.parse(str(p, "lastResolvedAt")),
                i == null ? null : str(i, "incidentId"));
    }

    @Override
    public ClaimResult openCase(Case c, Mention mention, TimelineEntry first, DueItem firstResponseDue,
                                boolean ownsCustomer) {
        return openCase(c, mention, first, firstResponseDue, ownsCustomer, null, null, null);
    }

    @Override
    public ClaimResult openCase(Case c, Mention mention, TimelineEntry first, DueItem firstResponseDue,
                                boolean ownsCustomer, String topicKey, Sighting sighting, Duration window) {
        List<TransactWriteItem> items = new ArrayList<>();
        // A watched mention may still become a case when its watch turns into outreach.
        TransactWriteItem claim = claim(mention, "case", c.id(), null);
        items.add(TransactWriteItem.builder().put(claim.put().toBuilder()
                .conditionExpression("attribute_not_exists(pk) OR outcome = :watched")
                .expressionAttributeValues(Map.of(":watched", s("watched"))).build()).build());
        items.add(put(caseItem(c, 1), "attribute_not_exists(pk)"));
        if (ownsCustomer) {
            items.add(put(pointer("CUSTOMER#" + mention.customerKey(), "OPEN", c.id()), "attribute_not_exists(pk)"));
            items.add(put(pointer("THREAD#" + mention.threadKey(), "CASE", c.id()), null));
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key("CUSTOMER#" + mention.customerKey(), "PROFILE"))
                    .updateExpression("ADD cases :one").expressionAttributeValues(Map.of(":one", n(1))).build()).build());
        }
        items.add(put(timelineItem(c.id(), first), null));
        if (firstResponseDue != null) {
            items.add(put(dueItem(firstResponseDue), null));
        }
        if (sighting != null) {
            items.add(put(sightingItem(topicKey, sighting, window), null));
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return ClaimResult.recorded(c.id());
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            Optional<ClaimResult> duplicate = duplicateClaim(reasons);
            if (duplicate.isPresent()) {
                return duplicate.get();
            }
            if (failedCondition(reasons, 2)) {
                return new ClaimResult(ClaimResult.Outcome.CUSTOMER_HAS_CASE, null, null);
            }
            throw e;
        }
    }

    @Override
    public ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry, boolean hostile) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", s(Times.sortable(clock.instant())));
        values.put(":one", n(1));
        String add = hostile ? " ADD version :one, hostileMessages :one" : " ADD version :one";
        // Public replies go to the customer's latest public post; a DM must not redirect them.
        String set = "SET updatedAt = :now";
        if (!mention.isPrivate()) {
            set += ", replyTo = :replyTo";
            values.put(":replyTo", s(mention.id()));
        }
        Update touchCase = Update.builder().tableName(table).key(key("CASE#" + caseId, "CASE"))
                .conditionExpression("attribute_exists(pk)")
                .updateExpression(set + add)
                .expressionAttributeValues(values)
                .build();
        List<TransactWriteItem> items = List.of(
                claim(mention, "joined", caseId, null),
                put(timelineItem(caseId, entry), null),
                TransactWriteItem.builder().update(touchCase).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return ClaimResult.recorded(caseId);
        } catch (TransactionCanceledException e) {
            return duplicateClaim(e.cancellationReasons()).orElseThrow(() -> e);
        }
    }

    @Override
    public ClaimResult markAdvocate(String caseId, Mention mention, TimelineEntry entry) {
        List<TransactWriteItem> items = List.of(
                claim(mention, "advocate", caseId, null),
                put(timelineItem(caseId, entry), null),
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("CASE#" + caseId, "CASE"))
                        .conditionExpression("attribute_exists(pk)")
                        .updateExpression("SET advocate = :yes ADD version :one")
                        .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true), ":one", n(1)))
                        .build()).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return ClaimResult.recorded(caseId);
        } catch (TransactionCanceledException e) {
            return duplicateClaim(e.cancellationReasons()).orElseThrow(() -> e);
        }
    }

    // ---- topics and incidents ------------------------------------------------------------------

    private static Map<String, AttributeValue> sightingItem(String topicKey, Sighting sighting, Duration window) {
        Map<String, AttributeValue> item = key("TOPIC#" + topicKey, sighting.authorKey());
        item.put("type", s("sighting"));
        item.put("at", s(Times.sortable(sighting.at())));
        item.put("complaint", AttributeValue.fromBool(sighting.complaint()));
        putIfPresent(item, "watchedMention", sighting.watchedMention());
        putIfPresent(item, "caseId", sighting.caseId());
        item.put("ttl", n(sighting.at().plus(window).plus(window).getEpochSecond()));
        return item;
    }

    @Override
    public List<Sighting> recordSighting(String topicKey, Sighting sighting, Duration window) {
        Map<String, AttributeValue> item = sightingItem(topicKey, sighting, window);
        dynamo.putItem(r -> r.tableName(table).item(item));
        return sightings(topicKey, sighting.at().minus(window));
    }

    @Override
    public List<Sighting> sightings(String topicKey, Instant since) {
        List<Sighting> sightings = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("#at >= :since")
                    .expressionAttributeNames(Map.of("#at", "at"))
                    .expressionAttributeValues(Map.of(":pk", s("TOPIC#" + topicKey),
                            ":since", s(Times.sortable(since))))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> i : page.items()) {
                sightings.add(new Sighting(i.get("sk").s(), Times.parse(i.get("at").s()),
                        i.containsKey("complaint") && i.get("complaint").bool(), str(i, "watchedMention"), str(i, "caseId")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return sightings;
    }

    @Override
    public Optional<String> activeIncident(String topicKey) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key("INCIDENT#" + topicKey, "ACTIVE")).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("incidentId").s());
    }

    @Override
    public IncidentOpening openIncident(String topicKey, Platform platform, String topic, Instant at) {
        String id = "i_" + io.careloop.cases.CaseIds.sha256Hex(topicKey + "#" + at.toEpochMilli()).substring(0, 16);
        Map<String, AttributeValue> incident = key("INCIDENT#" + id, "INCIDENT");
        incident.put("type", s("incident"));
        incident.put("incidentId", s(id));
        incident.put("platform", s(platform.id()));
        incident.put("topic", s(topic));
        incident.put("status", s("OPEN"));
        incident.put("openedAt", s(Times.sortable(at)));
        incident.put("gsi1pk", s("INCIDENTS#OPEN"));
        incident.put("gsi1sk", s(Times.sortable(at) + "#" + id));
        Map<String, AttributeValue> active = key("INCIDENT#" + topicKey, "ACTIVE");
        active.put("type", s("pointer"));
        active.put("incidentId", s(id));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(put(active, "attribute_not_exists(pk)"), put(incident, null)));
            return new IncidentOpening(id, true);
        } catch (TransactionCanceledException e) {
            if (failedCondition(e.cancellationReasons(), 0)) {
                return new IncidentOpening(activeIncident(topicKey).orElseThrow(() -> e), false);
            }
            throw e;
        }
    }

    @Override
    public void linkToIncident(Case before, String incidentId, TimelineEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>(changeItems(CaseChange.of(before, before.withIncident(incidentId), entry)));
        Map<String, AttributeValue> link = key("INCIDENT#" + incidentId, "CASE#" + before.id());
        link.put("type", s("incident-case"));
        link.put("caseId", s(before.id()));
        items.add(put(link, null));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(before.id());
            }
            throw e;
        }
    }

    @Override
    public boolean resolveIncident(Incident incident, Instant at) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table)
                            .key(key("INCIDENT#" + incident.id(), "INCIDENT"))
                            .conditionExpression("#status = :open")
                            .updateExpression("SET #status = :resolved, resolvedAt = :at, gsi1pk = :done")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":open", s("OPEN"), ":resolved", s("RESOLVED"),
                                    ":at", s(Times.sortable(at)), ":done", s("INCIDENTS#RESOLVED")))
                            .build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(key("INCIDENT#" + incident.platform().id() + "#" + incident.topic(), "ACTIVE"))
                            .build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (failedCondition(e.cancellationReasons(), 0)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Incident> listIncidents() {
        QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(INBOX_INDEX)
                .keyConditionExpression("gsi1pk = :open")
                .expressionAttributeValues(Map.of(":open", s("INCIDENTS#OPEN")))
                .scanIndexForward(false).limit(100));
        return page.items().stream().map(i -> toIncident(i, List.of())).toList();
    }

    @Override
    public Optional<Incident> getIncident(String incidentId) {
        QueryResponse page = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("INCIDENT#" + incidentId)))
                .consistentRead(true));
        Map<String, AttributeValue> incident = null;
        List<String> cases = new ArrayList<>();
        for (Map<String, AttributeValue> i : page.items()) {
            if (i.get("sk").s().equals("INCIDENT")) {
                incident = i;
            } else if (i.get("sk").s().startsWith("CASE#")) {
                cases.add(i.get("caseId").s());
            }
        }
        return incident == null ? Optional.empty() : Optional.of(toIncident(incident, cases));
    }

    private static Incident toIncident(Map<String, AttributeValue> i, List<String> cases) {
        return new Incident(i.get("incidentId").s(), Platform.fromId(i.get("platform").s()).orElseThrow(),
                i.get("topic").s(), i.get("status").s(), Times.parse(i.get("openedAt").s()), List.copyOf(cases));
    }

    @Override
    public ClaimResult recordWithoutCase(Mention mention, String outcome, String reason) {
        TransactWriteItem claim = claim(mention, outcome, null, reason);
        try {
            dynamo.putItem(r -> r.tableName(table).item(claim.put().item())
                    .conditionExpression(claim.put().conditionExpression())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return ClaimResult.recorded(null);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item() == null ? Map.of() : e.item();
            return duplicateOf(old);
        }
    }

    private TransactWriteItem claim(Mention mention, String outcome, String caseId, String reason) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = key("MENTION#" + mention.key(), "MENTION");
        item.put("type", s("mention"));
        item.put("outcome", s(outcome));
        item.put("claimedAt", s(Times.sortable(now)));
        item.put("source", s(mention.source()));
        item.put("ttl", n(now.plus(CLAIM_TTL).getEpochSecond()));
        if (caseId != null) {
            item.put("caseId", s(caseId));
        }
        if (reason != null) {
            item.put("reason", s(reason));
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    /** The claim is always the first item of a transaction; its failure means "seen before". */
    private Optional<ClaimResult> duplicateClaim(List<CancellationReason> reasons) {
        if (!failedCondition(reasons, 0)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> old = reasons.get(0).item() == null ? Map.of() : reasons.get(0).item();
        return Optional.of(duplicateOf(old));
    }

    private static ClaimResult duplicateOf(Map<String, AttributeValue> old) {
        String caseId = old.containsKey("caseId") ? old.get("caseId").s() : null;
        Instant claimedAt = old.containsKey("claimedAt") ? Times.parse(old.get("claimedAt").s()) : null;
        return new ClaimResult(ClaimResult.Outcome.DUPLICATE, caseId, claimedAt);
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return reasons != null && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public Optional<Case> getCase(String caseId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key("CASE#" + caseId, "CASE")).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toCase(item));
    }

    @Override
    public Optional<CaseWithTimeline> getCaseWithTimeline(String caseId) {
        Case found = null;
        List<TimelineEntry> timeline = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s("CASE#" + caseId)))
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = item.get("sk").s();
                if (sk.equals("CASE")) {
                    found = toCase(item);
                } else if (sk.startsWith("TL#")) {
                    timeline.add(toTimelineEntry(item));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found == null ? Optional.empty() : Optional.of(new CaseWithTimeline(found, timeline));
    }

    @Override
    public CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(INBOX_INDEX)
                .keyConditionExpression("gsi1pk = :inbox")
                .limit(limit)
                .exclusiveStartKey(decodeCursor(cursor));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":inbox", s(open ? "INBOX#OPEN" : "INBOX#DONE"));
        if (!filters.isEmpty()) {
            Map<String, String> names = new HashMap<>();
            List<String> conditions = new ArrayList<>();
            int i = 0;
            for (var f : filters.entrySet()) {
                names.put("#f" + i, f.getKey());
                values.put(":f" + i, s(f.getValue()));
                conditions.add("#f" + i + " = :f" + i);
                i++;
            }
            query.filterExpression(String.join(" AND ", conditions)).expressionAttributeNames(names);
        }
        QueryResponse page = dynamo.query(query.expressionAttributeValues(values).build());
        List<Case> cases = page.items().stream().map(DynamoCaseStore::toCase).toList();
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? encodeCursor(page.lastEvaluatedKey()) : null;
        return new CasePage(cases, next);
    }

    // ---- updates -----------------------------------------------------------------------------

    @Override
    public void apply(CaseChange change) {
        List<TransactWriteItem> items = changeItems(change);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(change.before().id());
            }
            throw e;
        }
    }

    private List<TransactWriteItem> changeItems(CaseChange change) {
        Case before = change.before();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(put(caseItem(change.after(), before.version() + 1),
                "version = :expected", Map.of(":expected", n(before.version()))));
        for (TimelineEntry entry : change.entries()) {
            items.add(put(timelineItem(before.id(), entry), null));
        }
        for (DueItem due : change.dueToSet()) {
            items.add(put(dueItem(due), null));
        }
        for (DueKind kind : change.dueToClear()) {
            if (change.dueToSet().stream().noneMatch(d -> d.kind() == kind)) {
                items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key("CASE#" + before.id(), "DUE#" + kind.name())).build()).build());
            }
        }
        if (change.resolution()) {
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key("CUSTOMER#" + before.platform().id() + "#" + before.customer().id(), "PROFILE"))
                    .updateExpression("SET lastResolvedCaseId = :case, lastResolvedAt = :at")
                    .expressionAttributeValues(Map.of(":case", s(before.id()),
                            ":at", s(Times.sortable(change.after().resolvedAt() == null ? clock.instant() : change.after().resolvedAt()))))
                    .build()).build());
        }
        if (change.releaseCustomer()) {
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(key("CUSTOMER#" + before.platform().id() + "#" + before.customer().id(), "OPEN"))
                    .conditionExpression("attribute_not_exists(pk) OR caseId = :case")
                    .expressionAttributeValues(Map.of(":case", s(before.id())))
                    .build()).build());
        }
        return items;
    }

    // ---- due items ---------------------------------------------------------------------------

    @Override
    public List<DueItem> findDue(Instant now, int limit) {
        QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(DUE_INDEX)
                .keyConditionExpression("duePk = :due AND dueAt <= :now")
                .expressionAttributeValues(Map.of(":due", s(DUE_PARTITION), ":now", s(Times.sortable(now))))
                .limit(limit));
        return page.items().stream().map(item -> new DueItem(item.get("caseId").s(),
                DueKind.valueOf(item.get("kind").s()), Times.parse(item.get("dueAt").s()),
                item.containsKey("every") ? Duration.parse(item.get("every").s()) : null)).toList();
    }

    @Override
    public boolean clearDue(DueItem item) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key("CASE#" + item.caseId(), "DUE#" + item.kind().name()))
                    .conditionExpression("dueAt = :at")
                    .expressionAttributeValues(Map.of(":at", s(Times.sortable(item.dueAt())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // rescheduled or cleared meanwhile
        }
    }

    // ---- outbound ledger ---------------------------------------------------------------------

    @Override
    public OutboundState beginOutbound(String actionKey, Instant now, Duration lease) {
        Map<String, AttributeValue> item = key("OUTBOUND#" + actionKey, "OUTBOUND");
        item.put("type", s("outbound"));
        item.put("state", s("IN_PROGRESS"));
        item.put("leaseUntil", s(Times.sortable(now.plus(lease))));
        item.put("startedAt", s(Times.sortable(now)));
        try {
            // A fresh key, or one whose earlier attempt certainly posted nothing (ABANDONED).
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #state = :abandoned")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":abandoned", s("ABANDONED")))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return OutboundState.ACQUIRED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item() == null ? Map.of() : e.item();
            String state = old.containsKey("state") ? old.get("state").s() : "IN_PROGRESS";
            return switch (state) {
                case "POSTED" -> OutboundState.POSTED;
                case "UNCERTAIN" -> OutboundState.UNCERTAIN;
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
            dynamo.updateItem(r -> r.tableName(table).key(key("OUTBOUND#" + actionKey, "OUTBOUND"))
                    .updateExpression("SET #state = :inProgress, leaseUntil = :until, recoveredAt = :now")
                    .conditionExpression("#state = :uncertain OR (#state = :inProgress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":inProgress", s("IN_PROGRESS"), ":uncertain", s("UNCERTAIN"),
                            ":until", s(Times.sortable(now.plus(lease))), ":now", s(Times.sortable(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void abandonOutbound(String actionKey) {
        dynamo.updateItem(r -> r.tableName(table).key(key("OUTBOUND#" + actionKey, "OUTBOUND"))
                .updateExpression("SET #state = :abandoned")
                .conditionExpression("#state = :inProgress")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":abandoned", s("ABANDONED"), ":inProgress", s("IN_PROGRESS"))));
    }

    @Override
    public void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change) {
        List<TransactWriteItem> items = new ArrayList<>(change == null ? List.of() : changeItems(change));
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key("OUTBOUND#" + actionKey, "OUTBOUND"))
                .updateExpression("SET #state = :posted, postId = :postId, postedAt = :at")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":posted", s("POSTED"), ":postId", s(platformPostId),
                        ":at", s(Times.sortable(at))))
                .build()).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (change != null && failedCondition(e.cancellationReasons(), 0)) {
                throw new ConcurrentUpdateException(change.before().id());
            }
            throw e;
        }
    }

    @Override
    public void markOutboundUncertain(String actionKey, Instant at) {
        dynamo.updateItem(r -> r.tableName(table).key(key("OUTBOUND#" + actionKey, "OUTBOUND"))
                .updateExpression("SET #state = :uncertain, uncertainAt = :at")
                .conditionExpression("#state <> :posted")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":uncertain", s("UNCERTAIN"), ":posted", s("POSTED"),
                        ":at", s(Times.sortable(at)))));
    }

    // ---- cursors -----------------------------------------------------------------------------

    @Override
    public Optional<MentionClaim> mentionClaim(String mentionKey) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key("MENTION#" + mentionKey, "MENTION")).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MentionClaim(str(item, "outcome"), str(item, "caseId")));
    }

    @Override
    public java.util.Set<String> seenMentions(java.util.Collection<String> mentionKeys) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(mentionKeys));
        for (int from = 0; from < all.size(); from += 100) { // BatchGetItem reads at most 100 keys
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(from + 100, all.size())).stream()
                    .map(k -> key("MENTION#" + k, "MENTION")).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("pk").build());
            for (int attempt = 0; attempt < 5 && !request.isEmpty(); attempt++) {
                var response = dynamo.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> seen.add(item.get("pk").s().substring("MENTION#".length())));
                if (response.unprocessedKeys().isEmpty()) {
                    break;
                }
                io.careloop.queue.Backoff.sleep(attempt);
                var unprocessed = response.unprocessedKeys();
                request.clear();
                request.putAll(unprocessed);
            }
        }
        return seen;
    }

    @Override
    public Optional<String> cursor(String source) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key("CURSOR#" + source, "CURSOR")).consistentRead(true)).item();
        return item == null || !item.containsKey("value") ? Optional.empty() : Optional.of(item.get("value").s());
    }

    @Override
    public void saveCursor(String source, String value) {
        Map<String, AttributeValue> item = key("CURSOR#" + source, "CURSOR");
        item.put("value", s(value));
        item.put("updatedAt", s(Times.sortable(clock.instant())));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    // ---- item mapping ------------------------------------------------------------------------

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return put(item, condition, null);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
        }
        if (values != null) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static Map<String, AttributeValue> caseItem(Case c, long version) {
        Map<String, AttributeValue> item = key("CASE#" + c.id(), "CASE");
        item.put("type", s("case"));
        item.put("caseId", s(c.id()));
        item.put("status", s(c.status().name()));
        item.put("priority", s(c.priority().name()));
        item.put("platform", s(c.platform().id()));
        item.put("customerId", s(c.customer().id()));
        item.put("customerHandle", s(c.customer().handle()));
        item.put("customerName", s(c.customer().name()));
        item.put("customerFollowers", n(c.customer().followers()));
        item.put("customerVerified", AttributeValue.fromBool(c.customer().verified()));
        item.put("threadId", s(c.threadId()));
        putIfPresent(item, "replyTo", c.replyTo());
        putIfPresent(item, "firstWords", c.firstWords());
        putIfPresent(item, "assignee", c.assignee());
        putIfPresent(item, "team", c.team());
        putIfPresent(item, "topic", c.topic());
        putIfPresent(item, "incidentId", c.incidentId());
        item.put("advocate", AttributeValue.fromBool(c.advocate()));
        item.put("hostileMessages", n(c.hostileMessages()));
        item.put("createdAt", s(Times.sortable(c.createdAt())));
        item.put("firstResponseDue", s(Times.sortable(c.firstResponseDue())));
        if (c.firstResponseAt() != null) {
            item.put("firstResponseAt", s(Times.sortable(c.firstResponseAt())));
        }
        if (c.resolvedAt() != null) {
            item.put("resolvedAt", s(Times.sortable(c.resolvedAt())));
        }
        item.put("slaBreached", AttributeValue.fromBool(c.slaBreached()));
        if (c.brandAccount() != null) {
            item.put("brandAccount", s(c.brandAccount()));
        }
        item.put("version", n(version));
        item.put("gsi1pk", s(c.status().isOpen() ? "INBOX#OPEN" : "INBOX#DONE"));
        item.put("gsi1sk", s(Times.sortable(c.dueAt()) + "#" + c.id()));
        return item;
    }

    static Case toCase(Map<String, AttributeValue> item) {
        return new Case(
                item.get("caseId").s(),
                CaseStatus.valueOf(item.get("status").s()),
                Priority.valueOf(item.get("priority").s()),
                Platform.fromId(item.get("platform").s()).orElseThrow(),
                new Author(item.get("customerId").s(), str(item, "customerHandle"), str(item, "customerName"),
                        Long.parseLong(item.get("customerFollowers").n()), item.get("customerVerified").bool()),
                str(item, "threadId"),
                str(item, "replyTo"),
                str(item, "firstWords"),
                str(item, "assignee"),
                str(item, "team"),
                str(item, "topic"),
                Times.parse(str(item, "createdAt")),
                Times.parse(str(item, "firstResponseDue")),
                Times.parse(str(item, "firstResponseAt")),
                Times.parse(str(item, "resolvedAt")),
                item.containsKey("slaBreached") && item.get("slaBreached").bool(),
                str(item, "incidentId"),
                item.containsKey("advocate") && item.get("advocate").bool(),
                item.containsKey("hostileMessages") ? Integer.parseInt(item.get("hostileMessages").n()) : 0,
                Long.parseLong(item.get("version").n()),
                str(item, "brandAccount"));
    }

    private static Map<String, AttributeValue> timelineItem(String caseId, TimelineEntry e) {
        String ref = e.ref() == null ? UUID.randomUUID().toString() : e.ref();
        Map<String, AttributeValue> item = key("CASE#" + caseId, "TL#" + Times.sortable(e.at()) + "#" + ref);
        item.put("type", s("timeline"));
        item.put("at", s(Times.sortable(e.at())));
        item.put("kind", s(e.kind()));
        item.put("actor", s(e.actor()));
        putIfPresent(item, "text", e.text());
        item.put("private", AttributeValue.fromBool(e.isPrivate()));
        putIfPresent(item, "ref", e.ref());
        putIfPresent(item, "note", e.note());
        return item;
    }

    private static TimelineEntry toTimelineEntry(Map<String, AttributeValue> item) {
        return new TimelineEntry(Times.parse(item.get("at").s()), item.get("kind").s(), item.get("actor").s(),
                str(item, "text"), item.containsKey("private") && item.get("private").bool(), str(item, "ref"),
                str(item, "note"));
    }

    private static Map<String, AttributeValue> dueItem(DueItem due) {
        Map<String, AttributeValue> item = key("CASE#" + due.caseId(), "DUE#" + due.kind().name());
        item.put("type", s("due"));
        item.put("caseId", s(due.caseId()));
        item.put("kind", s(due.kind().name()));
        item.put("duePk", s(DUE_PARTITION));
        item.put("dueAt", s(Times.sortable(due.dueAt())));
        if (due.every() != null) {
            item.put("every", s(due.every().toString()));
        }
        return item;
    }

    private static Map<String, AttributeValue> pointer(String pk, String sk, String caseId) {
        Map<String, AttributeValue> item = key(pk, sk);
        item.put("type", s("pointer"));
        item.put("caseId", s(caseId));
        return item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("pk", s(pk));
        key.put("sk", s(sk));
        return key;
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static AttributeValue s(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
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
            if (!key.keySet().equals(java.util.Set.of("pk", "sk", "gsi1pk", "gsi1sk"))) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }

    /** A page cursor that this store did not hand out. */
    public static final class InvalidCursorException extends IllegalArgumentException {
        public InvalidCursorException() {
            super("cursor is not one this API returned");
        }
    }
}
