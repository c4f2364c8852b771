package jp.onplanetz.privacy.testinfra.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The bad requests of a sweep, made from a service's own API document so that a new endpoint is covered without
 * anyone writing its test: for every write operation, each path parameter with refused characters; the body
 * missing, empty, of another content type, not an object, malformed, with trailing content, a key twice, an unknown
 * field, nested too deep; and for every field of the body at any depth: left out (when required), null, of each
 * wrong JSON type, with each refused character and over its length (text), with one item too many (lists). Then
 * random variations of the same kinds (jqwik's generators, with a fixed seed) until the sweep reaches its size.
 * <p>
 * Also collects where the document fails the house rules a sweep relies on: a text field without a maximum
 * length, a list without a maximum number of items.
 */
final class SweepCases {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Stands in a serialized body for a raw JSON escape that Jackson would not write (a lone surrogate, say). */
    private static final String SLOT = "\u00a7SWEEP-SLOT\u00a7";
    /** Refused characters, as the JSON escapes a client would send. */
    static final List<String> REFUSED = List.of("\\u0000", "\\u0001", "\\u001b", "\\u007f", "\\u0085", "\\u009b",
            "\\u202e", "\\u2066", "\\u200f", "\\u061c", "\\ud800", "\\ufffe");
    private static final long SEED = 20261207L;

    private final ApiDocument document;
    private final SchemaValues values;
    private final List<String> documentDefects = new ArrayList<>();

    SweepCases(ApiDocument document, String subjectId) {
        this.document = document;
        this.values = new SchemaValues(document, subjectId);
    }

    List<String> documentDefects() {
        return documentDefects;
    }

    List<SweepCase> of(List<ApiOperation> operations, int atLeast) {
        // jqwik's generators need a session outside its own engine; the seed makes every run send the same requests.
        JqwikSession.start(String.valueOf(SEED));
        try {
            return generate(operations, atLeast);
        } finally {
            JqwikSession.finish();
        }
    }

    private List<SweepCase> generate(List<ApiOperation> operations, int atLeast) {
        List<SweepCase> cases = new ArrayList<>();
        for (ApiOperation op : operations) {
            cases.addAll(fixed(op));
        }
        List<ApiOperation> withBody = operations.stream().filter(op -> op.body() != null).toList();
        Random random = new Random(SEED);
        RandomGenerator<String> refusedText = refusedText().generator(1000);
        int turn = 0;
        while (cases.size() < atLeast && !withBody.isEmpty()) {
            ApiOperation op = withBody.get(turn++ % withBody.size());
            cases.add(randomCase(op, random, refusedText));
        }
        return cases;
    }

    private List<SweepCase> fixed(ApiOperation op) {
        List<SweepCase> cases = new ArrayList<>();
        String path = pathOf(op, null, null);
        JsonNode base = op.body() == null ? null : values.sample(op.body(), "body", 0);
        byte[] baseBytes = base == null ? null : bytes(base.toString());
        for (ApiOperation.ApiParameter p : op.parameters()) {
            if (!"path".equals(p.in())) {
                continue;
            }
            for (String refused : List.of("\u0000", "\u0001", "\u202e", "\u0085")) {
                String value = "a" + refused + "b";
                cases.add(new SweepCase("path parameter " + p.name() + " with " + escape(refused), op,
                        pathOf(op, p.name(), value), base == null ? null : "application/json", baseBytes,
                        HttpClient.Version.HTTP_1_1, SweepCase.BAD_REQUEST, p.name()));
            }
        }
        if (op.body() == null) {
            return cases;
        }
        String json = "application/json";
        for (HttpClient.Version version : HttpClient.Version.values()) {
            cases.add(new SweepCase("empty body over " + version, op, path, json, new byte[0], version,
                    SweepCase.BAD_REQUEST, null));
            cases.add(new SweepCase("no body over " + version, op, path, null, null, version, SweepCase.BAD_REQUEST, null));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "application/octet-stream", "multipart/form-data; boundary=x")) {
            cases.add(new SweepCase("content type " + type, op, path, type, baseBytes, HttpClient.Version.HTTP_1_1,
                    SweepCase.UNSUPPORTED, null));
        }
        for (String body : List.of("\"" + base.toString().replace("\"", "\\\"") + "\"", "[]", "[" + base + "]", "12",
                "true", "null", "{", base.toString().substring(0, base.toString().length() - 1), "{}}",
                base + " xyz", base + " {}", base + ",", "\u00ef\u00bb\u00bf" + base, "{'a': 1}")) {
            cases.add(bodyCase("body " + abbreviate(body), op, path, body, SweepCase.BAD_REQUEST, null));
        }
        cases.add(bodyCase("nested 5000 deep", op, path, "[".repeat(5000) + "]".repeat(5000), SweepCase.BAD_REQUEST, null));
        if (base.isObject() && base.size() > 0) {
            String first = base.fieldNames().next();
            String duplicated = "{\"" + first + "\":" + base.get(first) + "," + base.toString().substring(1);
            cases.add(bodyCase("field " + first + " twice", op, path, duplicated, SweepCase.BAD_REQUEST, null));
            ObjectNode unknown = ((ObjectNode) base).deepCopy().put("sweepUnknownField", 1);
            cases.add(bodyCase("an unknown field", op, path, unknown.toString(), SweepCase.BAD_REQUEST, "sweepUnknownField"));
        }
        for (SchemaValues.Field field : values.fields(op.body())) {
            cases.addAll(fieldCases(op, path, base, field));
        }
        return cases;
    }

    private List<SweepCase> fieldCases(ApiOperation op, String path, JsonNode base, SchemaValues.Field field) {
        List<SweepCase> cases = new ArrayList<>();
        String name = field.path();
        if (field.required()) {
            if (!(field.steps().get(field.steps().size() - 1) instanceof Integer)) {
                cases.add(bodyCase(name + " left out", op, path, without(base, field).toString(), SweepCase.BAD_REQUEST, name));
            }
            cases.add(bodyCase(name + " null", op, path, with(base, field, JSON.nullNode()), SweepCase.BAD_REQUEST, name));
        }
        String type = SchemaValues.type(field.schema());
        for (JsonNode wrong : wrongTypes(type)) {
            cases.add(bodyCase(name + " as " + wrong, op, path, with(base, field, wrong), SweepCase.BAD_REQUEST, name));
        }
        if ("string".equals(type)) {
            for (String refused : REFUSED) {
                String text = "a" + refused + "b";
                cases.add(bodyCase(name + " with " + refused, op, path, withRaw(base, field, "\"" + text + "\""),
                        SweepCase.BAD_REQUEST, name));
            }
            boolean bounded = field.schema().has("maxLength") || field.schema().has("enum")
                    || Set.of("uuid", "date", "date-time").contains(field.schema().path("format").asText())
                    || boundedPattern(field.schema().path("pattern").asText(null));
            if (!bounded) {
                documentDefects.add(op.name() + ": text field '" + name + "' has no maxLength");
            }
            int over = field.schema().has("maxLength") ? field.schema().get("maxLength").asInt() + 1 : 10_001;
            cases.add(bodyCase(name + " " + over + " characters long", op, path,
                    with(base, field, JSON.textNode("a".repeat(over))), SweepCase.TOO_LARGE, name));
        }
        if ("array".equals(type)) {
            if (!field.schema().has("maxItems")) {
                documentDefects.add(op.name() + ": list '" + name + "' has no maxItems");
            } else {
                int over = field.schema().get("maxItems").asInt() + 1;
                ArrayNode items = JSON.arrayNode();
                JsonNode item = values.sample(field.schema().path("items"), name, 1);
                for (int i = 0; i < over; i++) {
                    items.add(item);
                }
                cases.add(bodyCase(name + " with " + over + " items", op, path, with(base, field, items),
                        SweepCase.TOO_LARGE, name));
            }
            cases.add(bodyCase(name + " nested 3000 deep", op, path,
                    withRaw(base, field, "[".repeat(3000) + "]".repeat(3000)), SweepCase.BAD_REQUEST, null));
        }
        return cases;
    }

    private SweepCase randomCase(ApiOperation op, Random random, RandomGenerator<String> refusedText) {
        String path = pathOf(op, null, null);
        JsonNode base = values.sample(op.body(), "body", 0);
        List<SchemaValues.Field> fields = values.fields(op.body()).stream()
                .filter(f -> "string".equals(SchemaValues.type(f.schema())) || !f.required()).toList();
        if (fields.isEmpty()) {
            return bodyCase("random trailing content", op, path, base + " " + random.nextInt(), SweepCase.BAD_REQUEST, null);
        }
        SchemaValues.Field field = fields.get(random.nextInt(fields.size()));
        if ("string".equals(SchemaValues.type(field.schema())) && random.nextBoolean()) {
            String text = refusedText.next(random).value();
            return bodyCase(field.path() + " with random refused text", op, path, withRaw(base, field, text),
                    SweepCase.BAD_REQUEST, field.path());
        }
        String type = SchemaValues.type(field.schema());
        List<JsonNode> wrong = wrongTypes(type);
        JsonNode value = wrong.get(random.nextInt(wrong.size()));
        if (value.isIntegralNumber() && !"integer".equals(type) && !"number".equals(type)) {
            value = JSON.numberNode(random.nextInt());
        }
        return bodyCase(field.path() + " as random " + value.getNodeType(), op, path, with(base, field, value),
                SweepCase.BAD_REQUEST, field.path());
    }

    /**
     * A JSON string literal holding at least one refused character among ordinary ones, written as a client would
     * (the refused ones as JSON escapes).
     */
    private static Arbitrary<String> refusedText() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars(' ', '-', '.', '\u3042', '\u6f22').ofMaxLength(12);
        Arbitrary<String> refused = Arbitraries.of(REFUSED);
        return net.jqwik.api.Combinators.combine(plain, refused, plain)
                .as((before, bad, after) -> "\"" + before + bad + after + "\"");
    }

    /** A whole-value pattern without an unbounded repetition bounds the length by itself. */
    static boolean boundedPattern(String pattern) {
        if (pattern == null || !pattern.startsWith("^") || !pattern.endsWith("$")) {
            return false;
        }
        String unescaped = pattern.replaceAll("\\\\.", "");
        return !unescaped.contains("+") && !unescaped.contains("*") && !unescaped.matches(".*\\{\\d+,}.*");
    }

    private static List<JsonNode> wrongTypes(String type) {
        return switch (type) {
            case "string" -> List.of(JSON.numberNode(12345), JSON.booleanNode(true), JSON.objectNode(), JSON.arrayNode());
            case "integer" -> List.of(JSON.textNode("12"), JSON.numberNode(1.5), JSON.booleanNode(true), JSON.arrayNode());
            case "number" -> List.of(JSON.textNode("12"), JSON.booleanNode(true), JSON.objectNode());
            case "boolean" -> List.of(JSON.textNode("true"), JSON.numberNode(1), JSON.textNode(""));
            case "array" -> List.of(JSON.textNode("x"), JSON.textNode(""), JSON.objectNode(), JSON.numberNode(7));
            default -> List.of(JSON.textNode("x"), JSON.textNode(""), JSON.arrayNode(), JSON.numberNode(7));
        };
    }

    private String pathOf(ApiOperation op, String replaced, String rawValue) {
        String path = op.path();
        for (ApiOperation.ApiParameter p : op.parameters()) {
            if (!"path".equals(p.in())) {
                continue;
            }
            String value = p.name().equals(replaced) ? rawValue : values.text(p.schema(), p.name());
            path = path.replace("{" + p.name() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path;
    }

    private static SweepCase bodyCase(String what, ApiOperation op, String path, String body, Set<Integer> statuses,
            String field) {
        return new SweepCase(what, op, path, "application/json", bytes(body), HttpClient.Version.HTTP_1_1, statuses, field);
    }

    private static JsonNode without(JsonNode base, SchemaValues.Field field) {
        JsonNode copy = base.deepCopy();
        JsonNode parent = parentOf(copy, field);
        if (parent instanceof ObjectNode object) {
            object.remove((String) field.steps().get(field.steps().size() - 1));
        }
        return copy;
    }

    private static String with(JsonNode base, SchemaValues.Field field, JsonNode value) {
        return withRaw(base, field, value.toString());
    }

    /** The base body with the field's value replaced by raw JSON text. */
    private static String withRaw(JsonNode base, SchemaValues.Field field, String rawJson) {
        JsonNode copy = base.deepCopy();
        JsonNode parent = parentOf(copy, field);
        Object last = field.steps().get(field.steps().size() - 1);
        if (parent instanceof ObjectNode object) {
            object.put((String) last, SLOT);
        } else if (parent instanceof ArrayNode array) {
            if (array.isEmpty()) {
                array.add(SLOT);
            } else {
                array.set((Integer) last, JSON.textNode(SLOT));
            }
        } else {
            return rawJson;
        }
        return copy.toString().replace("\"" + SLOT + "\"", rawJson);
    }

    private static JsonNode parentOf(JsonNode root, SchemaValues.Field field) {
        JsonNode node = root;
        List<Object> steps = field.steps();
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node;
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        return body.length() > 40 ? body.substring(0, 40) + "..." : body;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format("U+%04X", c)));
        return out.toString();
    }
}
