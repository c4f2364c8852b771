package jp.onplanetz.privacy.testinfra;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sends an event to the suite's broker the way another service's outbox relay would: a CloudEvents record in
 * binary mode (ce_* headers, JSON value), keyed by the subject. For consumer tests. Plain strings only: this
 * module is loaded parent-first, so it cannot take the application's own types.
 */
public final class TestEvents {

    private TestEvents() {
    }

    /**
     * @param source the producing service's name, e.g. consent-service
     */
    public static void send(String topic, String ceType, String dataSchema, String source, String id, String subject,
            String payload) {
        OwnClassLoader.call(() -> {
            doSend(topic, ceType, dataSchema, source, id, subject, payload);
            return null;
        });
    }

    private static void doSend(String topic, String ceType, String dataSchema, String source, String id, String subject,
            String payload) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, subject, payload);
            header(r, "ce_specversion", "1.0");
            header(r, "ce_id", id);
            header(r, "ce_source", "/privacy-ops/" + source);
            header(r, "ce_type", ceType);
            header(r, "ce_subject", subject);
            header(r, "ce_time", Instant.now().toString());
            header(r, "ce_dataschema", dataSchema);
            header(r, "content-type", "application/json");
            producer.send(r).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the test event", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
