package jp.onplanetz.privacy.testinfra.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A service's own OpenAPI document, as {@code /q/openapi?format=json} serves it, and what it promises about an answer:
 * whether a status is documented for an operation, and whether a JSON body matches the documented schema (JSON Schema
 * 2020-12, which OpenAPI 3.1 schemas are; {@code $ref}s into {@code components} resolve within the document).
 */
public final class OpenApiDocument {

    public static final String PROBLEM_REF = "#/components/schemas/Problem";
    public static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<String, OpenApiDocument> BY_BASE = new ConcurrentHashMap<>();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** One operation: its method, its path template and its object in the document. */
    public record Operation(String method, String path, JsonNode node) {
        public String name() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        public JsonNode responses() {
            return node.path("responses");
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Pattern> templates = new ConcurrentHashMap<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    public OpenApiDocument(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(new Operation(method, path.getKey(), path.getValue().get(method)));
                }
            }
        }
    }

    /** The document the service at {@code baseUrl} (e.g. {@code http://localhost:8081}) serves, read once. */
    public static OpenApiDocument of(String baseUrl) {
        return BY_BASE.computeIfAbsent(baseUrl, OpenApiDocument::fetch);
    }

    private static OpenApiDocument fetch(String baseUrl) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            // Not a service of ours (e.g. a stand-in server a test started): nothing is documented there.
            return new OpenApiDocument(r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json() {
        return document;
    }

    public List<Operation> operations() {
        return operations;
    }

    /** The operation a request to a concrete path ({@code /api/v1/requests/3f...}) reaches, if the document has it. */
    public Optional<Operation> operation(String method, String concretePath) {
        String m = method.toLowerCase(Locale.ROOT);
        Operation templated = null;
        for (Operation op : operations) {
            if (!op.method().equals(m)) {
                continue;
            }
            if (op.path().equals(concretePath)) {
                return Optional.of(op); // a literal path wins over a template (/records/export over /records/{id})
            }
            if (templated == null && template(op.path()).matcher(concretePath).matches()) {
                templated = op;
            }
        }
        return Optional.ofNullable(templated);
    }

    private Pattern template(String path) {
        return templates.computeIfAbsent(path, p -> {
            StringBuilder regex = new StringBuilder();
            for (String part : p.split("(?=\\{)|(?<=\\})")) {
                regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
            }
            return Pattern.compile(regex.toString());
        });
    }

    /**
     * What is wrong with an answer, by the document: a success status the operation does not document, an error status
     * it documents otherwise than as problem+json, or a JSON body that does not match the documented schema. Empty
     * when the answer is as documented. A request to a path the document does not have is not judged.
     */
    public List<String> check(String method, String concretePath, int status, String contentType, String body) {
        Optional<Operation> found = operation(method, concretePath);
        if (found.isEmpty()) {
            return List.of();
        }
        Operation op = found.get();
        List<String> wrong = new ArrayList<>();
        JsonNode response = op.responses().get(String.valueOf(status));
        if (status >= 200 && status < 300) {
            if (response == null) {
                wrong.add(op.name() + " answered " + status + ", which its document does not list (it lists "
                        + fieldNames(op.responses()) + ")");
                return wrong;
            }
        } else if (response == null) {
            return wrong; // an error the operation does not document (the contract test checks the standard ones)
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content");
        if (body == null || body.isEmpty() || status == 204) {
            return wrong;
        }
        JsonNode documented = mediaTypeEntry(content, mediaType);
        if (documented == null) {
            wrong.add(op.name() + " answered " + status + " as '" + contentType + "', which its document does not list for "
                    + status + " (it lists " + fieldNames(content) + ")");
            return wrong;
        }
        if (isJson(mediaType) && documented.has("schema")) {
            for (String e : validate(documented.get("schema"), body)) {
                wrong.add(op.name() + " answered " + status + " with a body its documented schema refuses: " + e);
            }
        }
        return wrong;
    }

    private static JsonNode mediaTypeEntry(JsonNode content, String mediaType) {
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().split(";")[0].trim().equalsIgnoreCase(mediaType)) {
                return e.getValue();
            }
        }
        return null;
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private List<String> validate(JsonNode schema, String body) {
        String key = schema.toString();
        Schema compiledSchema = compiled.computeIfAbsent(key, k -> {
            // The schema inside a copy of the components, so that its $refs resolve as in the document.
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", document.path("components"));
            root.putArray("allOf").add(schema);
            return SCHEMAS.getSchema(root.toString(), InputFormat.JSON);
        });
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        return compiledSchema.validate(withoutNulls(parsed).toString(), InputFormat.JSON).stream()
                .map(Error::toString).toList();
    }

    /**
     * The body with its null members left out: the services write an absent value as {@code null}, and a schema
     * generated from a Java type does not say that a member may be null (a generated client takes null for any
     * object member). A required member that is null is then missing, as it should be.
     */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
