package jp.onplanetz.privacy.analytics.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.events.EventCatalogue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends the Kafka door's dead letters straight to the broker and waits until every one is acknowledged: the door
 * commits the batch they came in only after this returns, so a crash or a broker outage before then reads the batch
 * again and the sends happen again (at least once), never not at all.
 */
@ApplicationScoped
public class DeadLetterSender {

    static final String DEAD_LETTER_TOPIC = EventCatalogue.DEAD_LETTERS.name();

    /** How long a send may keep retrying (the producer's delivery timeout) before the batch fails and is retried. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, Object> kafkaConfig;
    private KafkaProducer<String, String> producer;

    public DeadLetterSender(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /** @throws IllegalStateException when any record was not acknowledged in time (none is then known to be lost) */
    public void sendAll(List<ProducerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return;
        }
        KafkaProducer<String, String> p = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> r : records) {
            sent.add(p.send(r));
        }
        p.flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the broker did not acknowledge a record: " + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * The record unchanged, with the dead-letter headers of the catalogue (EventCatalogue.DEAD_LETTER_HEADERS), as
     * SmallRye's dead-letter strategy writes them for the suite's channels.
     */
    public static ProducerRecord<String, String> deadLetter(ConsumerRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
        return new ProducerRecord<>(DEAD_LETTER_TOPIC, null, record.key(), record.value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            kafkaConfig.forEach(props::put);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "analytics-gateway-door");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
