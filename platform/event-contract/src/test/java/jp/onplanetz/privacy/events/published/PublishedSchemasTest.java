package jp.onplanetz.privacy.events.published;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.docs.GenerateEventDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published schemas load, as they are, in a JSON Schema implementation other than the services' own (Vert.x's,
 * not networknt's), and the catalogue's examples validate there: an outside consumer needs neither our code nor an
 * edited copy of a schema.
 */
class PublishedSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PublishedSchemas PUBLISHED = PublishedSchemas.ofThisCheckout();

    static List<EventType<?>> eventTypes() {
        return EventCatalogue.eventTypes();
    }

    @Test
    void everyPublishedSchemaIsAValid2020_12SchemaThatCompilesAndBelongsToACatalogueType() {
        assertThat(PUBLISHED.directory()).isEqualTo(PublishedSchemas.checkoutRoot().resolve("docs/events/schemas"));
        assertThat(PUBLISHED.byFileName().keySet()).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                EventCatalogue.eventTypes().stream(), EventCatalogue.retiredEventTypes().stream()).map(t -> Path.of(GenerateEventDocs.schemaPath(t)).getFileName().toString()).toList());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void theCataloguesExampleValidatesAgainstThePublishedSchemaInTheOtherValidator(EventType<?> type) throws IOException {
        PublishedSchemas.Schema schema = PUBLISHED.byId(type.dataSchema());
        assertThat(schema.file().getFileName()).hasToString(type.name() + ".json");
        assertThat(schema.json().getString("$schema")).isEqualTo(PublishedSchemas.META_SCHEMA);
        assertThat(schema.violations(EventSchemas.exampleText(type))).isEmpty();

        // the other validator really validates: what the schema forbids, it refuses
        ObjectNode unknown = (ObjectNode) JSON.readTree(EventSchemas.exampleText(type));
        unknown.put("emailAddress", "someone@example.com");
        assertThat(schema.violations(unknown.toString())).isNotEmpty();
        ObjectNode missing = (ObjectNode) JSON.readTree(EventSchemas.exampleText(type));
        missing.remove(schema.json().getJsonArray("required").getString(0));
        assertThat(schema.violations(missing.toString())).isNotEmpty();
    }

    @Test
    void theOtherValidatorAssertsTheFormatsConsumersRelyOn() throws IOException {
        ObjectNode example = (ObjectNode) JSON.readTree(EventSchemas.exampleText(EventCatalogue.CONSENT_GRANTED));
        PublishedSchemas.Schema schema = PUBLISHED.byId(EventCatalogue.CONSENT_GRANTED.dataSchema());
        assertThat(schema.violations(example.deepCopy().put("consentId", "not-a-uuid").toString()))
                .anyMatch(v -> v.contains("consentId"));
        assertThat(schema.violations(example.deepCopy().put("grantedAt", "yesterday").toString()))
                .anyMatch(v -> v.contains("grantedAt"));
    }

    @Test
    void aFileThatIsNotAValidSchemaIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.v1.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://privacy.onplanetz.jp/schemas/events/broken.v1.json",
                 "type": "objekt"}""");
        assertThatThrownBy(() -> PublishedSchemas.load(dir)).hasMessageContaining("broken.v1.json")
                .hasMessageContaining("not a valid JSON Schema 2020-12");
    }

    @Test
    void aSchemaWhoseIdIsNotAValidUriIsRefusedAsAjvRefusesIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("old.v1.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "urn:jp.onplanetz.privacy:schema:old.v1.json",
                 "type": "object"}""");
        assertThatThrownBy(() -> PublishedSchemas.load(dir)).hasMessageContaining("old.v1.json")
                .hasMessageContaining("not a valid absolute URI");
    }
}
