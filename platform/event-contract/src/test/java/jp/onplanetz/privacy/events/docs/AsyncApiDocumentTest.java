package jp.onplanetz.privacy.events.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.TopicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode DOC = AsyncApiDocument.build();

    static List<TopicSpec> topics() {
        return EventCatalogue.topics();
    }

    static List<TopicSpec> topicsWithoutTypes() {
        return EventCatalogue.topics().stream().filter(t -> t.eventTypes().isEmpty()).toList();
    }

    static List<EventType<?>> eventTypes() {
        return EventCatalogue.eventTypes();
    }

    @Test
    void isAnAsyncApi300DocumentOfTheCatalogueVersion() {
        assertThat(DOC.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(DOC.at("/info/version").asText()).isEqualTo(EventCatalogue.CATALOGUE_VERSION);
        assertThat(DOC.at("/info/description").asText())
                .contains(CloudEventHeaders.ID, "at least once", "binary content mode", ".vN+1");
    }

    @Test
    void theRenderedTextIsTheTreeEndingInANewline() throws IOException {
        String text = AsyncApiDocument.render();
        assertThat(text).endsWith("}\n").doesNotContain("\r");
        assertThat(JSON.readTree(text)).isEqualTo(DOC);
    }

    @Test
    void theChannelsAreExactlyTheCatalogueTopics() {
        List<String> addresses = new ArrayList<>();
        DOC.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses).isEqualTo(EventCatalogue.topics().stream().map(TopicSpec::name).toList());
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyTopicIsAChannelWithTheCataloguesKafkaSettings(TopicSpec topic) {
        JsonNode channel = DOC.path("channels").path(AsyncApiDocument.channelId(topic));
        assertThat(channel.path("address").asText()).isEqualTo(topic.name());
        JsonNode kafka = channel.at("/bindings/kafka");
        assertThat(kafka.path("topic").asText()).isEqualTo(topic.name());
        assertThat(kafka.path("partitions").asInt()).isEqualTo(topic.partitions());
        assertThat(kafka.at("/topicConfiguration/retention.ms").asLong()).isEqualTo(topic.retentionMs());
        assertThat(kafka.at("/topicConfiguration/cleanup.policy")).containsExactly(
                JSON.getNodeFactory().textNode(topic.cleanupPolicy()));
        assertThat(channel.path("description").asText()).contains(topic.description(), topic.key());
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyProducerSendsAndEveryConsumerReceivesOnItsChannel(TopicSpec topic) {
        String channelRef = "#/channels/" + AsyncApiDocument.channelId(topic);
        for (String producer : topic.producers()) {
            JsonNode send = DOC.path("operations").path(AsyncApiDocument.operationId(producer, "send", topic));
            assertThat(send.path("action").asText()).isEqualTo("send");
            assertThat(send.at("/channel/$ref").asText()).isEqualTo(channelRef);
            List<String> expected = topic.equals(EventCatalogue.DEAD_LETTERS)
                    ? List.of(AsyncApiDocument.originalRecordMessageId(topic))
                    : topic.eventTypes().isEmpty() ? List.of(AsyncApiDocument.stateRecordMessageId(topic))
                    : topic.eventTypes().stream().filter(t -> jp.onplanetz.privacy.events.Services.publishes(producer, t.producer()))
                            .map(AsyncApiDocument::messageId).toList();
            assertThat(refs(send.path("messages"))).isEqualTo(
                    expected.stream().map(m -> channelRef + "/messages/" + m).toList());
        }
        for (String consumer : topic.consumers()) {
            JsonNode receive = DOC.path("operations").path(AsyncApiDocument.operationId(consumer, "receive", topic));
            assertThat(receive.path("action").asText()).isEqualTo("receive");
            assertThat(receive.at("/channel/$ref").asText()).isEqualTo(channelRef);
        }
    }

    @Test
    void thereIsOneOperationPerProducerAndConsumerOfEachTopic() {
        int expected = EventCatalogue.topics().stream().mapToInt(t -> t.producers().size() + t.consumers().size())
                .sum();
        assertThat(DOC.path("operations").size()).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyEventTypeIsAMessageWithItsSchemaKeyAndAValidExample(EventType<?> type) throws IOException {
        JsonNode message = DOC.at("/components/messages/" + AsyncApiDocument.messageId(type));
        TopicSpec topic = EventCatalogue.topic(type.topic()).orElseThrow();

        assertThat(message.path("payload")).isEqualTo(JSON.readTree(EventSchemas.schemaText(type)));
        assertThat(message.path("summary").asText()).isEqualTo(type.description());
        assertThat(message.path("contentType").asText()).isEqualTo("application/json");
        assertThat(message.at("/headers/properties/ce_type/const").asText()).isEqualTo(type.type());
        assertThat(message.at("/headers/properties/ce_dataschema/const").asText()).isEqualTo(type.dataSchema());
        assertThat(message.at("/bindings/kafka/key/type").asText()).isEqualTo("string");
        assertThat(message.at("/bindings/kafka/key/description").asText()).isEqualTo(topic.key());
        assertThat(refs(DOC.at("/channels/" + AsyncApiDocument.channelId(topic)).path("messages")))
                .contains("#/components/messages/" + AsyncApiDocument.messageId(type));

        JsonNode example = message.path("examples").get(0);
        assertThat(EventSchemas.violations(type, example.path("payload").toString())).isEmpty();
        assertThat(headerViolations(message.path("headers"), example.path("headers"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void theHeaderSchemaRejectsAnotherTypesHeaders(EventType<?> type) {
        JsonNode headers = DOC.at("/components/messages/" + AsyncApiDocument.messageId(type) + "/headers");
        ObjectNode wrong = EventRecordHeaders.example(type);
        wrong.put(CloudEventHeaders.TYPE, type.type() + "-other");
        wrong.remove(CloudEventHeaders.ID);
        assertThat(headerViolations(headers, wrong))
                .anyMatch(v -> v.contains(CloudEventHeaders.TYPE))
                .anyMatch(v -> v.contains(CloudEventHeaders.ID));
    }

    @Test
    void theDeadLetterTopicCarriesOriginalRecordsAndDescribesItsHeaders() {
        TopicSpec topic = EventCatalogue.DEAD_LETTERS;
        JsonNode channel = DOC.at("/channels/" + AsyncApiDocument.channelId(topic));
        JsonNode message = DOC.at("/components/messages/" + AsyncApiDocument.originalRecordMessageId(topic));
        assertThat(message.at("/payload/description").asText()).contains("original record value");
        for (EventCatalogue.DeadLetterHeader header : EventCatalogue.DEAD_LETTER_HEADERS) {
            assertThat(channel.path("description").asText()).contains("`" + header.name() + "`");
            assertThat(message.at("/headers/properties").has(header.name())).isTrue();
        }
    }

    /** The statistics' totals are state, not dead letters: a consumer must not look for dead-letter headers. */
    @ParameterizedTest
    @MethodSource("topicsWithoutTypes")
    void aTopicWithoutTypesIsEitherTheDeadLetterTopicOrInternalState(TopicSpec topic) {
        JsonNode channelMessages = DOC.at("/channels/" + AsyncApiDocument.channelId(topic) + "/messages");
        if (topic.equals(EventCatalogue.DEAD_LETTERS)) {
            assertThat(channelMessages.has(AsyncApiDocument.originalRecordMessageId(topic))).isTrue();
            return;
        }
        JsonNode message = DOC.at("/components/messages/" + AsyncApiDocument.stateRecordMessageId(topic));
        assertThat(refs(channelMessages)).containsExactly(
                "#/components/messages/" + AsyncApiDocument.stateRecordMessageId(topic));
        assertThat(message.path("contentType").asText()).isEqualTo("text/plain");
        assertThat(message.path("summary").asText()).contains(topic.description());
        assertThat(message.has("headers")).isFalse();
        assertThat(DOC.at("/channels/" + AsyncApiDocument.channelId(topic) + "/description").asText())
                .doesNotContain("dead-letter");
        assertThat(DOC.at("/components/messages").has(AsyncApiDocument.originalRecordMessageId(topic))).isFalse();
    }

    @Test
    void bothKindsOfTopicWithoutTypesAreCovered() {
        assertThat(topicsWithoutTypes()).contains(EventCatalogue.ANALYTICS_CELL_TOTALS, EventCatalogue.DEAD_LETTERS);
    }

    @Test
    void everyReferencePointsIntoTheDocument() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(DOC.at(ref.substring(1)).isMissingNode()).as("dangling %s", ref).isFalse();
        }
    }

    @Test
    void channelOperationAndComponentKeysAreValidAsyncApiIds() {
        for (String map : List.of("/channels", "/operations", "/components/messages")) {
            DOC.at(map).fieldNames().forEachRemaining(key -> assertThat(key).matches("[A-Za-z0-9._-]+"));
        }
        assertThat(AsyncApiDocument.id("outside BI/tool")).isEqualTo("outside-BI-tool");
    }

    @Test
    void validatesAgainstTheOfficialAsyncApi300Schema() throws IOException {
        assertThat(asyncApiViolations(AsyncApiDocument.render())).isEmpty();
    }

    /** Proves the schema above is really applied: a broken document must fail it. */
    @Test
    void theOfficialSchemaRejectsABrokenDocument() {
        ObjectNode broken = DOC.deepCopy();
        broken.put("asyncapi", "2.6.0");
        ((ObjectNode) broken.path("operations").elements().next()).put("action", "publish");
        assertThat(asyncApiViolations(broken.toString()))
                .anyMatch(v -> v.contains("asyncapi"))
                .anyMatch(v -> v.contains("action"));
    }

    private static List<String> asyncApiViolations(String document) {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(resource("/asyncapi/asyncapi-3.0.0.schema.json"), InputFormat.JSON);
        return schema.validate(document, InputFormat.JSON,
                        ctx -> ctx.executionConfig(cfg -> cfg.formatAssertionsEnabled(true)))
                .stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private static List<String> headerViolations(JsonNode headerSchema, JsonNode headers) {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(headerSchema.toString(), InputFormat.JSON);
        return schema.validate(headers.toString(), InputFormat.JSON,
                        ctx -> ctx.executionConfig(cfg -> cfg.formatAssertionsEnabled(true)))
                .stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private static List<String> refs(JsonNode messages) {
        List<String> refs = new ArrayList<>();
        messages.forEach(m -> refs.add(m.path("$ref").asText()));
        return refs;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static String resource(String path) {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(path)) {
            assertThat(in).as("test resource %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
