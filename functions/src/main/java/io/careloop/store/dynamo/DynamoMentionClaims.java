package io.careloop.store.dynamo;

import static io.careloop.store.dynamo.Items.n;
import static io.careloop.store.dynamo.Items.s;
import static io.careloop.store.dynamo.Items.str;

import io.careloop.cases.Case;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.ClaimOutcome;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.CustomerContext;
import io.careloop.cases.MentionClaim;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Backoff;
import io.careloop.core.Mention;
import io.careloop.core.Times;
import io.careloop.store.MentionClaims;
import io.careloop.store.SeenMentions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Mention claims, each the first item of its transaction (a refusal of item 0 means "seen before"), with the
 * case, pointers and history a claim opens or joins.
 */
final class DynamoMentionClaims implements MentionClaims, SeenMentions {
    static final Duration CLAIM_TTL = Duration.ofDays(30);
    /** Index of the customer pointer in an opening transaction: its refusal means the customer got a case meanwhile. */
    private static final int CUSTOMER_POINTER = 2;
    /** On the claim of a mention that opened a case and started its thread: whose case the thread leads to. */
    private static final String THREAD_CUSTOMER = "threadCustomer";

    private final DynamoTable table;

    DynamoMentionClaims(DynamoTable table) {
        this.table = table;
    }

