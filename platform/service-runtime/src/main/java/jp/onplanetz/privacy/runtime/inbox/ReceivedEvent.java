package jp.onplanetz.privacy.runtime.inbox;

import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CloudEvent read from a Kafka record in binary mode, checked before anything is applied: a record
 * without the required attributes, of an unknown type, or whose payload breaks its schema is a poison
 * event, refused with {@link PoisonEventException} (the consumer's channel sends it to the dead-letter
 * topic with that reason).
 */
public record ReceivedEvent(String id, String type, String source, String subject, String payload, EventType<?> eventType) {

    /** Reads an event of one of the catalogue's types. */
    public static ReceivedEvent of(ConsumerRecord<String, String> record) {
        return of(record, EventCatalogue::byType);
    }

    /** Reads an event whose type {@code types} knows (tests use types of their own). */
    public static ReceivedEvent of(ConsumerRecord<String, String> record,
            java.util.function.Function<String, java.util.Optional<EventType<?>>> types) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        String source = header(record, CloudEventHeaders.SOURCE);
        String subject = header(record, CloudEventHeaders.SUBJECT);
        if (id == null || type == null || source == null) {
            throw new PoisonEventException("not a CloudEvent: ce_id, ce_type and ce_source are required");
        }
        EventType<?> eventType = types.apply(type)
                .orElseThrow(() -> new PoisonEventException("unknown event type " + type));
        if (record.value() == null) {
            throw new PoisonEventException("event " + id + " has no data");
        }
        List<String> violations = EventSchemas.violations(eventType, record.value());
        if (!violations.isEmpty()) {
            throw new PoisonEventException("event " + id + " breaks schema " + eventType.name() + ": " + violations);
        }
        if (subject != null && record.key() != null && !subject.equals(record.key())) {
            throw new PoisonEventException("event " + id + ": key and ce_subject differ");
        }
        return new ReceivedEvent(id, type, source, subject, record.value(), eventType);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public boolean is(EventType<?> t) {
        return eventType.equals(t);
    }
}
