package jp.onplanetz.privacy.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Holds a payload record to its event type's published JSON Schema and example. Shared through this module's test jar,
 * so that the services' tests can run the round trip with their own {@code ObjectMapper}.
 */
public final class PayloadContract {

    private PayloadContract() {
    }

    /**
     * The example read into the payload record and written back: the differences from the example, none when they
     * are equal. Times are compared as instants (a record keeps the moment, not the digits of its fraction).
     */
    public static List<String> roundTripDifferences(ObjectMapper json, EventType<?> type) {
        try {
            JsonNode example = json.readTree(EventSchemas.exampleText(type));
            Object payload = json.readValue(EventSchemas.exampleText(type), type.payloadType());
            String written = json.writeValueAsString(payload);
            List<String> differences = new ArrayList<>(EventSchemas.violations(type, written));
            compare("", example, json.readTree(written), differences);
            return differences;
        } catch (IOException e) {
            throw new UncheckedIOException(type.name() + ": " + e.getMessage(), e);
        }
    }

    private static void compare(String at, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!expected.has(name) || !actual.has(name)) {
                    differences.add(at + "/" + name + ": " + (expected.has(name) ? "left out" : "added"));
                } else {
                    compare(at + "/" + name, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(at + "/" + i, expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual) && !sameInstant(expected, actual)) {
            differences.add(at + ": " + expected + " written back as " + actual);
        }
    }

    private static boolean sameInstant(JsonNode a, JsonNode b) {
        if (!a.isTextual() || !b.isTextual()) {
            return false;
        }
        try {
            return OffsetDateTime.parse(a.asText()).toInstant().equals(OffsetDateTime.parse(b.asText()).toInstant());
        } catch (DateTimeParseException notATime) {
            return false;
        }
    }

    /**
     * The record's components against the schema's properties, nested objects included: the same names, a type
     * that holds the property's values, a primitive only where null is not allowed, and left out when null where the
     * property is optional but may not be null (written as null it would break the schema).
     */
    public static List<String> componentMismatches(EventType<?> type, ObjectMapper json) {
        try {
            List<String> mismatches = new ArrayList<>();
            compareObject(type.name(), type.payloadType(), json.readTree(EventSchemas.schemaText(type)), mismatches);
            return mismatches;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compareObject(String at, Class<?> record, JsonNode schema, List<String> mismatches) {
        if (!record.isRecord()) {
            mismatches.add(at + ": " + record.getSimpleName() + " is not a record");
            return;
        }
        JsonNode properties = schema.path("properties");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        Set<String> components = new HashSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            components.add(c.getName());
            JsonNode property = properties.get(c.getName());
            if (property == null) {
                mismatches.add(at + "." + c.getName() + ": not in the schema");
                continue;
            }
            compareComponent(at + "." + c.getName(), c, property, required.contains(c.getName()), mismatches);
        }
        Iterator<String> names = properties.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!components.contains(name)) {
                mismatches.add(at + "." + name + ": no component for it");
            }
        }
    }

    private static void compareComponent(String at, RecordComponent c, JsonNode property, boolean required,
            List<String> mismatches) {
        Set<String> types = jsonTypes(property);
        boolean nullable = types.remove("null");
        Class<?> raw = c.getType();
        JsonInclude include = c.getAccessor().getAnnotation(JsonInclude.class);
        if (include == null) {
            include = fieldInclude(c);
        }
        boolean leftOutWhenNull = include != null && include.value() == JsonInclude.Include.NON_NULL;
        if (raw.isPrimitive() && (nullable || !required)) {
            mismatches.add(at + ": primitive, but the schema lets it be " + (nullable ? "null" : "absent"));
        }
        if (!required && !nullable && !raw.isPrimitive() && !leftOutWhenNull) {
            mismatches.add(at + ": optional and never null in the schema, so it must be left out when null");
        }
        if (leftOutWhenNull && (required || nullable)) {
            mismatches.add(at + ": left out when null, but the schema " + (required ? "requires it" : "allows null"));
        }
        if (types.size() != 1) {
            mismatches.add(at + ": the schema's type " + types + " has no single Java type");
            return;
        }
        String jsonType = types.iterator().next();
        String format = property.path("format").asText("");
        boolean fits = switch (jsonType) {
            case "string" -> switch (format) {
                case "date-time" -> Temporal.class.isAssignableFrom(raw);
                case "uuid" -> raw == UUID.class;
                // an enum of the contract holds the schema's closed list (its constants are checked against it apart)
                default -> raw == String.class || raw.isEnum() && property.has("enum");
            };
            case "integer" -> raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class;
            case "boolean" -> raw == boolean.class || raw == Boolean.class;
            case "array" -> Collection.class.isAssignableFrom(raw);
            case "object" -> raw.isRecord() || Map.class.isAssignableFrom(raw) || JsonNode.class.isAssignableFrom(raw);
            default -> false;
        };
        if (!fits) {
            mismatches.add(at + ": " + raw.getSimpleName() + " does not hold a JSON " + jsonType
                    + (format.isEmpty() ? "" : " of format " + format));
            return;
        }
        if (jsonType.equals("object") && raw.isRecord()) {
            compareObject(at, raw, property, mismatches);
        } else if (jsonType.equals("array")) {
            JsonNode items = property.path("items");
            Type element = ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            if (items.has("properties")) {
                compareObject(at + "[]", (Class<?>) element, items, mismatches);
            } else if ("uuid".equals(items.path("format").asText()) ? element != UUID.class : element != String.class) {
                mismatches.add(at + "[]: " + element.getTypeName() + " does not hold the schema's items");
            }
        }
    }

    private static JsonInclude fieldInclude(RecordComponent c) {
        try {
            return c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(JsonInclude.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Set<String> jsonTypes(JsonNode property) {
        Set<String> types = new TreeSet<>();
        JsonNode type = property.path("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }
}
