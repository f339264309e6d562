package io.careloop.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AT Protocol lexicons (the JSON schemas in {@code src/test/resources/lexicons}, as published with the atproto
 * reference implementation) and a validator for what careloop sends against them: a record against its collection's
 * {@code record} schema, a procedure's JSON input, a query's parameters. It implements the lexicon types careloop's
 * calls use (object, ref, union, string with its formats and length limits, integer, boolean, array, unknown) and
 * answers every violation with its path.
 */
final class Lexicons {
    private static final Pattern DID = Pattern.compile("^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$");
    private static final Pattern HANDLE = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$");
    private static final Pattern NSID = Pattern.compile("^[a-zA-Z]([a-zA-Z0-9-]{0,62})?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})?)+$");
    private static final Pattern RECORD_KEY = Pattern.compile("^[a-zA-Z0-9_~.:-]{1,512}$");
    private static final Pattern CID = Pattern.compile("^[a-zA-Z0-9+=]{8,256}$");
    private static final Pattern LANGUAGE = Pattern.compile("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$");
    private static final Pattern URI = Pattern.compile("^[a-z][a-z.+-]*:\\S+$");

    private final Map<String, JsonNode> documents = new HashMap<>();

    /** Loads the named lexicons from the test resources. */
    static Lexicons load(List<String> ids) {
        Lexicons l = new Lexicons();
        for (String id : ids) {
            try (InputStream in = Lexicons.class.getResourceAsStream("/lexicons/" + id + ".json")) {
                if (in == null) {
                    throw new IllegalArgumentException("no lexicon " + id + " in src/test/resources/lexicons");
                }
                JsonNode doc = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                l.documents.put(doc.path("id").asText(), doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return l;
    }

    boolean has(String nsid) {
        return documents.containsKey(nsid);
    }

    String type(String nsid) {
        return main(nsid).path("type").asText();
    }

    /** A record of the collection {@code nsid} (its {@code $type} must name it). */
    List<String> validateRecord(String nsid, JsonNode record) {
        List<String> errors = new ArrayList<>();
        if (!nsid.equals(record.path("$type").asText())) {
            errors.add("record: $type must be " + nsid);
        }
        check(record, main(nsid).path("record"), nsid, "record", errors);
        return errors;
    }

    /** A procedure's JSON input. */
    List<String> validateInput(String nsid, JsonNode input) {
        List<String> errors = new ArrayList<>();
        JsonNode schema = main(nsid).path("input").path("schema");
        if (schema.isMissingNode()) {
            if (input != null && input.size() > 0) {
                errors.add(nsid + " takes no input");
            }
            return errors;
        }
        check(input, schema, nsid, "input", errors);
        return errors;
    }

    /** A query's parameters, as strings from the URL (a parameter given once may be an array of one). */
    List<String> validateParams(String nsid, Map<String, List<String>> params) {
        List<String> errors = new ArrayList<>();
        JsonNode schema = main(nsid).path("parameters");
        JsonNode props = schema.path("properties");
        for (JsonNode req : schema.path("required")) {
            if (!params.containsKey(req.asText())) {
                errors.add("params." + req.asText() + ": required");
            }
        }
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            JsonNode def = props.path(p.getKey());
            if (def.isMissingNode()) {
                errors.add("params." + p.getKey() + ": not a parameter of " + nsid);
                continue;
            }
            ArrayNode values = Json.mapper().createArrayNode();
            String itemType = def.path("type").asText().equals("array") ? def.path("items").path("type").asText() : def.path("type").asText();
            for (String v : p.getValue()) {
                switch (itemType) {
                    case "integer" -> {
                        try {
                            values.add(Long.parseLong(v));
                        } catch (NumberFormatException e) {
                            errors.add("params." + p.getKey() + ": not an integer");
                        }
                    }
                    case "boolean" -> values.add(Boolean.parseBoolean(v));
                    default -> values.add(v);
                }
            }
            if (def.path("type").asText().equals("array")) {
                check(values, def, nsid, "params." + p.getKey(), errors);
            } else if (values.size() != 1) {
                errors.add("params." + p.getKey() + ": given " + values.size() + " times");
            } else {
                check(values.get(0), def, nsid, "params." + p.getKey(), errors);
            }
        }
        return errors;
    }

    private JsonNode main(String nsid) {
        JsonNode doc = documents.get(nsid);
        if (doc == null) {
            throw new IllegalArgumentException("lexicon not loaded: " + nsid);
        }
        return doc.path("defs").path("main");
    }

    /** Resolves a ref ("#frag", "nsid", "nsid#frag") relative to the lexicon it appears in. */
    private Ref resolve(String ref, String context) {
        String r = ref.startsWith("lex:") ? ref.substring(4) : ref;
        String nsid = r.startsWith("#") ? context : r.contains("#") ? r.substring(0, r.indexOf('#')) : r;
        String name = r.contains("#") ? r.substring(r.indexOf('#') + 1) : "main";
        JsonNode doc = documents.get(nsid);
        return new Ref(nsid, name, doc == null ? null : doc.path("defs").path(name));
    }

    private record Ref(String nsid, String name, JsonNode def) {
        String full() {
            return name.equals("main") ? nsid : nsid + "#" + name;
        }
    }

    private void check(JsonNode value, JsonNode def, String context, String path, List<String> errors) {
        String type = def.path("type").asText();
        switch (type) {
            case "object", "params" -> object(value, def, context, path, errors);
            case "ref" -> {
                Ref ref = resolve(def.path("ref").asText(), context);
                if (ref.def() == null || ref.def().isMissingNode()) {
                    errors.add(path + ": cannot check against " + def.path("ref").asText() + " (lexicon not loaded)");
                } else if (ref.def().path("type").asText().equals("record")) {
                    check(value, ref.def().path("record"), ref.nsid(), path, errors);
                } else {
                    check(value, ref.def(), ref.nsid(), path, errors);
                }
            }
            case "union" -> union(value, def, context, path, errors);
            case "string" -> string(value, def, path, errors);
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": must be an integer");
                } else {
                    long n = value.asLong();
                    if (def.has("minimum") && n < def.path("minimum").asLong()) {
                        errors.add(path + ": below the minimum " + def.path("minimum").asLong());
                    }
                    if (def.has("maximum") && n > def.path("maximum").asLong()) {
                        errors.add(path + ": above the maximum " + def.path("maximum").asLong());
                    }
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": must be a boolean");
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": must be an array");
                    return;
                }
                if (def.has("maxLength") && value.size() > def.path("maxLength").asInt()) {
                    errors.add(path + ": more than " + def.path("maxLength").asInt() + " items");
                }
                if (def.has("minLength") && value.size() < def.path("minLength").asInt()) {
                    errors.add(path + ": fewer than " + def.path("minLength").asInt() + " items");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), def.path("items"), context, path + "[" + i + "]", errors);
                }
            }
            case "unknown" -> {
                if (!value.isObject()) {
                    errors.add(path + ": must be an object");
                }
            }
            default -> errors.add(path + ": the validator does not know the lexicon type '" + type + "'");
        }
    }

    private void object(JsonNode value, JsonNode def, String context, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": must be an object");
            return;
        }
        Set<String> nullable = new java.util.HashSet<>();
        def.path("nullable").forEach(n -> nullable.add(n.asText()));
        for (JsonNode req : def.path("required")) {
            if (!value.has(req.asText()) || value.get(req.asText()).isNull() && !nullable.contains(req.asText())) {
                errors.add(path + "." + req.asText() + ": required");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode propDef = def.path("properties").path(field.getKey());
            if (field.getKey().equals("$type") || propDef.isMissingNode()) {
                continue; // lexicon objects are open: unknown fields are allowed
            }
            if (field.getValue().isNull()) {
                if (!nullable.contains(field.getKey())) {
                    errors.add(path + "." + field.getKey() + ": may not be null");
                }
                continue;
            }
            check(field.getValue(), propDef, context, path + "." + field.getKey(), errors);
        }
    }

    private void union(JsonNode value, JsonNode def, String context, String path, List<String> errors) {
        String t = value.path("$type").asText("");
        if (t.isEmpty()) {
            errors.add(path + ": a union member needs a $type");
            return;
        }
        for (JsonNode r : def.path("refs")) {
            Ref ref = resolve(r.asText(), context);
            if (ref.full().equals(t) || (ref.nsid() + "#" + ref.name()).equals(t)) {
                if (ref.def() == null || ref.def().isMissingNode()) {
                    errors.add(path + ": cannot check against " + t + " (lexicon not loaded)");
                } else {
                    check(value, ref.def().path("type").asText().equals("record") ? ref.def().path("record") : ref.def(),
                            ref.nsid(), path, errors);
                }
                return;
            }
        }
        if (def.path("closed").asBoolean(false)) {
            errors.add(path + ": $type " + t + " is not one of the union's refs");
        } else {
            errors.add(path + ": $type " + t + " is not one careloop is expected to send here");
        }
    }

    private static void string(JsonNode value, JsonNode def, String path, List<String> errors) {
        if (!value.isTextual()) {
            errors.add(path + ": must be a string");
            return;
        }
        String s = value.asText();
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (def.has("maxLength") && bytes > def.path("maxLength").asInt()) {
            errors.add(path + ": longer than " + def.path("maxLength").asInt() + " bytes");
        }
        if (def.has("minLength") && bytes < def.path("minLength").asInt()) {
            errors.add(path + ": shorter than " + def.path("minLength").asInt() + " bytes");
        }
        if (def.has("maxGraphemes") && graphemes(s) > def.path("maxGraphemes").asInt()) {
            errors.add(path + ": more than " + def.path("maxGraphemes").asInt() + " graphemes");
        }
        if (def.has("const") && !def.path("const").asText().equals(s)) {
            errors.add(path + ": must be " + def.path("const").asText());
        }
        if (def.has("enum")) {
            boolean found = false;
            for (JsonNode e : def.path("enum")) {
                found |= e.asText().equals(s);
            }
            if (!found) {
                errors.add(path + ": not one of " + def.path("enum"));
            }
        }
        String format = def.path("format").asText("");
        boolean ok = switch (format) {
            case "" -> true;
            case "did" -> DID.matcher(s).matches();
            case "handle" -> HANDLE.matcher(s).matches();
            case "at-identifier" -> DID.matcher(s).matches() || HANDLE.matcher(s).matches();
            case "nsid" -> NSID.matcher(s).matches();
            case "record-key" -> RECORD_KEY.matcher(s).matches() && !s.equals(".") && !s.equals("..");
            case "cid" -> CID.matcher(s).matches();
            case "language" -> LANGUAGE.matcher(s).matches();
            case "uri" -> URI.matcher(s).matches();
            case "at-uri" -> atUri(s);
            case "datetime" -> datetime(s);
            default -> false;
        };
        if (!ok) {
            errors.add(path + ": not a valid " + (format.isEmpty() ? "string" : format) + ": " + s);
        }
    }

    private static boolean atUri(String s) {
        if (!s.startsWith("at://")) {
            return false;
        }
        String[] parts = s.substring(5).split("/", -1);
        if (parts.length < 1 || parts.length > 3 || !(DID.matcher(parts[0]).matches() || HANDLE.matcher(parts[0]).matches())) {
            return false;
        }
        return (parts.length < 2 || NSID.matcher(parts[1]).matches()) && (parts.length < 3 || RECORD_KEY.matcher(parts[2]).matches());
    }

    /** RFC 3339 with a timezone, as the lexicon's datetime format requires. */
    private static boolean datetime(String s) {
        try {
            OffsetDateTime.parse(s);
            return s.matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }

    /** The parameters of a query string, decoded. */
    static Map<String, List<String>> params(String query) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return params;
    }

}
