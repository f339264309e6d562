package io.careloop.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Helpers for the hand-written JSON of the records that travel through the queues ({@link Mention}, and
 * {@code cases.Action}): the same documents Jackson's record mapping makes and reads (RecordJsonTest compares the
 * two), without building a bean serializer and deserializer at a function's first message: about 280 classes and
 * 60 ms of every cold start. A record is read from its tree; a value the tree cannot say plainly (an instant given as
 * a number or in another ISO form) is handed to the mapper, so it reads as Jackson reads it.
 */
public final class RecordJson {
    private RecordJson() {
    }

    /** A Jackson deserializer that reads the record's tree with {@code fromTree}, for the mapper's own paths. */
    public static <T> StdDeserializer<T> reader(Class<T> type, Function<JsonNode, T> fromTree) {
        return new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode node = ctxt.readTree(p);
                try {
                    return fromTree.apply(node);
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        };
    }

    /** The record's JSON object; anything else is refused, naming the type. */
    public static JsonNode object(JsonNode node, Class<?> type) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    /** A text field as Jackson reads a {@code String}: scalars as their text, absent or null as null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, not " + value.getNodeType());
        }
        return value.asText();
    }

    /** A boolean field: absent or null is false, as for a record's primitive component. */
    public static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull() && value.asBoolean(false);
    }

    /** A whole-number field: absent or null is 0. */
    public static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? 0 : value.asLong(0);
    }

    /**
     * An instant: the ISO-8601 text careloop writes is parsed here ({@link Instant#parse} is what Jackson's own
     * deserializer does with it); any other form goes to the mapper's java.time deserializer.
     */
    public static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                // not the plain form: the mapper decides, as it always did
            }
        }
        try {
            return Json.mapper().treeToValue(value, Instant.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("field '" + field + "': not an instant: " + value, e);
        }
    }

    /** An enum constant by name (or by index, as Jackson also accepts); unknown names are refused. */
    public static <E extends Enum<E>> E constant(JsonNode node, String field, Class<E> type) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        E[] constants = type.getEnumConstants();
        if (value.isIntegralNumber()) {
            int index = value.asInt();
            if (index >= 0 && index < constants.length) {
                return constants[index];
            }
        } else if (value.isTextual()) {
            for (E constant : constants) {
                if (constant.name().equals(value.asText())) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException("field '" + field + "': not one of the " + type.getSimpleName() + " values: " + value);
    }

    /** A list of strings; absent or null is null. */
    public static List<String> texts(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array, not " + value.getNodeType());
        }
        List<String> texts = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            texts.add(item.isNull() ? null : item.asText());
        }
        return texts;
    }

    public static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    public static void field(JsonGenerator g, String name, Enum<?> value) throws IOException {
        field(g, name, value == null ? null : value.name());
    }

    /** An instant in ISO-8601 ({@link Instant#toString}), as the mapper writes it (dates are not timestamps here). */
    public static void field(JsonGenerator g, String name, Instant value) throws IOException {
        field(g, name, value == null ? null : value.toString());
    }

    public static void field(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values == null) {
            g.writeNullField(name);
            return;
        }
        g.writeArrayFieldStart(name);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
