package jp.onplanetz.privacy.runtime.outbox;

import jp.onplanetz.privacy.events.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A CloudEvent as a Kafka record in the binary content mode the catalogue documents: the bare JSON payload as value,
 * the attributes as {@code ce_} headers. One place for the relay and for the rare producer that sends without the
 * outbox (and says why).
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    public static ProducerRecord<String, String> of(String topic, String key, String id, String source, String type,
            String subject, Instant time, String dataSchema, String payload) {
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
        h.add(CloudEventHeaders.ID, bytes(id));
        h.add(CloudEventHeaders.SOURCE, bytes(source));
        h.add(CloudEventHeaders.TYPE, bytes(type));
        h.add(CloudEventHeaders.SUBJECT, bytes(subject));
        h.add(CloudEventHeaders.TIME, bytes(DateTimeFormatter.ISO_INSTANT.format(time)));
        h.add(CloudEventHeaders.DATA_SCHEMA, bytes(dataSchema));
        h.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
        return new ProducerRecord<>(topic, null, key, payload, h);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
