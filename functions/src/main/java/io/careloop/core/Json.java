package io.careloop.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper: built once, thread-safe, strict about hostile input. */
public final class Json {
    /** Deeper documents are refused: no legitimate payload nests this deep. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The types {@link #addRecordCodec} has been given. */
    private static final java.util.Set<Class<?>> CODECS = new java.util.HashSet<>();
    /** Their writers, called directly by {@link #write} (the mapper's serializer lookup introspects the type first). */
    private static final java.util.Map<Class<?>, com.fasterxml.jackson.databind.JsonSerializer<?>> WRITERS =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** And their readers, called directly by {@link #read} on the parsed tree, for the same reason. */
    private static final java.util.Map<Class<?>, java.util.function.Function<JsonNode, ?>> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(100)
                .maxStringLength(1_000_000)
                .build());
        // A Mention's JSON by hand (MentionJson): no bean (de)serializer built at a function's first message.
        addRecordCodec(Mention.class, new MentionJson.Writer(), MentionJson::fromTree);
    }

    /** Whether the java.time module is registered yet (see {@link #javaTimeReady}). */
    private static volatile boolean javaTime;

    private Json() {
    }

    /**
     * The mapper's java.time support (jackson-datatype-jsr310), registered at the first use of the mapper that may meet
     * a java.time value rather than at start: its 75 classes and formatters cost every function about 25 ms of a cold
     * start, and the common paths (the records' codecs, streamed maps of scalars, trees) never need it. Every path
     * that hands values to the mapper's serializers or deserializers calls this first; registered explicitly, because
     * module discovery through ServiceLoader costs cold-start time too.
     */
    private static ObjectMapper javaTimeReady() {
        if (!javaTime) {
            synchronized (Json.class) {
                if (!javaTime) {
                    MAPPER.registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
                    javaTime = true;
                }
            }
        }
        return MAPPER;
    }

    /**
     * Writes and reads {@code type} with hand-written code instead of Jackson's record mapping, which costs a function
     * some 200 classes and 50 ms at its first message. For records of packages this one cannot see (an {@code Action}),
     * the wiring adds theirs before any message is read; until then Jackson's own mapping applies, which writes and
     * reads the same documents (each codec's test holds them equal), so a codec added late or not at all changes
     * nothing but time. Once per type.
     */
    public static synchronized <T> void addRecordCodec(Class<T> type, com.fasterxml.jackson.databind.JsonSerializer<T> writer,
                                                       java.util.function.Function<JsonNode, T> fromTree) {
        if (CODECS.add(type)) {
            WRITERS.put(type, writer);
            READERS.put(type, fromTree);
            MAPPER.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("careloop-" + type.getName())
                    .addSerializer(type, writer)
                    .addDeserializer(type, RecordJson.reader(type, fromTree)));
        }
    }

    /** The mapper itself, java.time support included (for anything {@link #write} and {@link #read} do not cover). */
    public static ObjectMapper mapper() {
        return javaTimeReady();
    }

    /** A generator writing to {@code out} with the mapper's settings; it leaves {@code out} open. */
    public static com.fasterxml.jackson.core.JsonGenerator generator(java.io.OutputStream out) throws java.io.IOException {
        return MAPPER.getFactory().createGenerator(out)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** Parses a stream (an invocation's event) into a tree, with the same limits as {@link #parse(byte[])}. */
    public static JsonNode parse(java.io.InputStream in) throws java.io.IOException {
        return MAPPER.readTree(in);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses untrusted bytes; a {@link JsonProcessingException} says what is wrong and where. */
    public static JsonNode parse(byte[] body) throws JsonProcessingException {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading an in-memory buffer cannot fail", e);
        }
    }

    public static JsonNode parse(String body) throws JsonProcessingException {
        return MAPPER.readTree(body);
    }

    /**
     * The value's JSON, exactly as the mapper writes it, but streamed for what log lines, metric lines, API answers and
     * request bodies are made of (maps, lists, strings, numbers, booleans, JSON trees, and the records with codecs):
     * the mapper's first {@code Map} alone costs a function some 240 classes and 60 ms of its cold start (it
     * introspects the map's class, methods and annotations). Any other value inside goes through the mapper.
     */
    public static String write(Object value) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            stream(g, value);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot serialise " + (value == null ? "null" : value.getClass().getSimpleName()), e);
        }
        return out.toString();
    }

    private static void stream(com.fasterxml.jackson.core.JsonGenerator g, Object value) throws java.io.IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof java.math.BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof java.util.Map<?, ?> map && plainKeys(map)) {
            g.writeStartObject();
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                g.writeFieldName(key instanceof Enum<?> constant ? constant.name() : String.valueOf(key));
                stream(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof JsonNode tree) {
            // Value nodes write themselves; only a tree holding plain objects needs the mapper's serializers.
            tree.serialize(g, (holdsObjects(tree) ? javaTimeReady() : MAPPER).getSerializerProviderInstance());
        } else if (WRITERS.get(value.getClass()) instanceof com.fasterxml.jackson.databind.JsonSerializer<?> writer) {
            writeWith(writer, value, g);
        } else if (value instanceof java.util.Collection<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                stream(g, item);
            }
            g.writeEndArray();
        } else {
            javaTimeReady().writeValue(g, value);
        }
    }

    /**
     * Whether every key is one the mapper writes as its name or text (strings, enums, numbers, booleans); a map with
     * a null key or any other kind (a class, a date) is left to the mapper, which writes or refuses it its own way.
     */
    private static boolean plainKeys(java.util.Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String || key instanceof Enum<?> || key instanceof Integer || key instanceof Long
                    || key instanceof Boolean)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdsObjects(JsonNode tree) {
        if (tree.isPojo()) {
            return true;
        }
        for (JsonNode child : tree) {
            if (holdsObjects(child)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T> void writeWith(com.fasterxml.jackson.databind.JsonSerializer<T> writer, Object value,
                                      com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        writer.serialize((T) value, g, MAPPER.getSerializerProviderInstance());
    }

    public static <T> T read(String json, Class<T> type) {
        java.util.function.Function<JsonNode, ?> fromTree = READERS.get(type);
        if (fromTree != null) {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
            try {
                return type.cast(fromTree.apply(tree));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        try {
            return javaTimeReady().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
