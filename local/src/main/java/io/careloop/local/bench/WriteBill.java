package io.careloop.local.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What DynamoDB bills for a write by its published rule, from the items as they were before and after it: one unit
 * per started kilobyte of the larger image, twice for an item of a transaction (written to prepare and to commit),
 * plus each index's change as a standard write (a new or removed entry once, a moved key twice, a changed projection
 * once, nothing when the entry stays the same). DynamoDB Local's own figure for transactions follows another rule
 * (see docs/performance.md): this one is what an AWS bill shows.
 *
 * <p>The images are read through a client of its own, so the reads are not counted as the functions' requests.
 */
final class WriteBill {
    private static final int KB = 1024;

    private record Index(String partitionKey, String sortKey, ProjectionType projection, Set<String> included) {
    }

    private final DynamoDbClient reader;
    private final String table;
    private final List<String> keyNames = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();

    WriteBill(DynamoDbClient reader, String table) {
        this.reader = reader;
        this.table = table;
        TableDescription description = reader.describeTable(r -> r.tableName(table)).table();
        description.keySchema().forEach(k -> keyNames.add(k.attributeName()));
        for (GlobalSecondaryIndexDescription gsi : description.globalSecondaryIndexes()) {
            String pk = null;
            String sk = null;
            for (KeySchemaElement k : gsi.keySchema()) {
                if (k.keyType() == KeyType.HASH) {
                    pk = k.attributeName();
                } else {
                    sk = k.attributeName();
                }
            }
            indexes.add(new Index(pk, sk, gsi.projection().projectionType(),
                    new HashSet<>(gsi.projection().hasNonKeyAttributes() ? gsi.projection().nonKeyAttributes() : List.of())));
        }
    }

    /** The write's keys with their images before it, or null when the request writes nothing this bill counts. */
    Map<Map<String, AttributeValue>, Boolean> keysOf(Object request) {
        Map<Map<String, AttributeValue>, Boolean> keys = new java.util.LinkedHashMap<>();
        if (request instanceof PutItemRequest p && table.equals(p.tableName())) {
            keys.put(key(p.item()), false);
        } else if (request instanceof UpdateItemRequest u && table.equals(u.tableName())) {
            keys.put(u.key(), false);
        } else if (request instanceof DeleteItemRequest d && table.equals(d.tableName())) {
            keys.put(d.key(), false);
        } else if (request instanceof TransactWriteItemsRequest t) {
            for (TransactWriteItem i : t.transactItems()) {
                if (i.put() != null && table.equals(i.put().tableName())) {
                    keys.put(key(i.put().item()), true);
                } else if (i.update() != null && table.equals(i.update().tableName())) {
                    keys.put(i.update().key(), true);
                } else if (i.delete() != null && table.equals(i.delete().tableName())) {
                    keys.put(i.delete().key(), true);
                }
            }
        } else {
            return null;
        }
        return keys;
    }

    /** The current image of each key (absent items left out). */
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> images(Iterable<Map<String, AttributeValue>> keys) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> images = new HashMap<>();
        for (Map<String, AttributeValue> key : keys) {
            var item = reader.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            if (item != null && !item.isEmpty()) {
                images.put(key, item);
            }
        }
        return images;
    }

    /** The units billed for a write that succeeded, from the images before and after it. */
    double units(Map<Map<String, AttributeValue>, Boolean> keys,
                 Map<Map<String, AttributeValue>, Map<String, AttributeValue>> before,
                 Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after) {
        double units = 0;
        for (var k : keys.entrySet()) {
            Map<String, AttributeValue> old = before.get(k.getKey());
            Map<String, AttributeValue> now = after.get(k.getKey());
            int table = Math.max(1, kilobytes(Math.max(size(old), size(now))));
            units += k.getValue() ? 2 * table : table;
            for (Index index : indexes) {
                units += indexUnits(index, old, now);
            }
        }
        return units;
    }

    private double indexUnits(Index index, Map<String, AttributeValue> old, Map<String, AttributeValue> now) {
        Map<String, AttributeValue> was = entry(index, old);
        Map<String, AttributeValue> is = entry(index, now);
        if (was == null && is == null) {
            return 0;
        }
        if (was == null) {
            return Math.max(1, kilobytes(size(is)));
        }
        if (is == null) {
            return Math.max(1, kilobytes(size(was)));
        }
        boolean moved = !Objects.equals(was.get(index.partitionKey()), is.get(index.partitionKey()))
                || index.sortKey() != null && !Objects.equals(was.get(index.sortKey()), is.get(index.sortKey()));
        if (moved) {
            return Math.max(1, kilobytes(size(was))) + Math.max(1, kilobytes(size(is)));
        }
        return was.equals(is) ? 0 : Math.max(1, kilobytes(Math.max(size(was), size(is))));
    }

    /** The item's entry in the index, or null when the item is not in it (a sparse index key missing). */
    private Map<String, AttributeValue> entry(Index index, Map<String, AttributeValue> item) {
        if (item == null || !item.containsKey(index.partitionKey())
                || index.sortKey() != null && !item.containsKey(index.sortKey())) {
            return null;
        }
        if (index.projection() == ProjectionType.ALL) {
            return item;
        }
        Map<String, AttributeValue> entry = new HashMap<>();
        item.forEach((name, value) -> {
            if (keyNames.contains(name) || name.equals(index.partitionKey()) || name.equals(index.sortKey())
                    || index.projection() == ProjectionType.INCLUDE && index.included().contains(name)) {
                entry.put(name, value);
            }
        });
        return entry;
    }

    private Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        keyNames.forEach(name -> key.put(name, item.get(name)));
        return key;
    }

    private static int kilobytes(int bytes) {
        return (bytes + KB - 1) / KB;
    }

    /** An item's size as DynamoDB counts it: attribute names and values in bytes. */
    static int size(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        int bytes = 0;
        for (var e : item.entrySet()) {
            bytes += utf8(e.getKey()) + size(e.getValue());
        }
        return bytes;
    }

    private static int size(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            String digits = v.n().replace("-", "").replace(".", "").replaceFirst("^0+(?=.)", "");
            return (digits.length() + 1) / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToInt(WriteBill::utf8).sum();
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToInt(x -> 1 + size(x)).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToInt(x -> 1 + utf8(x.getKey()) + size(x.getValue())).sum();
        }
        return 1;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
