package jp.onplanetz.privacy.testinfra.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plain valid-looking values for a schema (the base a sweep changes in one place at a time), and the fields of a
 * body: every property of every object, into the first element of arrays, with its JSON path as a client writes it
 * ({@code records[0].subjectId}) and as the service names it back in {@code invalid-params}.
 */
final class SchemaValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 4;

    private final ApiDocument document;
    private final String subjectId;

    SchemaValues(ApiDocument document, String subjectId) {
        this.document = document;
        this.subjectId = subjectId;
    }

    /** A field of a body: where it is, what it must be, whether it may be left out. */
    record Field(String path, List<Object> steps, JsonNode schema, boolean required) {
    }

    JsonNode sample(JsonNode schemaOrRef, String name, int depth) {
        JsonNode schema = document.resolve(schemaOrRef);
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("examples") && schema.get("examples").size() > 0) {
            return schema.get("examples").get(0);
        }
        String type = type(schema);
        switch (type) {
            case "object": {
                ObjectNode object = JSON.objectNode();
                if (depth >= MAX_DEPTH) {
                    return object;
                }
                for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                    object.set(p.getKey(), sample(p.getValue(), p.getKey(), depth + 1));
                }
                return object;
            }
            case "array": {
                ArrayNode array = JSON.arrayNode();
                array.add(sample(schema.path("items"), name, depth + 1));
                return array;
            }
            case "integer":
                return JSON.numberNode(Math.max(schema.path("minimum").asLong(1), 1));
            case "number":
                return JSON.numberNode(Math.max(schema.path("minimum").asDouble(1), 1));
            case "boolean":
                return JSON.booleanNode(false);
            default:
                return JSON.textNode(text(schema, name));
        }
    }

    String text(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        switch (format) {
            case "uuid":
                return UUID.randomUUID().toString();
            case "date":
                return LocalDate.now().toString();
            case "date-time":
                return "2026-01-05T10:15:30Z";
            default:
        }
        if ("subjectId".equals(name)) {
            return subjectId;
        }
        if (schema.has("pattern")) {
            String sample = PatternSample.of(schema.get("pattern").asText());
            if (sample != null) {
                return fit(sample, schema);
            }
        }
        return fit("sweep", schema);
    }

    private static String fit(String sample, JsonNode schema) {
        int min = schema.path("minLength").asInt(0);
        StringBuilder s = new StringBuilder(sample);
        while (s.length() < min) {
            s.append(sample.isEmpty() ? "a" : sample.charAt(sample.length() - 1));
        }
        return s.toString();
    }

    List<Field> fields(JsonNode bodySchema) {
        List<Field> fields = new ArrayList<>();
        collect(document.resolve(bodySchema), "", new ArrayList<>(), fields, 0);
        return fields;
    }

    private void collect(JsonNode schema, String path, List<Object> steps, List<Field> into, int depth) {
        if (depth >= MAX_DEPTH) {
            return;
        }
        if ("object".equals(type(schema))) {
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                JsonNode child = document.resolve(p.getValue());
                List<Object> childSteps = new ArrayList<>(steps);
                childSteps.add(p.getKey());
                String childPath = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
                into.add(new Field(childPath, childSteps, child, required.contains(p.getKey())));
                collect(child, childPath, childSteps, into, depth + 1);
            }
        } else if ("array".equals(type(schema))) {
            JsonNode item = document.resolve(schema.path("items"));
            List<Object> itemSteps = new ArrayList<>(steps);
            itemSteps.add(0);
            String itemPath = path + "[0]";
            into.add(new Field(itemPath, itemSteps, item, true));
            collect(item, itemPath, itemSteps, into, depth + 1);
        }
    }

    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }
}
