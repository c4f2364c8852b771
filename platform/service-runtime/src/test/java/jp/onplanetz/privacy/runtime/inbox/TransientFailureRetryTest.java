package jp.onplanetz.privacy.runtime.inbox;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.runtime.testapp.TestEvents;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event whose application fails for a reason that passes (here the database answering as it does while it shuts
 * down, SQLSTATE 57P01) is applied once the database is back, exactly once, and never dead-lettered.
 */
@QuarkusTest
class TransientFailureRetryTest {

    @Test
    void anEventThatFailsWhileTheDatabaseShutsDownIsAppliedOnceItIsBackAndNotDeadLettered() throws Exception {
        String subject = "transient-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String attempts = "test_refused_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = Db.connect(); Statement st = c.createStatement()) {
            // A trigger refuses this subject's rows while it is marked, counting each refusal in a sequence (which no
            // rollback undoes).
            st.execute("create sequence " + attempts);
            st.execute("create table if not exists test_refuse (subject varchar(128) primary key, attempts text not null)");
            st.execute("""
                    create or replace function test_refuse_marked() returns trigger language plpgsql as $$
                    declare counter text;
                    begin
                      select attempts into counter from test_refuse where subject = new.subject;
                      if counter is not null then
                        perform nextval(counter);
                        raise exception 'terminating connection due to administrator command' using errcode = '57P01';
                      end if;
                      return new;
                    end $$""");
            st.execute("drop trigger if exists test_refuse_marked on test_applied_event");
            st.execute("create trigger test_refuse_marked before insert on test_applied_event for each row"
                    + " execute function test_refuse_marked()");
            st.execute("insert into test_refuse values ('" + subject + "', '" + attempts + "')");
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            p.send(event(subject, eventId, "{\"entryId\": \"" + UUID.randomUUID() + "\", \"subjectId\": \"" + subject
                    + "\", \"n\": 7, \"amount\": 1}")).get();
        }

        // the first refusal either goes to the dead-letter topic or is tried again: whichever comes first decides
        await().atMost(Duration.ofSeconds(60)).until(() -> refusals(attempts) >= 2 || deadLetters(subject) > 0);
        assertThat(deadLetters(subject)).as("dead letters of a refused event").isZero();

        try (Connection c = Db.connect(); Statement st = c.createStatement()) {
            st.execute("delete from test_refuse where subject = '" + subject + "'");
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Db.count("select count(*) from test_applied_event where subject = '" + subject + "'") > 0);
        assertThat(Db.count("select count(*) from test_applied_event where event_id = '" + eventId + "'")).isOne();
        assertThat(Db.count("select count(*) from inbox_message where event_id = '" + eventId + "'")).isOne();
        assertThat(deadLetters(subject)).isZero();
    }

    private static long refusals(String sequence) {
        return Db.count("select case when is_called then last_value else 0 end from " + sequence);
    }

    private static long deadLetters(String key) {
        return TopicReader.readAll(EventCatalogue.DEAD_LETTERS.name()).stream().filter(r -> key.equals(r.key())).count();
    }

    private static ProducerRecord<String, String> event(String key, String id, String payload) {
        ProducerRecord<String, String> r = new ProducerRecord<>(TestEvents.TOPIC, key, payload);
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, TestEvents.CHANGED.type().getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
