package jp.onplanetz.privacy.runtime.testapp;

import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Records on the test application's topic as a producer outside it would send them, and the dead letters they cause. */
public final class TestTopic {

    private TestTopic() {
    }

    /** Sends the records in order, each acknowledged by the broker before the next. */
    @SafeVarargs
    public static void send(ProducerRecord<String, String>... records) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (ProducerRecord<String, String> r : records) {
                p.send(r).get();
            }
        }
    }

    /** A CloudEvent in binary mode, keyed and subject {@code key}. */
    public static ProducerRecord<String, String> event(String key, String id, String type, String payload) {
        ProducerRecord<String, String> r = new ProducerRecord<>(TestEvents.TOPIC, key, payload);
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** The dead letters of records keyed {@code key}. */
    public static List<TopicRecord> deadLetters(String key) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream().filter(r -> key.equals(r.key())).toList();
    }
}
