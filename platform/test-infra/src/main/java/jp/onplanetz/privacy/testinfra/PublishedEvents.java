package jp.onplanetz.privacy.testinfra;

import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;

import java.util.ArrayList;
import java.util.List;

/**
 * Real emitted events, read from the broker and checked against the published contract: the CloudEvents
 * headers, the key, and the payload against its JSON Schema. Strings in, so that Quarkus tests can call it
 * across class loaders (see {@link SuiteInfrastructure}).
 */
public final class PublishedEvents {
    private PublishedEvents() {
    }

    /** The events about one subject on a topic, in the order they were published. */
    public static List<TopicRecord> about(String topic, String subject) {
        return TopicReader.readAll(topic).stream().filter(r -> subject.equals(r.key())).toList();
    }

    /** The dead letter of the event {@code eventId}, if a consumer refused it. */
    public static java.util.Optional<TopicRecord> deadLetter(String eventId) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream()
                .filter(r -> eventId.equals(r.header(CloudEventHeaders.ID))).findFirst();
    }

    /**
     * @throws AssertionError naming every way in which the record breaks the contract
     */
    public static void assertContractHolds(TopicRecord r, String ceType, String producer, String subject) {
        List<String> broken = new ArrayList<>();
        EventType type = EventCatalogue.byType(ceType).orElse(null);
        if (type == null) {
            throw new AssertionError(ceType + " is not in the event catalogue");
        }
        expect(broken, CloudEventHeaders.TYPE, ceType, r.header(CloudEventHeaders.TYPE));
        expect(broken, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0, r.header(CloudEventHeaders.SPEC_VERSION));
        expect(broken, CloudEventHeaders.SOURCE, Services.source(producer), r.header(CloudEventHeaders.SOURCE));
        expect(broken, CloudEventHeaders.SUBJECT, subject, r.header(CloudEventHeaders.SUBJECT));
        expect(broken, "record key", subject, r.key());
        expect(broken, CloudEventHeaders.DATA_SCHEMA, type.dataSchema(), r.header(CloudEventHeaders.DATA_SCHEMA));
        expect(broken, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON, r.header(CloudEventHeaders.CONTENT_TYPE));
        expect(broken, "topic", type.topic(), r.topic());
        if (r.header(CloudEventHeaders.ID) == null || r.header(CloudEventHeaders.ID).isBlank()) {
            broken.add("ce_id missing");
        }
        try {
            java.time.OffsetDateTime.parse(String.valueOf(r.header(CloudEventHeaders.TIME)));
        } catch (java.time.format.DateTimeParseException e) {
            broken.add("ce_time is not RFC 3339: " + r.header(CloudEventHeaders.TIME));
        }
        broken.addAll(EventSchemas.violations(type, r.value()).stream().map(v -> "payload " + v).toList());
        if (!broken.isEmpty()) {
            throw new AssertionError("event breaks the published contract: " + broken + "\n" + r);
        }
    }

    private static void expect(List<String> broken, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            broken.add(what + " was '" + actual + "', expected '" + expected + "'");
        }
    }
}
