package jp.onplanetz.privacy.events.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** The Kafka headers of one event type's records: their JSON Schema, and an example consistent with it. */
final class EventRecordHeaders {

    /**
     * By convention every payload names its subject {@code subjectId} (the schemas say it equals
     * {@code ce_subject}); an example of a type without one gets this placeholder instead.
     */
    private static final String SUBJECT_FIELD = "subjectId";
    private static final String PLACEHOLDER_SUBJECT = "subject-opaque-id";
    private static final String PLACEHOLDER_TIME = "2026-01-01T00:00:00Z";

    private EventRecordHeaders() {
    }

    /**
     * The headers as a JSON Schema object. Only the CloudEvents headers are required and described; other
     * headers stay allowed because tracing ({@code traceparent}) and the Kafka client may add their own.
     */
    static ObjectNode schema(EventType<?> type) {
        ObjectNode schema = DocJson.object();
        schema.put("type", "object");
        ArrayNode required = schema.putArray("required");
        ObjectNode properties = schema.putObject("properties");
        for (ConsumerContract.Header header : ConsumerContract.HEADERS) {
            required.add(header.name());
            properties.putObject(header.name()).put("type", "string").put("description", header.meaning());
        }
        property(properties, CloudEventHeaders.SPEC_VERSION).put("const", CloudEventHeaders.SPEC_VERSION_1_0);
        property(properties, CloudEventHeaders.ID).put("format", "uuid");
        if (type.producer().equals(Services.EACH_DATA_HOLDER)) {
            property(properties, CloudEventHeaders.SOURCE).put("pattern", "^/privacy-ops/[a-z0-9-]+$")
                    .put("description", "the answering system's own source");
        } else {
            property(properties, CloudEventHeaders.SOURCE).put("const", Services.source(type.producer()));
        }
        property(properties, CloudEventHeaders.TYPE).put("const", type.type());
        property(properties, CloudEventHeaders.SUBJECT).put("minLength", 1);
        property(properties, CloudEventHeaders.TIME).put("format", "date-time");
        property(properties, CloudEventHeaders.DATA_SCHEMA).put("const", type.dataSchema());
        property(properties, CloudEventHeaders.CONTENT_TYPE).put("const", CloudEventHeaders.JSON);
        return schema;
    }

    /**
     * Headers that a producer could have sent with the type's example payload: subject and time are taken
     * from the payload, and the id is derived from the type so that the generated documents stay the same
     * from one run to the next.
     */
    static ObjectNode example(EventType<?> type) {
        JsonNode payload = DocJson.parse(EventSchemas.exampleText(type));
        ObjectNode headers = DocJson.object();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID,
                UUID.nameUUIDFromBytes(("example " + type.type()).getBytes(StandardCharsets.UTF_8)).toString());
        headers.put(CloudEventHeaders.SOURCE, Services.source(type.producer().equals(Services.EACH_DATA_HOLDER)
                ? payload.path("system").asText() : type.producer()));
        headers.put(CloudEventHeaders.TYPE, type.type());
        headers.put(CloudEventHeaders.SUBJECT, payload.path(SUBJECT_FIELD).asText(PLACEHOLDER_SUBJECT));
        headers.put(CloudEventHeaders.TIME, occurrenceTime(type, payload));
        headers.put(CloudEventHeaders.DATA_SCHEMA, type.dataSchema());
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }

    /**
     * The first date-time field of the payload, in schema order: it is when the event happened (granted,
     * withdrawn, received ...), which is what {@code ce_time} says.
     */
    private static String occurrenceTime(EventType<?> type, JsonNode payload) {
        for (Map.Entry<String, JsonNode> field : DocJson.parse(EventSchemas.schemaText(type)).path("properties")
                .properties()) {
            JsonNode value = payload.path(field.getKey());
            if ("date-time".equals(field.getValue().path("format").asText()) && value.isTextual()) {
                return value.asText();
            }
        }
        return PLACEHOLDER_TIME;
    }

    private static ObjectNode property(ObjectNode properties, String name) {
        return (ObjectNode) properties.get(name);
    }
}