    @Override
    public CustomerContext customerContext(Mention mention, String topicKey) {
        Map<String, AttributeValue> open = TableKeys.customerOpen(mention.customerKey());
        Map<String, AttributeValue> profile = TableKeys.customerProfile(mention.customerKey());
        Map<String, AttributeValue> thread = TableKeys.thread(mention.threadKey(), mention.customerKey());
        // A case opened by the mention that started the thread is found through that mention's claim instead.
        Map<String, AttributeValue> threadStart = TableKeys.mention(mention.threadKey());
        List<Map<String, AttributeValue>> keys = new ArrayList<>(List.of(open, profile, thread, threadStart));
        Map<String, AttributeValue> incident = topicKey == null ? null : TableKeys.activeIncident(topicKey);
        if (incident != null) {
            keys.add(incident);
        }
        var response = table.dynamo.batchGetItem(r -> r.requestItems(Map.of(table.name, KeysAndAttributes.builder()
                .keys(keys).consistentRead(true).build())));
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(table.name, List.of())) {
            found.put(TableKeys.id(item), item);
        }
        Map<String, AttributeValue> o = found.get(TableKeys.id(open));
        Map<String, AttributeValue> t = found.get(TableKeys.id(thread));
        Map<String, AttributeValue> p = found.getOrDefault(TableKeys.id(profile), Map.of());
        Map<String, AttributeValue> i = incident == null ? null : found.get(TableKeys.id(incident));
        String threadCase = t != null ? t.get("caseId").s()
                : caseOpenedFor(found.get(TableKeys.id(threadStart)), mention.customerKey());
        return new CustomerContext(o == null ? null : o.get("caseId").s(), threadCase,
                p.containsKey("cases") ? Integer.parseInt(p.get("cases").n()) : 0,
                str(p, "lastResolvedCaseId"), Times.parse(str(p, "lastResolvedAt")),
                i == null ? null : str(i, "incidentId"));
    }

    /** The case a thread's first mention opened for this customer, from that mention's claim (null if none). */
    private static String caseOpenedFor(Map<String, AttributeValue> claim, String customerKey) {
        if (claim == null || !customerKey.equals(str(claim, THREAD_CUSTOMER))
                || !ClaimOutcome.CASE.stored().equals(str(claim, "outcome"))) {
            return null;
        }
        return str(claim, "caseId");
    }

    @Override
    public ClaimResult openCase(CaseOpening opening) {
        Case c = opening.newCase();
        Mention mention = opening.mention();
        List<TransactWriteItem> items = new ArrayList<>();
        // A mention that starts its thread needs no thread pointer: its claim, kept as long, answers the same lookup.
        boolean startsThread = opening.ownsCustomer() && mention.threadKey().equals(mention.key());
        // A watched mention may still become a case when its watch turns into outreach.
        TransactWriteItem claim = claim(mention, ClaimOutcome.CASE, c.id(), null,
                startsThread ? mention.customerKey() : null);
        items.add(TransactWriteItem.builder().put(claim.put().toBuilder()
                .conditionExpression("attribute_not_exists(pk) OR outcome = :watched")
                .expressionAttributeValues(Map.of(":watched", s(ClaimOutcome.WATCHED.stored()))).build()).build());
        items.add(table.put(Items.caseItem(c, CaseOpening.STORED_VERSION), "attribute_not_exists(pk)"));
        if (opening.ownsCustomer()) {
            items.add(table.put(Items.pointer(TableKeys.customerOpen(mention.customerKey()), c.id()), "attribute_not_exists(pk)"));
            if (!startsThread) {
                items.add(table.put(Items.pointer(TableKeys.thread(mention.threadKey(), mention.customerKey()), c.id()), null));
            }
            items.add(table.update(Update.builder().key(TableKeys.customerProfile(mention.customerKey()))
                    .updateExpression("ADD cases :one").expressionAttributeValues(Map.of(":one", n(1)))));
        }
        items.add(table.put(Items.timelineItem(c.id(), opening.first()), null));
        if (opening.firstResponseDue() != null) {
            items.add(table.put(Items.dueItem(opening.firstResponseDue()), null));
        }
        if (opening.sighting() != null) {
            items.add(table.put(Items.sightingItem(opening.sighting()), null));
        }
        if (c.incidentId() != null) {
            items.add(table.put(Items.timelineItem(c.id(), opening.incidentNote()), null));
            items.add(table.put(Items.incidentCaseItem(c.incidentId(), c.id()), null));
        }
        try {
            table.transact(items);
            return ClaimResult.recorded(c.id());
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            Optional<ClaimResult> duplicate = duplicateClaim(reasons);
            if (duplicate.isPresent()) {
                return duplicate.get();
            }
            if (DynamoTable.failedCondition(reasons, CUSTOMER_POINTER)) {
                return new ClaimResult(ClaimResult.Outcome.CUSTOMER_HAS_CASE, null, null);
            }
            throw e;
        }
    }

    @Override
    public ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry, boolean hostile) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", s(Times.sortable(table.clock.instant())));
        values.put(":one", n(1));
        String add = hostile ? " ADD version :one, hostileMessages :one" : " ADD version :one";
        // Public replies go to the customer's latest public post; a DM must not redirect them.
        String set = "SET updatedAt = :now";
        if (!mention.isPrivate()) {
            set += ", replyTo = :replyTo, replyToDirect = :direct";
            values.put(":replyTo", s(mention.id()));
            values.put(":direct", AttributeValue.fromBool(mention.direct()));
        }
        return claimWith(caseId, List.of(
                claim(mention, ClaimOutcome.JOINED, caseId, null),
                table.put(Items.timelineItem(caseId, entry), null),
                table.update(Update.builder().key(TableKeys.caseKey(caseId))
                        .conditionExpression("attribute_exists(pk)")
                        .updateExpression(set + add)
                        .expressionAttributeValues(values))));
    }

    @Override
    public ClaimResult markAdvocate(String caseId, Mention mention, TimelineEntry entry) {
        return claimWith(caseId, List.of(
                claim(mention, ClaimOutcome.ADVOCATE, caseId, null),
                table.put(Items.timelineItem(caseId, entry), null),
                table.update(Update.builder().key(TableKeys.caseKey(caseId))
                        .conditionExpression("attribute_exists(pk)")
                        .updateExpression("SET advocate = :yes ADD version :one")
                        .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true), ":one", n(1))))));
    }

    private ClaimResult claimWith(String caseId, List<TransactWriteItem> items) {
        try {
            table.transact(items);
            return ClaimResult.recorded(caseId);
        } catch (TransactionCanceledException e) {
            return duplicateClaim(e.cancellationReasons()).orElseThrow(() -> e);
        }
    }

    @Override
    public ClaimResult recordWithoutCase(Mention mention, ClaimOutcome outcome, String reason) {
        Put claim = claim(mention, outcome, null, reason).put();
        try {
            table.dynamo.putItem(r -> r.tableName(table.name).item(claim.item())
                    .conditionExpression(claim.conditionExpression())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return ClaimResult.recorded(null);
        } catch (ConditionalCheckFailedException e) {
            return duplicateOf(e.item() == null ? Map.of() : e.item());
        }
    }

    @Override
    public Optional<MentionClaim> claimOf(String mentionKey) {
        var item = table.dynamo.getItem(r -> r.tableName(table.name).key(TableKeys.mention(mentionKey)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MentionClaim(ClaimOutcome.fromStored(str(item, "outcome")), str(item, "caseId")));
    }

    @Override
    public Set<String> seenMentions(Collection<String> mentionKeys) {
        Set<String> seen = new HashSet<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(mentionKeys));
        for (int from = 0; from < all.size(); from += 100) { // BatchGetItem reads at most 100 keys
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(from + 100, all.size())).stream()
                    .map(TableKeys::mention).toList();
            Map<String, KeysAndAttributes> request = new HashMap<>(Map.of(table.name, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("pk, sk").build()));
            for (int attempt = 0; attempt < 5 && !request.isEmpty(); attempt++) {
                var response = table.dynamo.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table.name, List.of())
                        .forEach(item -> TableKeys.mentionKeyOf(item).ifPresent(seen::add));
                if (response.unprocessedKeys().isEmpty()) {
                    break;
                }
                Backoff.sleep(attempt);
                var unprocessed = response.unprocessedKeys();
                request.clear();
                request.putAll(unprocessed);
            }
        }
        return seen;
    }

    private TransactWriteItem claim(Mention mention, ClaimOutcome outcome, String caseId, String reason) {
        return claim(mention, outcome, caseId, reason, null);
    }

    /**
     * @param threadCustomer the customer whose case the thread this mention starts leads to, or null: such a claim
     *                       stands in for the thread pointer, so it is kept as long (no TTL)
     */
    private TransactWriteItem claim(Mention mention, ClaimOutcome outcome, String caseId, String reason,
                                    String threadCustomer) {
        Instant now = table.clock.instant();
        Map<String, AttributeValue> item = TableKeys.mention(mention.key());
        item.put("type", s("mention"));
        item.put("outcome", s(outcome.stored()));
        item.put("claimedAt", s(Times.sortable(now)));
        item.put("source", s(mention.source()));
        if (threadCustomer == null) {
            item.put("ttl", n(now.plus(CLAIM_TTL).getEpochSecond()));
        } else {
            item.put(THREAD_CUSTOMER, s(threadCustomer));
        }
        Items.putIfPresent(item, "caseId", caseId);
        Items.putIfPresent(item, "reason", reason);
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name).item(item)
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    /** The claim is always the first item of a transaction; its failure means "seen before". */
    private static Optional<ClaimResult> duplicateClaim(List<CancellationReason> reasons) {
        if (!DynamoTable.failedCondition(reasons, 0)) {
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
}
