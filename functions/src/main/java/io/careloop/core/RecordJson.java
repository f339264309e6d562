package io.careloop.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for the hand-written JSON of the records that travel through the queues ({@link Mention}, and
 * {@code cases.Action}): the same documents Jackson's record mapping makes and reads (their tests compare the two),
 * without building a bean serializer and deserializer at a function's first message — about 280 classes and 60 ms
 * of every cold start. Instants go through the mapper's own java.time (de)serializers, so their format is Jackson's.
 */
public final class RecordJson {
    private RecordJson() {
    }

    /** The record's JSON object, or a mapping error naming the type when it is not an object. */
    public static JsonNode object(JsonParser p, DeserializationContext ctxt, Class<?> type) throws IOException {
        JsonNode node = ctxt.readTree(p);
        if (!node.isObject()) {
            throw JsonMappingException.from(p, "cannot read " + type.getSimpleName() + " from " + node.getNodeType());
        }
        return node;
    }

    /** A text field as Jackson reads a {@code String}: scalars as their text, absent or null as null. */
    public static String text(JsonParser p, JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw JsonMappingException.from(p, "field '" + field + "' must be a string, not " + value.getNodeType());
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

    /** An instant, read by the mapper's own {@code Instant} deserializer. */
    public static Instant instant(DeserializationContext ctxt, JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : ctxt.readTreeAsValue(value, Instant.class);
    }

    /** An enum constant by name (or by index, as Jackson also accepts); unknown names are a mapping error. */
    public static <E extends Enum<E>> E constant(JsonParser p, JsonNode node, String field, Class<E> type) throws IOException {
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
        throw JsonMappingException.from(p, "field '" + field + "': not one of the " + type.getSimpleName() + " values: " + value);
    }

    /** A list of strings; absent or null is null. */
    public static List<String> texts(JsonParser p, JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw JsonMappingException.from(p, "field '" + field + "' must be an array, not " + value.getNodeType());
        }
        List<String> texts = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            texts.add(item.isNull() ? null : item.asText());
        }
        return texts;
    }

    /** A record's constructor refused the values (a required field missing): a mapping error, as Jackson reports it. */
    public static JsonMappingException refused(JsonParser p, Class<?> type, IllegalArgumentException e) {
        return JsonMappingException.from(p, "cannot build " + type.getSimpleName() + ": " + e.getMessage(), e);
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

    /** An instant, written by the mapper's own {@code Instant} serializer. */
    public static void field(JsonGenerator g, SerializerProvider provider, String name, Instant value) throws IOException {
        provider.defaultSerializeField(name, value, g);
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
