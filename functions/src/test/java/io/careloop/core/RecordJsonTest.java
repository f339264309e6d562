package io.careloop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queues' records ({@link Mention}, {@link Action}) are written and read by hand ({@link MentionJson},
 * {@code cases.ActionJson}, added to the mapper by {@link Json#addRecordCodec}) to spare every function Jackson's bean machinery at its first message. They must stay
 * exactly what Jackson's own record mapping makes and reads: messages already in a queue, and drafts already in the
 * table, were written one way or the other. A component added to either record without its codec fails here.
 */
class RecordJsonTest {
    /** A mapper configured as careloop's, without the hand-written codecs: Jackson's record mapping, as before them. */
    private static final ObjectMapper JACKSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .build();

    static {
        io.careloop.cases.ActionJson.register();
    }

    @org.junit.jupiter.api.Test
    void jacksonsMappingHereIsConfiguredAsCareloopsMapper() {
        for (var f : com.fasterxml.jackson.databind.SerializationFeature.values()) {
            assertThat(JACKSON.isEnabled(f)).as(f.name()).isEqualTo(Json.mapper().isEnabled(f));
        }
        for (var f : com.fasterxml.jackson.databind.DeserializationFeature.values()) {
            assertThat(JACKSON.isEnabled(f)).as(f.name()).isEqualTo(Json.mapper().isEnabled(f));
        }
        for (var f : com.fasterxml.jackson.databind.MapperFeature.values()) {
            assertThat(JACKSON.isEnabled(f)).as(f.name()).isEqualTo(Json.mapper().isEnabled(f));
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {Mention.class, Action.class})
    void theComparisonIsWithJacksonsOwnRecordMapping(Class<?> type) throws Exception {
        assertThat(JACKSON.getSerializerProviderInstance().findValueSerializer(type))
                .isInstanceOf(com.fasterxml.jackson.databind.ser.BeanSerializer.class);
    }

    @ParameterizedTest
    @ValueSource(classes = {Mention.class, Action.class})
    void everyComponentSetIsWrittenAndReadAsJacksonDoes(Class<? extends Record> type) throws Exception {
        Record full = everyComponentSet(type);

        JsonNode hand = Json.mapper().valueToTree(full);
        assertThat(hand).isEqualTo(JACKSON.valueToTree(full));
        assertThat(Json.read(JACKSON.writeValueAsString(full), type)).isEqualTo(full);
        assertThat(Json.read(Json.write(full), type)).isEqualTo(full);
        for (RecordComponent c : type.getRecordComponents()) {
            assertThat(hand.has(c.getName())).as("%s.%s is written", type.getSimpleName(), c.getName()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {Mention.class, Action.class})
    void onlyTheRequiredComponentsAreWrittenAndReadAsJacksonDoes(Class<? extends Record> type) throws Exception {
        Record sparse = type == Mention.class
                ? new Mention(Platform.MASTODON, "109", new Author("7", null, null, 0, false), "", null, null, null, false,
                        false, null)
                : new Action("c_1#ACKNOWLEDGE", ActionType.ACKNOWLEDGE, null, null, null, null, false, null);

        assertThat((JsonNode) Json.mapper().valueToTree(sparse)).isEqualTo(JACKSON.valueToTree(sparse));
        assertThat(Json.read(JACKSON.writeValueAsString(sparse), type)).isEqualTo(sparse);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs-mention-queue.json:io.careloop.core.Mention", "sqs-action-queue.json:io.careloop.cases.Action"})
    void theQueueSamplesReadAsJacksonReadsThem(String sampleAndType) throws Exception {
        String[] parts = sampleAndType.split(":");
        Class<?> type = Class.forName(parts[1]);
        JsonNode event = Json.parse(Files.readString(Path.of(RecordJsonTest.class.getResource("/events/" + parts[0]).toURI())));
        for (JsonNode record : event.path("Records")) {
            String body = record.path("body").asText();
            assertThat(Json.read(body, type)).isEqualTo(JACKSON.readValue(body, type));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"platform\":0,\"id\":17,\"author\":{\"id\":5,\"followers\":\"88\",\"verified\":\"true\"},\"text\":\"hi\","
                    + "\"createdAt\":1795424400,\"direct\":1,\"unknownField\":{\"a\":[1]}}",
            "{\"platform\":\"BLUESKY\",\"id\":\"at://x\",\"author\":{\"id\":\"did:plc:1\"},\"text\":\"hi\","
                    + "\"createdAt\":\"2026-11-22T09:10:00.123456Z\",\"change\":\"DELETED\",\"brandAccount\":null}",
            "{\"platform\":\"X\",\"id\":\"2\",\"author\":{\"id\":\"3\"},\"text\":\"hi\",\"createdAt\":\"2026-11-22T10:10:00+01:00\"}",
            "{\"platform\":\"X\",\"id\":\"2\",\"author\":{\"id\":\"3\"},\"text\":\"hi\",\"createdAt\":1795424400.5}"})
    void lenientInputReadsAsJacksonReadsIt(String json) throws Exception {
        assertThat(Json.read(json, Mention.class)).isEqualTo(JACKSON.readValue(json, Mention.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"platform\":\"MYSPACE\",\"id\":\"1\",\"author\":{\"id\":\"2\"},\"text\":\"hi\"}",
            "{\"platform\":\"X\",\"author\":{\"id\":\"2\"},\"text\":\"hi\"}",
            "{\"platform\":\"X\",\"id\":\"1\",\"author\":{\"id\":\"\"},\"text\":\"hi\"}",
            "{\"platform\":\"X\",\"id\":\"1\",\"author\":{\"id\":\"2\"}}",
            "[\"X\",\"1\"]",
            "\"a mention\""})
    void whatJacksonRefusesIsRefusedWithTheSameKindOfError(String json) {
        assertThatThrownBy(() -> JACKSON.readValue(json, Mention.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThatThrownBy(() -> Json.read(json, Mention.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read Mention");
    }

    /** An instance whose every component holds a value that is not the type's default. */
    private static Record everyComponentSet(Class<? extends Record> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = valueFor(components[i].getName(), components[i].getGenericType());
        }
        Constructor<? extends Record> canonical = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return canonical.newInstance(values);
    }

    private static Object valueFor(String name, Type type) {
        if (type == String.class) {
            return name + "-value";
        } else if (type == boolean.class) {
            return true;
        } else if (type == long.class) {
            return 4242L;
        } else if (type == Instant.class) {
            return Instant.parse("2026-11-22T09:10:00.5Z");
        } else if (type == Platform.class) {
            return Platform.THREADS;
        } else if (type == ActionType.class) {
            return ActionType.values()[ActionType.values().length - 1];
        } else if (type == Mention.Change.class) {
            return Mention.Change.HIDDEN;
        } else if (type == Author.class) {
            try {
                return everyComponentSet(Author.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else if (type instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] == String.class) {
            return List.of(name + "-one", name + "-two");
        }
        return fail("RecordJsonTest has no value for a component of type " + type + " (" + name + "): add one, and add the"
                + " component to the record's hand-written JSON");
    }
}
