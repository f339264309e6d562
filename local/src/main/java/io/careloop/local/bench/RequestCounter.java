package io.careloop.local.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts every AWS request the functions make, by scope (set by the benchmark around each step), service and
 * operation, and asks DynamoDB for the capacity each request consumed so costs come from real units.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static final ThreadLocal<String> SCOPE = ThreadLocal.withInitial(() -> "other");

    private static final ExecutionAttribute<Object[]> BILLED_WRITE = new ExecutionAttribute<>("careloop.billedWrite");

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> capacity = new ConcurrentHashMap<>();
    private volatile WriteBill bill;

    /** Also works out what DynamoDB would bill for each successful write (reported as billedWriteUnits). */
    void billWrites(WriteBill writeBill) {
        this.bill = writeBill;
    }

    public static void scope(String name) {
        SCOPE.set(name);
    }

    public void reset() {
        requests.clear();
        capacity.clear();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof BatchGetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(total).build();
        }
        if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    /** Reads the images a billed write will change, before it changes them. */
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        WriteBill b = bill;
        if (b == null) {
            return;
        }
        var keys = b.keysOf(context.request());
        if (keys != null && !keys.isEmpty()) {
            attributes.putAttribute(BILLED_WRITE, new Object[] {keys, b.images(keys.keySet())});
        }
    }

    /** Failed requests count too: a refused conditional write is still a request (and still billed). */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(context.request(), "(failed)");
    }

    private void count(SdkRequest request, String suffix) {
        String operation = request.getClass().getSimpleName().replace("Request", "") + suffix;
        String service = request.getClass().getPackageName().contains("dynamodb") ? "dynamodb"
                : request.getClass().getPackageName().contains("sqs") ? "sqs" : "other";
        requests.computeIfAbsent(SCOPE.get() + "|" + service + "|" + operation, k -> new LongAdder()).increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        String scope = SCOPE.get();
        count(context.request(), "");
        double units = units(context.response());
        Object[] billed = attributes.getAttribute(BILLED_WRITE);
        WriteBill b = bill;
        if (billed != null && b != null) {
            @SuppressWarnings("unchecked")
            var keys = (Map<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>, Boolean>) billed[0];
            @SuppressWarnings("unchecked")
            var before = (Map<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>,
                    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>>) billed[1];
            capacity.computeIfAbsent(scope + "|billed", k -> new DoubleAdder())
                    .add(b.units(keys, before, b.images(keys.keySet())));
        }
        if (units > 0) {
            String kind = isWrite(operation) ? "wcu" : "rcu";
            capacity.computeIfAbsent(scope + "|" + kind, k -> new DoubleAdder()).add(units);
            capacity.computeIfAbsent(scope + "|units:" + operation, k -> new DoubleAdder()).add(units);
        }
    }

    private static boolean isWrite(String operation) {
        return List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")
                .contains(operation.replace("(failed)", ""));
    }

    private static double units(Object response) {
        if (response instanceof GetItemResponse r) {
            return total(r.consumedCapacity());
        }
        if (response instanceof QueryResponse r) {
            return total(r.consumedCapacity());
        }
        if (response instanceof PutItemResponse r) {
            return total(r.consumedCapacity());
        }
        if (response instanceof UpdateItemResponse r) {
            return total(r.consumedCapacity());
        }
        if (response instanceof DeleteItemResponse r) {
            return total(r.consumedCapacity());
        }
        if (response instanceof BatchGetItemResponse r && r.consumedCapacity() != null) {
            return r.consumedCapacity().stream().mapToDouble(RequestCounter::total).sum();
        }
        if (response instanceof TransactWriteItemsResponse r && r.consumedCapacity() != null) {
            return r.consumedCapacity().stream().mapToDouble(RequestCounter::total).sum();
        }
        return 0;
    }

    private static double total(ConsumedCapacity c) {
        return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
    }

    /** Requests by operation for one scope, plus read/write counts and capacity units. */
    public Map<String, Object> summary(String scope) {
        Map<String, Object> ops = new TreeMap<>();
        long reads = 0;
        long writes = 0;
        long sqs = 0;
        for (var e : requests.entrySet()) {
            String[] key = e.getKey().split("\\|");
            if (!key[0].equals(scope)) {
                continue;
            }
            long n = e.getValue().sum();
            ops.put(key[1] + ":" + key[2], n);
            if (key[1].equals("dynamodb")) {
                if (isWrite(key[2])) {
                    writes += n;
                } else {
                    reads += n;
                }
            } else if (key[1].equals("sqs")) {
                sqs += n;
            }
        }
        Map<String, Object> s = new TreeMap<>();
        s.put("dynamodbReads", reads);
        s.put("dynamodbWrites", writes);
        s.put("sqsRequests", sqs);
        s.put("operations", ops);
        DoubleAdder rcu = capacity.get(scope + "|rcu");
        DoubleAdder wcu = capacity.get(scope + "|wcu");
        s.put("readCapacityUnits", rcu == null ? 0 : rcu.sum());
        s.put("writeCapacityUnits", wcu == null ? 0 : wcu.sum());
        if (bill != null) {
            DoubleAdder billed = capacity.get(scope + "|billed");
            s.put("billedWriteUnits", billed == null ? 0 : billed.sum());
        }
        Map<String, Object> byOperation = new TreeMap<>();
        capacity.forEach((key, units) -> {
            if (key.startsWith(scope + "|units:")) {
                byOperation.put(key.substring((scope + "|units:").length()), units.sum());
            }
        });
        s.put("capacityUnitsByOperation", byOperation);
        return s;
    }
}
