package io.careloop.testing;

import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import java.util.Map;

/** The brand careloop ships with (Acme), as tests use it. */
public final class Brands {
    private Brands() {
    }

    public static BrandConfig acme() {
        return BrandConfig.load(new Settings(Map.of()));
    }

    /** Acme with every message sent without review ({@code policy.review {"default": "auto"}}): careloop before reviews. */
    public static BrandConfig acmeWithoutReview() {
        return withPolicy("\"review\": {\"default\": \"auto\"}");
    }

    /** Acme with extra {@code policy} fields, e.g. {@code "review": {"default": "review"}}. */
    public static BrandConfig withPolicy(String fields) {
        return merged("{\"policy\": {" + fields + "}}");
    }

    /** Acme's brand file with this JSON merged in (objects field by field, anything else replaced). */
    public static BrandConfig merged(String json) {
        try (var in = BrandConfig.class.getResourceAsStream(BrandConfig.DEFAULT_RESOURCE)) {
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) io.careloop.core.Json.mapper().readTree(in);
            merge(root, (com.fasterxml.jackson.databind.node.ObjectNode) io.careloop.core.Json.mapper().readTree(json));
            return BrandConfig.parse(root.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void merge(com.fasterxml.jackson.databind.node.ObjectNode into,
                              com.fasterxml.jackson.databind.node.ObjectNode extra) {
        extra.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && into.get(e.getKey()) instanceof com.fasterxml.jackson.databind.node.ObjectNode o
                    && !e.getKey().equals("review")) {
                merge(o, (com.fasterxml.jackson.databind.node.ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }
}
