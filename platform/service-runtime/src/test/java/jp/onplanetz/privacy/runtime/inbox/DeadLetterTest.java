package jp.onplanetz.privacy.runtime.inbox;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.runtime.testapp.TestEvents;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.deadLetters;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.event;
import static jp.onplanetz.privacy.runtime.testapp.TestTopic.send;
import static org.awaitility.Awaitility.await;

/** Poison events go to the dead-letter topic with the reason, and change nothing. */
@QuarkusTest
class DeadLetterTest {

    @Test
    void poisonEventsAreDeadLetteredWithTheReason() throws Exception {
        String subject = "poison-" + UUID.randomUUID();
        String badPayloadId = UUID.randomUUID().toString();
        String unknownTypeId = UUID.randomUUID().toString();
        send(event(subject, badPayloadId, TestEvents.CHANGED.type(), "{\"n\": \"not a number\"}"),
                event(subject, unknownTypeId, "com.example.unknown.v1", "{}"),
                new ProducerRecord<>(TestEvents.TOPIC, subject, "not even json"));
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
}
