package jp.onplanetz.privacy.testinfra.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The write operations of an OpenAPI 3 document, read the way a client generator reads them. */
final class ApiDocument {

    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    private final JsonNode root;

    ApiDocument(JsonNode root) {
        this.root = root;
    }

    List<ApiOperation> writeOperations() {
        List<ApiOperation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (WRITES.contains(op.getKey())) {
                    operations.add(operation(op.getKey().toUpperCase(), path.getKey(), op.getValue()));
                }
            }
        }
        return operations;
    }

    private ApiOperation operation(String method, String path, JsonNode op) {
        List<ApiOperation.ApiParameter> parameters = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            JsonNode param = resolve(p);
            parameters.add(new ApiOperation.ApiParameter(param.path("name").asText(), param.path("in").asText(),
                    param.path("required").asBoolean(false), resolve(param.path("schema"))));
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode requirement : op.path("security")) {
            requirement.properties().forEach(scheme -> scheme.getValue().forEach(r -> roles.add(r.asText())));
        }
        JsonNode json = op.path("requestBody").path("content").path("application/json").path("schema");
        return new ApiOperation(method, path, parameters, roles, json.isMissingNode() ? null : json);
    }

    /** The schema or parameter itself, following {@code $ref} into the components (once or more). */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 20; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("external reference in the API document: " + ref);
            }
            JsonNode target = root;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            if (current.size() > 1 && target.isObject()) {
                // OpenAPI 3.1 allows siblings beside $ref (e.g. a description): they refine the target.
                ObjectNode merged = ((ObjectNode) target).deepCopy();
                current.properties().forEach(f -> {
                    if (!f.getKey().equals("$ref")) {
                        merged.set(f.getKey(), f.getValue());
                    }
                });
                target = merged;
            }
            current = target;
        }
        return current;
    }
}
