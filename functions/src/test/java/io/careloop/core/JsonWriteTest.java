package io.careloop.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Json#write} streams maps, lists, scalars and trees itself instead of going through the mapper's serializers
 * (whose first map costs a cold start dearly): the text must be exactly what the mapper makes, whatever the values.
 */
class JsonWriteTest {

    static Stream<Object> values() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.parse("2026-11-22T09:10:00.123Z").toString());
        line.put("level", "ERROR");
        line.put("message", "record failed; \"quoted\" \u00e9 \ud83d\ude00 \n tab\t");
        line.put("messageId", null);
        line.put("receiveCount", 3);
        line.put("cost", 0.015);
        line.put("big", Long.MAX_VALUE);
        line.put("notANumber", Double.NaN);
        line.put("infinite", Float.POSITIVE_INFINITY);
        line.put("flag", true);
        line.put("short", (short) 7);
        line.put("byte", (byte) -2);
        line.put("decimal", new BigDecimal("12.3400"));
        line.put("integer", new BigInteger("123456789012345678901234567890"));
        line.put("at", Instant.parse("2026-11-22T09:10:00Z"));
        line.put("waited", Duration.ofMinutes(90));
        line.put("day", LocalDate.of(2026, 11, 22));
        line.put("platform", Platform.BLUESKY);
        line.put("uri", java.net.URI.create("https://example.com/a?b=c"));
        line.put("bytes", "raw".getBytes());
        line.put("letter", 'c');
        line.put("strings", new String[] {"a", "b"});
        line.put("mention", new Mention(Platform.X, "1", new Author("2", "h", "n", 5, true), "hi", Instant.EPOCH, null,
                null, false, false, "webhook:x"));
        line.put("action", new Action("c_1#ACKNOWLEDGE", ActionType.ACKNOWLEDGE, "c_1", Platform.X, "1", null, false, "careloop"));
        line.put("nested", Map.of("_aws", List.of(Map.of("Dimensions", List.of(List.of()), "Metrics", List.of()))));
        line.put("set", new LinkedHashSet<>(List.of("b", "a")));
        line.put("enumKeys", new TreeMap<>(Map.of(Platform.X, 1, Platform.THREADS, 2)));
        line.put("numberKeys", new TreeMap<>(Map.of(3, "three", 1, "one")));
        line.put("withNullValues", new ArrayList<>(Arrays.asList(null, "x", null)));
        line.put("classKeys", Map.of(String.class, "a class key is written by the mapper its own way"));
        line.put("dayKeys", new TreeMap<>(Map.of(LocalDate.of(2026, 11, 22), 3L, LocalDate.of(2026, 11, 23), 4L)));
        line.put("booleanKeys", Map.of(true, "yes"));
        line.put("longKeys", Map.of(1795424400000L, "at"));
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json.object();
        tree.put("accessJwt", "a.b.c").put("n", 3).put("d", 1.5).putNull("none").put("bytes", "raw".getBytes());
        tree.putArray("list").add(1).add("two").addNull().addObject().put("deep", true);
        tree.putPOJO("at", Instant.parse("2026-11-22T09:10:00Z"));
        line.put("tree", tree);
        return Stream.of(line, List.of(line, line), Map.of(), List.of(), "just text", 42, tree, Json.object(), null);
    }

    @ParameterizedTest
    @MethodSource("values")
    void writesExactlyWhatTheMapperWrites(Object value) throws Exception {
        assertThat(Json.write(value)).isEqualTo(Json.mapper().writeValueAsString(value));
    }

    @org.junit.jupiter.api.Test
    void aNullMapKeyIsRefusedAsTheMapperRefusesIt() {
        Map<String, Object> line = new java.util.HashMap<>();
        line.put(null, "no name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.mapper().writeValueAsString(line))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.write(line))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
