package jp.onplanetz.privacy.events.payload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.ConstructorDetector;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.TaskAnswer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type's payload record against its published schema and example. The services' own mapper runs the same
 * round trip in service-runtime; here a plain Jackson mapper with the settings that shape the JSON (times as ISO 8601
 * text, unknown fields refused, records read through their canonical constructor) proves the records without Quarkus.
 */
class EventPayloadsTest {

    /** Typed by the data-request records of their own package; until those exist, any value the schema accepts. */
    /** The task events' records sit with the request types and outcomes the data holders share. */
    private static final Map<String, Class<?>> DATA_REQUEST_RECORDS = Map.of(
            "data-request.task-assigned.v1", DataRequestTask.class, "data-request.task-answered.v1", TaskAnswer.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .setConstructorDetector(ConstructorDetector.USE_PROPERTIES_BASED);

    static List<EventType<?>> types() {
        return EventCatalogue.eventTypes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void theExampleReadsIntoThePayloadTypeAndWritesBackTheSame(EventType<?> type) {
        assertThat(PayloadContract.roundTripDifferences(JSON, type)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void theRecordHasTheSchemasPropertiesWithTheirTypesAndNullability(EventType<?> type) {
        if (DATA_REQUEST_RECORDS.containsKey(type.name())) {
            assertThat(type.payloadType()).isEqualTo(DATA_REQUEST_RECORDS.get(type.name()));
        } else {
            assertThat(type.payloadType().getPackageName()).isEqualTo(ConsentGranted.class.getPackageName());
            assertThat(type.payloadType().getSimpleName()).isEqualTo(recordName(type));
        }
        assertThat(PayloadContract.componentMismatches(type, JSON)).isEmpty();
    }

    /** consent.granted.v1 is ConsentGranted; a later version keeps its suffix (PolicyVersionPublishedV2). */
    private static String recordName(EventType<?> type) {
        StringBuilder name = new StringBuilder();
        for (String word : type.name().split("[.-]")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return type.version() == 1 ? name.substring(0, name.length() - 2) : name.toString().replaceAll("V(\\d+)$", "V$1");
    }
}
