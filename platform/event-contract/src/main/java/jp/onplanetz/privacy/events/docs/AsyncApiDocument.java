package jp.onplanetz.privacy.events.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.TopicSpec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The AsyncAPI 3.0.0 description of every topic and event of the suite, made from {@link EventCatalogue}
 * alone so that it cannot describe anything the catalogue does not say. Consumers outside the project read
 * it (or the README made from the same catalogue) instead of our code.
 */
public final class AsyncApiDocument {

    public static final String ASYNCAPI_VERSION = "3.0.0";
    public static final String TITLE = "privacy-ops events";
    /** The Kafka bindings' version whose fields (topicConfiguration, key) are used below. */
    static final String KAFKA_BINDING_VERSION = "0.5.0";

    static final String PRODUCTION_HOST = "kafka.privacy-ops.svc:9092";
    static final String LOCAL_HOST = "127.0.0.1:9092";

    private AsyncApiDocument() {
    }

    /** The document as JSON text, laid out the same on every run and machine. */
    public static String render() {
        return DocJson.render(build());
    }

    public static ObjectNode build() {
        ObjectNode doc = DocJson.object();
        doc.put("asyncapi", ASYNCAPI_VERSION);
        doc.set("info", info());
        doc.set("servers", servers());
        doc.put("defaultContentType", CloudEventHeaders.JSON);
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = doc.putObject("components").putObject("messages");
        for (TopicSpec topic : EventCatalogue.topics()) {
            putUnique(channels, channelId(topic), channel(topic));
            for (String producer : topic.producers()) {
                putUnique(operations, operationId(producer, "send", topic),
                        operation("send", producer + " publishes to " + topic.name() + ".", topic,
                                messageIdsSentBy(topic, producer)));
            }
            for (String consumer : topic.consumers()) {
                putUnique(operations, operationId(consumer, "receive", topic),
                        operation("receive", consumer + " consumes " + topic.name() + ".", topic,
                                messageIds(topic)));
            }
            if (carriesOtherTopicsRecords(topic)) {
                putUnique(messages, originalRecordMessageId(topic), originalRecordMessage(topic));
            }
            if (holdsInternalState(topic)) {
                putUnique(messages, stateRecordMessageId(topic), stateRecordMessage(topic));
            }
            for (EventType<?> type : topic.eventTypes()) {
                putUnique(messages, messageId(type), eventMessage(type, topic));
            }
        }
        return doc;
    }

    /** Keys of channels, operations and components may only hold these characters (AsyncAPI 3.0.0). */
    public static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    public static String channelId(TopicSpec topic) {
        return id(topic.name());
    }

    public static String messageId(EventType<?> type) {
        return id(type.name());
    }

    /** The message of a topic without event types of its own: the records other topics could not deliver. */
    public static String originalRecordMessageId(TopicSpec topic) {
        return id(topic.name()) + ".original-record";
    }

    public static String operationId(String service, String action, TopicSpec topic) {
        return id(service + "." + action + "." + topic.name());
    }

    /** The dead-letter topic receives other topics' records unchanged. */
    static boolean carriesOtherTopicsRecords(TopicSpec topic) {
        return topic.name().equals(EventCatalogue.DEAD_LETTERS.name());
    }

    /**
     * A topic without event types that is not the dead-letter topic holds a service's internal state (Kafka
     * Streams' totals): its records are plain values, not CloudEvents.
     */
    static boolean holdsInternalState(TopicSpec topic) {
        return topic.eventTypes().isEmpty() && !carriesOtherTopicsRecords(topic);
    }

    private static ObjectNode info() {
        ObjectNode info = DocJson.object();
        info.put("title", TITLE);
        info.put("version", EventCatalogue.CATALOGUE_VERSION);
        info.put("description", "The Kafka topics and events of the privacy-operations suite, generated from"
                + " its event catalogue.\n\n" + String.join("\n\n", ConsumerContract.rules()));
        return info;
    }

    private static ObjectNode servers() {
        ObjectNode servers = DocJson.object();
        servers.putObject("production").put("host", PRODUCTION_HOST).put("protocol", "kafka")
                .put("description", "The production cluster's bootstrap address (a placeholder: the deployment"
                        + " tells each consumer its own).");
        servers.putObject("local").put("host", LOCAL_HOST).put("protocol", "kafka")
                .put("description", "A broker on a developer's machine, its topics created from the catalogue.");
        return servers;
    }

    private static ObjectNode channel(TopicSpec topic) {
        ObjectNode channel = DocJson.object();
        channel.put("address", topic.name());
        channel.put("description", channelDescription(topic));
        ObjectNode messages = channel.putObject("messages");
        for (String messageId : messageIds(topic)) {
            messages.set(messageId, ref("#/components/messages/" + messageId));
        }
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", topic.name());
        kafka.put("partitions", topic.partitions());
        ObjectNode config = kafka.putObject("topicConfiguration");
        config.putArray("cleanup.policy").add(topic.cleanupPolicy());
        // As the parser would read it back (an int when it fits): JSON has one kind of number, and the
        // document must equal its own rendered text (-1, forever, fits; days in milliseconds do not).
        long retentionMs = topic.retentionMs();
        if (retentionMs == (int) retentionMs) {
            config.put("retention.ms", (int) retentionMs);
        } else {
            config.put("retention.ms", retentionMs);
        }
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return channel;
    }

