package jp.onplanetz.privacy.events.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.IdentifierUris;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every identifier in the published event documents is a valid absolute URI (RFC 3986; a URN by RFC 8141), and
 * every reference resolves: a {@code $ref} to a fragment names a node of its own document, any other names a
 * published schema's {@code $id}. Validators refuse to compile a schema whose identifiers they cannot parse.
 */
class PublishedIdentifiersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of(GenerateEventDocs.DEFAULT_OUTPUT);

    @Test
    void everyIdAndRefOfTheCommittedDocsIsAValidUriThatResolves() throws IOException {
        assertThat(problems(committedDocuments())).isEmpty();
    }

    @Test
    void everyIdAndRefOfTheSchemasInTheJarIsAValidUriThatResolves() throws IOException {
        Map<String, JsonNode> documents = new TreeMap<>();
        for (EventType<?> type : EventCatalogue.eventTypes()) {
            documents.put(type.schemaResource(), JSON.readTree(EventSchemas.schemaText(type)));
        }
        assertThat(problems(documents)).isEmpty();
    }

    @Test
    void theCheckFindsAnInvalidIdABrokenPointerAndAReferenceToNoSchema() throws IOException {
        Map<String, JsonNode> documents = committedDocuments();
        JsonNode schema = JSON.readTree("""
                {"$id": "urn:jp.onplanetz.privacy:schema:x.v1.json",
                 "properties": {"a": {"$ref": "#/$defs/missing"},
                                "b": {"$ref": "https://privacy.onplanetz.jp/schemas/events/nothing.v1.json"}}}""");
        documents.put("schemas/x.v1.json", schema);

        assertThat(problems(documents)).hasSize(3)
                .anyMatch(p -> p.startsWith("schemas/x.v1.json /$id: ") && p.contains("no dots"))
                .anyMatch(p -> p.startsWith("schemas/x.v1.json /properties/a/$ref: ") && p.contains("no node"))
                .anyMatch(p -> p.startsWith("schemas/x.v1.json /properties/b/$ref: ") && p.contains("no published"));
    }

    @Test
    void theAsyncApiDocumentNamesEachPayloadSchemaByItsPublishedId() throws IOException {
        JsonNode asyncApi = JSON.readTree(DOCS.resolve("asyncapi.json").toFile());
        for (EventType<?> type : EventCatalogue.eventTypes()) {
            JsonNode message = asyncApi.at("/components/messages/" + AsyncApiDocument.messageId(type));
            assertThat(message.at("/payload/$id").asText()).isEqualTo(type.dataSchema());
            assertThat(message.at("/headers/properties/ce_dataschema/const").asText()).isEqualTo(type.dataSchema());
        }
    }

    /** Every published JSON document by its path under docs/events. */
    private static Map<String, JsonNode> committedDocuments() throws IOException {
        Map<String, JsonNode> documents = new TreeMap<>();
        documents.put("asyncapi.json", JSON.readTree(DOCS.resolve("asyncapi.json").toFile()));
        try (Stream<Path> files = Files.list(DOCS.resolve(GenerateEventDocs.SCHEMAS_DIR))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                documents.put(GenerateEventDocs.SCHEMAS_DIR + "/" + file.getFileName(), JSON.readTree(file.toFile()));
            }
        }
        return documents;
    }

    /** Each defect as {@code <document> <JSON pointer>: <why>}. */
    private static List<String> problems(Map<String, JsonNode> documents) {
        Set<String> publishedIds = new java.util.HashSet<>();
        documents.values().forEach(d -> collectIds(d, publishedIds));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> doc : documents.entrySet()) {
            check(doc.getKey(), doc.getValue(), doc.getValue(), "", null, publishedIds, problems);
        }
        return problems;
    }

    private static void collectIds(JsonNode node, Set<String> ids) {
        if (node.isObject()) {
            if (node.path("$id").isTextual()) {
                ids.add(node.path("$id").asText());
            }
            node.elements().forEachRemaining(child -> collectIds(child, ids));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectIds(child, ids));
        }
    }

    /**
     * Walks {@code node}; {@code base} is the {@code $id} of the nearest enclosing schema (null: none), against which a
     * {@code $ref} resolves (JSON Schema 2020-12 section 8.2.1); a fragment-only reference without a base points into
     * its own document, as the AsyncAPI document's do.
     */
    private static void check(String document, JsonNode root, JsonNode node, String pointer, JsonNode baseSchema,
            Set<String> publishedIds, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(document, root, node.get(i), pointer + "/" + i, baseSchema, publishedIds, problems);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode scope = baseSchema;
        if (node.path("$id").isTextual()) {
            String id = node.path("$id").asText();
            IdentifierUris.defect(id).ifPresent(d -> problems.add(document + " " + pointer + "/$id: " + id + ": " + d));
            scope = node;
        }
        if (node.path("$ref").isTextual()) {
            String ref = node.path("$ref").asText();
            refProblem(root, scope, ref, publishedIds)
                    .ifPresent(d -> problems.add(document + " " + pointer + "/$ref: " + ref + ": " + d));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            check(document, root, field.getValue(), pointer + "/" + escape(field.getKey()), scope, publishedIds, problems);
        }
    }

    private static java.util.Optional<String> refProblem(JsonNode root, JsonNode scope, String ref, Set<String> publishedIds) {
        if (ref.startsWith("#")) {
            // within the enclosing schema, or (no schema encloses it) within the document
            JsonNode target = (scope == null ? root : scope).at(URI.create(ref).getFragment());
            return target.isMissingNode() ? java.util.Optional.of("no node at that pointer")
                    : java.util.Optional.empty();
        }
        String absolute;
        try {
            absolute = scope == null ? ref : URI.create(scope.path("$id").asText()).resolve(ref).toString();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("not a URI reference: " + e.getMessage());
        }
        java.util.Optional<String> defect = IdentifierUris.defect(absolute);
        if (defect.isPresent()) {
            return defect;
        }
        String withoutFragment = absolute.contains("#") ? absolute.substring(0, absolute.indexOf('#')) : absolute;
        return publishedIds.contains(withoutFragment) ? java.util.Optional.empty()
                : java.util.Optional.of("no published schema has the $id " + withoutFragment + " (known: "
                        + publishedIds.stream().sorted().limit(3).collect(Collectors.joining(", ")) + ", ...)");
    }

    /** RFC 6901: '~' and '/' in a member name. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
