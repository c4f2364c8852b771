package jp.onplanetz.privacy.events.datarequest;

import jp.onplanetz.privacy.events.WireCoded;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The two task events' records hold exactly what their published schemas allow, in both directions. */
class DataRequestPayloadsTest {

    // as the services' ObjectMapper writes times: ISO-8601 text
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theTaskAssignedExampleReadsIntoTheRecordAndIsWrittenBackUnchanged() throws Exception {
        assertRoundTrip(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED, EventSchemas.exampleText(
                EventCatalogue.DATA_REQUEST_TASK_ASSIGNED), DataRequestTask.class);
    }

    @Test
    void theTaskAnsweredExampleReadsIntoTheRecordAndIsWrittenBackUnchanged() throws Exception {
        assertRoundTrip(EventCatalogue.DATA_REQUEST_TASK_ANSWERED, EventSchemas.exampleText(
                EventCatalogue.DATA_REQUEST_TASK_ANSWERED), TaskAnswer.class);
    }

    @Test
    void aTaskWithEveryOptionalFieldReadsAndIsWrittenBackUnchanged() throws Exception {
        assertRoundTrip(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED, """
                {"requestId": "7c7e0d0a-5b4e-4c55-8a0b-2f2f9b0e8d11", "subjectId": "subject-1",
                 "requestType": "correction", "purposes": ["newsletter"], "recipients": ["acme-ads"], "format": "csv",
                 "correction": {"address": "2-3 Umeda", "nickname": null},
                 "assignedAt": "2026-11-25T01:02:04.123Z", "answerBy": "2026-11-25T01:07:04Z"}""",
                DataRequestTask.class);
    }

    @Test
    void aDisclosuresAnswerWithItsDataReadsAndIsWrittenBackUnchanged() throws Exception {
        assertRoundTrip(EventCatalogue.DATA_REQUEST_TASK_ANSWERED, """
                {"requestId": "7c7e0d0a-5b4e-4c55-8a0b-2f2f9b0e8d11", "subjectId": "subject-1",
                 "system": "consent-service", "outcome": "nothing-held", "detail": "none", "affected": 0,
                 "data": {"about": "x", "consents": [{"id": 1, "history": []}]},
                 "answeredAt": "2026-11-25T01:02:05Z"}""", TaskAnswer.class);
    }

    @Test
    void fieldsLeftOutAreNotWrittenAsNullWhichTheSchemasRefuse() throws Exception {
        DataRequestTask task = new DataRequestTask(UUID.randomUUID(), "subject-1", RequestType.DELETION, null, null,
                null, null, OffsetDateTime.parse("2026-11-25T01:02:04Z"), OffsetDateTime.parse("2026-11-25T01:07:04Z"));
        String taskJson = JSON.writeValueAsString(task);
        assertThat(EventSchemas.violations(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED, taskJson)).isEmpty();
        assertThat(JSON.readTree(taskJson).has("format")).isFalse();
        assertThat(JSON.readTree(taskJson).get("purposes").isArray()).isTrue();

        TaskAnswer answer = new TaskAnswer(task.requestId(), task.subjectId(), "analytics-gateway",
                Outcome.NOT_APPLICABLE, "not ours", null, null, OffsetDateTime.parse("2026-11-25T01:02:05Z"));
        String answerJson = JSON.writeValueAsString(answer);
        assertThat(EventSchemas.violations(EventCatalogue.DATA_REQUEST_TASK_ANSWERED, answerJson)).isEmpty();
        assertThat(JSON.readTree(answerJson).has("affected")).isFalse();
        assertThat(JSON.readTree(answerJson).has("data")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-request.task-assigned.v1", "data-request.received.v1"})
    void theRequestTypesAreTheSchemasEnumInItsOrder(String eventName) throws Exception {
        assertThat(codes(RequestType.class)).containsExactlyElementsOf(schemaEnum(eventName, "requestType"));
    }

    @Test
    void theOutcomesAreTheSchemasEnumInItsOrder() throws Exception {
        assertThat(codes(Outcome.class)).containsExactlyElementsOf(
                schemaEnum("data-request.task-answered.v1", "outcome"));
    }

    @Test
    void aCodeNamesItsConstantAndNothingElse() {
        for (RequestType t : RequestType.values()) {
            assertThat(RequestType.ofCode(t.code())).isSameAs(t);
        }
        assertThat(WireCoded.ofCode(RequestType.class, "DELETION")).isEmpty();
        for (Outcome o : Outcome.values()) {
            assertThat(WireCoded.ofCode(Outcome.class, o.code())).contains(o);
        }
        assertThat(Outcome.FAILED.settles()).isFalse();
        assertThat(Outcome.NOT_APPLICABLE.settles()).isTrue();
    }

    @Test
    void aTaskNeverPrintsTheSubjectOrACorrectionAndAnAnswerNeverItsDetail() {
        DataRequestTask task = new DataRequestTask(UUID.randomUUID(), "subject-42", RequestType.CORRECTION, null, null,
                null, Map.of("address", "2-3 Umeda"), OffsetDateTime.now(), OffsetDateTime.now().plusHours(1));
        assertThat(task.toString()).doesNotContain("subject-42").doesNotContain("Umeda").contains("CORRECTION");
        TaskAnswer answer = new TaskAnswer(task.requestId(), "subject-42", "consent-service", Outcome.COMPLETED,
                "your address 2-3 Umeda", 1, Map.of("address", "2-3 Umeda"), OffsetDateTime.now());
        assertThat(answer.toString()).doesNotContain("subject-42").doesNotContain("Umeda").contains("COMPLETED");
    }

    private static <T> void assertRoundTrip(EventType type, String json, Class<T> record) throws Exception {
        assertThat(EventSchemas.violations(type, json)).as("the document itself").isEmpty();
        T read = JSON.readValue(json, record);
        String written = JSON.writeValueAsString(read);
        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(json));
        assertThat(EventSchemas.violations(type, written)).isEmpty();
    }

    /** A constant's code, and the name Jackson (and so the OpenAPI documents) write for it: one and the same. */
    private static <E extends Enum<E>> List<String> codes(Class<E> type) throws Exception {
        List<String> codes = Arrays.stream(type.getEnumConstants()).map(e -> JSON.valueToTree(e).asText()).toList();
        for (E e : type.getEnumConstants()) {
            String annotated = type.getField(e.name()).getAnnotation(JsonProperty.class).value();
            String code = (String) type.getMethod("code").invoke(e);
            assertThat(annotated).as(e.name()).isEqualTo(code);
        }
        return codes;
    }

    private static List<String> schemaEnum(String eventName, String field) throws Exception {
        EventType type = EventCatalogue.eventTypes().stream().filter(t -> t.name().equals(eventName)).findFirst()
                .orElseThrow();
        JsonNode values = JSON.readTree(EventSchemas.schemaText(type)).path("properties").path(field).path("enum");
        assertThat(values.isArray()).as(eventName + " " + field).isTrue();
        return java.util.stream.StreamSupport.stream(values.spliterator(), false).map(JsonNode::asText).toList();
    }
}