    private static String channelDescription(TopicSpec topic) {
        String description = topic.description() + "\n\nRecord key: " + topic.key() + ".";
        if (!carriesOtherTopicsRecords(topic)) {
            return description;
        }
        // The dead-letter headers are what an operator needs to find and replay the original record.
        return description + "\n\nEach record keeps the original value, key and headers, and gets these"
                + " headers too:\n\n" + EventCatalogue.DEAD_LETTER_HEADERS.stream()
                        .map(h -> "- `" + h.name() + "`: " + h.meaning() + (h.alwaysPresent() ? "" : " (optional)"))
                        .collect(Collectors.joining("\n"));
    }

    private static List<String> messageIds(TopicSpec topic) {
        if (carriesOtherTopicsRecords(topic)) {
            return List.of(originalRecordMessageId(topic));
        }
        if (holdsInternalState(topic)) {
            return List.of(stateRecordMessageId(topic));
        }
        return topic.eventTypes().stream().map(AsyncApiDocument::messageId).toList();
    }

    /** Only the types a service produces: a consumer must not expect others from its source. */
    private static List<String> messageIdsSentBy(TopicSpec topic, String service) {
        return topic.eventTypes().isEmpty()
                ? messageIds(topic)
                : topic.eventTypes().stream().filter(t -> Services.publishes(service, t.producer()))
                        .map(AsyncApiDocument::messageId).toList();
    }

    private static ObjectNode operation(String action, String summary, TopicSpec topic, List<String> messageIds) {
        ObjectNode operation = DocJson.object();
        operation.put("action", action);
        operation.set("channel", ref("#/channels/" + channelId(topic)));
        operation.put("summary", summary);
        ArrayNode messages = operation.putArray("messages");
        messageIds.forEach(m -> messages.add(ref("#/channels/" + channelId(topic) + "/messages/" + m)));
        return operation;
    }

    private static ObjectNode eventMessage(EventType<?> type, TopicSpec topic) {
        ObjectNode message = DocJson.object();
        message.put("name", type.type());
        message.put("title", type.name());
        message.put("summary", type.description());
        message.put("contentType", CloudEventHeaders.JSON);
        message.set("headers", EventRecordHeaders.schema(type));
        message.set("payload", DocJson.parse(EventSchemas.schemaText(type)));
        message.set("bindings", keyBinding(topic));
        ObjectNode example = message.putArray("examples").addObject();
        example.set("headers", EventRecordHeaders.example(type));
        example.set("payload", DocJson.parse(EventSchemas.exampleText(type)));
        return message;
    }

    private static ObjectNode originalRecordMessage(TopicSpec topic) {
        ObjectNode message = DocJson.object();
        message.put("name", originalRecordMessageId(topic));
        message.put("title", "Original record");
        message.put("summary", "A record another topic's consumer could not apply, as it was read there.");
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ArrayNode required = headers.putArray("required");
        ObjectNode properties = headers.putObject("properties");
        for (EventCatalogue.DeadLetterHeader header : EventCatalogue.DEAD_LETTER_HEADERS) {
            if (header.alwaysPresent()) {
                required.add(header.name());
            }
            properties.putObject(header.name()).put("type", "string").put("description", header.meaning());
        }
        // No content type and an open payload schema: an unparseable record is dead-lettered as it came.
        message.putObject("payload").put("description", "The original record value, unchanged: normally an"
                + " event payload of its topic, but possibly not JSON at all when it could not be parsed.");
        message.set("bindings", keyBinding(topic));
        return message;
    }

    /** The message of a topic that holds a service's internal state. */
    public static String stateRecordMessageId(TopicSpec topic) {
        return id(topic.name()) + ".state-record";
    }

    private static ObjectNode stateRecordMessage(TopicSpec topic) {
        ObjectNode message = DocJson.object();
        message.put("name", stateRecordMessageId(topic));
        message.put("title", "Internal state record");
        message.put("summary", "Not an event and without CloudEvents headers: " + topic.description());
        message.put("contentType", "text/plain");
        message.putObject("payload").put("type", "string").put("description", "The value as the producing"
                + " service writes it; see the channel's description.");
        message.set("bindings", keyBinding(topic));
        return message;
    }

    private static ObjectNode keyBinding(TopicSpec topic) {
        ObjectNode bindings = DocJson.object();
        ObjectNode kafka = bindings.putObject("kafka");
        kafka.putObject("key").put("type", "string").put("description", topic.key());
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        return bindings;
    }

    private static ObjectNode ref(String pointer) {
        return DocJson.object().put("$ref", pointer);
    }

    /** Two catalogue names that sanitise to the same key would silently hide one entry: refuse instead. */
    private static void putUnique(ObjectNode map, String key, JsonNode value) {
        if (map.has(key)) {
            throw new IllegalStateException("two catalogue entries map to the AsyncAPI key " + key);
        }
        map.set(key, value);
    }
}
