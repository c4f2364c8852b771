package jp.onplanetz.privacy.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<EventType<?>> eventTypes() {
        return EventCatalogue.eventTypes();
    }

    @Test
    void topicAndTypeNamesAreUniqueAndVersioned() {
        Set<String> topics = new HashSet<>();
        for (TopicSpec t : EventCatalogue.topics()) {
            assertThat(topics.add(t.name())).as("duplicate topic %s", t.name()).isTrue();
            assertThat(t.name()).matches("privacy\\.[a-z-]+(\\.[a-z-]+)*\\.v[0-9]+");
            assertThat(t.partitions()).isPositive();
            assertThat(t.cleanupPolicy()).isIn("delete", "compact");
        }
        Set<String> types = new HashSet<>();
        for (EventType<?> e : EventCatalogue.eventTypes()) {
            assertThat(types.add(e.type())).as("duplicate type %s", e.type()).isTrue();
            assertThat(e.type()).startsWith(EventCatalogue.TYPE_PREFIX).endsWith(".v" + e.version());
            assertThat(EventCatalogue.byType(e.type())).contains(e);
        }
    }

    @Test
    void everyCatalogueVersionSaysWhatChangedNewestFirst() {
        assertThat(EventCatalogue.CATALOGUE_VERSION).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(EventCatalogue.CHANGES).isNotEmpty();
        assertThat(EventCatalogue.CHANGES.get(0).version()).as("the current version's change note")
                .isEqualTo(EventCatalogue.CATALOGUE_VERSION);
        assertThat(EventCatalogue.CHANGES).extracting(EventCatalogue.Change::version).doesNotHaveDuplicates();
        assertThat(EventCatalogue.CHANGES).allSatisfy(c -> assertThat(c.summary()).isNotBlank());
    }

    @Test
    void anEventTypeMustNameItsVersion() {
        assertThatThrownBy(() -> new EventType<>("consent.granted", "t", "s", "d", Object.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTopicRefusesATypePublishedElsewhere() {
        EventType<?> elsewhere = new EventType<>("x.happened.v1", "privacy.other.v1", "s", "d", Object.class);
        assertThatThrownBy(() -> new TopicSpec("privacy.x.v1", "d", "k", 1, "delete", null, List.of(), List.of(),
                List.of(elsewhere))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyTypeHasASchemaWithItsIdAndAValidExample(EventType<?> type) throws Exception {
        JsonNode schema = JSON.readTree(EventSchemas.schemaText(type));
        assertThat(schema.path("$id").asText()).isEqualTo(type.dataSchema());
        assertThat(schema.path("title").asText()).isEqualTo(type.name());
        assertThat(schema.path("additionalProperties").asBoolean(true))
                .as("unknown fields must be visible to consumers as a schema change").isFalse();
        assertThat(EventSchemas.violations(type, EventSchemas.exampleText(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemasRejectMissingRequiredAndUnknownFields(EventType<?> type) throws Exception {
        ObjectNode example = (ObjectNode) JSON.readTree(EventSchemas.exampleText(type));
        String firstRequired = JSON.readTree(EventSchemas.schemaText(type)).path("required").get(0).asText();

        ObjectNode missing = example.deepCopy();
        missing.remove(firstRequired);
        assertThat(EventSchemas.violations(type, missing.toString())).anyMatch(v -> v.contains(firstRequired));

        ObjectNode unknown = example.deepCopy();
        unknown.put("emailAddress", "someone@example.com");
        assertThat(EventSchemas.violations(type, unknown.toString())).anyMatch(v -> v.contains("emailAddress"));
    }

    @Test
    void formatsAreAsserted() throws Exception {
        ObjectNode example = (ObjectNode) JSON.readTree(EventSchemas.exampleText(EventCatalogue.CONSENT_GRANTED));
        example.put("consentId", "not-a-uuid");
        example.put("grantedAt", "yesterday");
        assertThat(EventSchemas.violations(EventCatalogue.CONSENT_GRANTED, example.toString()))
                .anyMatch(v -> v.contains("consentId"))
                .anyMatch(v -> v.contains("grantedAt"));
    }
}
