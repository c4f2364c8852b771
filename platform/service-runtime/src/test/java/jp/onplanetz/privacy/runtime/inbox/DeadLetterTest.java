package jp.onplanetz.privacy.runtime.inbox;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.runtime.testapp.TestEvents;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Poison events go to the dead-letter topic with the reason, and change nothing. */
@QuarkusTest
class DeadLetterTest {

    @Test
    void poisonEventsAreDeadLetteredWithTheReason() throws Exception {
        String subject = "poison-" + UUID.randomUUID();
        String badPayloadId = UUID.randomUUID().toString();
        String unknownTypeId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            p.send(event(subject, badPayloadId, TestEvents.CHANGED.type(), "{\"n\": \"not a number\"}")).get();
            p.send(event(subject, unknownTypeId, "com.example.unknown.v1", "{}")).get();
            p.send(new ProducerRecord<>(TestEvents.TOPIC, subject, "not even json")).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(subject).size() == 3);
        var letters = deadLetters(subject);
        assertThat(letters).anySatisfy(r -> {
            assertThat(r.header(CloudEventHeaders.ID)).isEqualTo(badPayloadId);
            assertThat(r.header("dead-letter-reason")).contains("breaks schema");
            assertThat(r.header("dead-letter-topic")).isEqualTo(TestEvents.TOPIC);
        });
        assertThat(letters).anySatisfy(r ->
                assertThat(r.header("dead-letter-reason")).contains("unknown event type"));
        assertThat(letters).anySatisfy(r ->
                assertThat(r.header("dead-letter-reason")).contains("not a CloudEvent"));
        assertThat(Db.count("select count(*) from test_applied_event where subject = '" + subject + "'")).isZero();
        assertThat(Db.count("select count(*) from inbox_message where event_id in ('" + badPayloadId + "', '"
                + unknownTypeId + "')")).isZero();
    }

    private static java.util.List<TopicRecord> deadLetters(String key) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream().filter(r -> key.equals(r.key())).toList();
    }

    private static ProducerRecord<String, String> event(String key, String id, String type, String payload) {
        ProducerRecord<String, String> r = new ProducerRecord<>(TestEvents.TOPIC, key, payload);
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
