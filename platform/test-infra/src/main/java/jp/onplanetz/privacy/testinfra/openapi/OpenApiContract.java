package jp.onplanetz.privacy.testinfra.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service's OpenAPI document must say of every operation, run by each service's tests (a subclass annotated
 * {@code @QuarkusTest}) on the document the service itself serves, so an operation added later is held to it too:
 * a documented success with its body's schema, its error answers as problem+json of the one shared Problem schema, and
 * a row with the same roles in the service README's endpoint table ({@link ReadmeEndpointTable}).
 * That each documented success is the status the code really answers is held by {@link DocumentedAnswers}, on every
 * answer every REST test receives.
 */
public abstract class OpenApiContract {

    /** The port of the application under test: {@code return RestAssured.port;} in the subclass. */
    protected abstract int port();

    private OpenApiDocument document() {
        return OpenApiDocument.of("http://localhost:" + port());
    }

    /**
     * The README's endpoint table is what a newcomer reads of who may call what: the tests run in the service's
     * module directory, beside its README.
     */
    @Test
    void theReadmesEndpointTableListsEveryOperationWithTheRolesTheCodeAllows() {
        assertEquals(List.of(), ReadmeEndpointTable.read(java.nio.file.Path.of("README.md")).differencesFrom(document()));
    }

    @Test
    void theDocumentHasOperations() {
        assertTrue(document().operations().size() > 0, "no operation in the document");
    }

    @Test
    void everyOperationDocumentsASuccessWithTheSchemaOfItsBody() {
        List<String> wrong = new ArrayList<>();
        for (OpenApiDocument.Operation op : document().operations()) {
            List<String> successes = new ArrayList<>();
            op.responses().fieldNames().forEachRemaining(code -> {
                if (code.startsWith("2")) {
                    successes.add(code);
                }
            });
            if (successes.isEmpty()) {
                wrong.add(op.name() + ": no 2xx documented");
            }
            for (String code : successes) {
                JsonNode content = op.responses().get(code).path("content");
                if (code.equals("204")) {
                    if (content.size() > 0) {
                        wrong.add(op.name() + ": 204 with a body");
                    }
                    continue;
                }
                if (content.size() == 0) {
                    wrong.add(op.name() + ": " + code + " without a body's media type and schema");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> media = it.next();
                    JsonNode schema = media.getValue().path("schema");
                    if (!schema.isObject() || schema.isEmpty()) {
                        wrong.add(op.name() + ": " + code + " " + media.getKey() + " has an empty schema");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemJsonOfTheSharedSchema() {
        List<String> wrong = new ArrayList<>();
        for (OpenApiDocument.Operation op : document().operations()) {
            JsonNode responses = op.responses();
            boolean body = op.node().has("requestBody");
            boolean parameters = op.node().path("parameters").size() > 0;
            boolean token = op.node().path("security").size() > 0;
            List<String> expected = new ArrayList<>(List.of("500"));
            if (body || parameters) {
                expected.add("400");
            }
            if (token) {
                expected.addAll(List.of("401", "403"));
            }
            if (body) {
                expected.addAll(List.of("413", "415"));
            }
            for (String code : expected) {
                if (!responses.has(code)) {
                    wrong.add(op.name() + ": no " + code + " documented");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> r = it.next();
                if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                    JsonNode content = r.getValue().path("content");
                    String ref = content.path("application/problem+json").path("schema").path("$ref").asText();
                    if (content.size() != 1 || !OpenApiDocument.PROBLEM_REF.equals(ref)) {
                        wrong.add(op.name() + ": " + r.getKey() + " is not application/problem+json of "
                                + OpenApiDocument.PROBLEM_REF + " (" + content + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theProblemSchemaIsRfc9457WithInvalidParams() {
        JsonNode problem = document().json().path("components").path("schemas").path("Problem");
        JsonNode properties = problem.path("properties");
        for (String member : List.of("type", "title", "status", "detail", "instance", "invalid-params")) {
            assertTrue(properties.has(member), "Problem schema lacks " + member + ": " + problem);
        }
        JsonNode param = properties.path("invalid-params").path("items").path("properties");
        assertTrue(param.has("name") && param.has("reason"), "invalid-params items lack name and reason: " + problem);
        assertTrue(!problem.has("additionalProperties") || problem.path("additionalProperties").asBoolean(true),
                "a problem type may add members of its own (RFC 9457 section 3.2): " + problem);
    }

    @Test
    void aRealRefusalMatchesTheProblemSchema() throws Exception {
        // a request without a token to every operation that wants one: 401 problem+json, as documented
        List<String> wrong = new ArrayList<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (OpenApiDocument.Operation op : document().operations()) {
            if (op.node().path("security").size() == 0) {
                continue;
            }
            String path = op.path().replaceAll("\\{[^}]+}", "x");
            var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port() + path))
                    .method(op.method().toUpperCase(java.util.Locale.ROOT), java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (answer.statusCode() != 401 || !type.startsWith("application/problem+json")) {
                wrong.add(op.name() + " without a token: " + answer.statusCode() + " " + type);
                continue;
            }
            wrong.addAll(document().check(op.method(), path, 401, type, answer.body()));
        }
        assertEquals(List.of(), wrong);
    }
}
