package jp.onplanetz.privacy.analytics.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends records straight to the broker and waits until every one is acknowledged, for the Kafka door's
 * contributions and dead letters: the door acknowledges its input only after this returns, so a crash or a broker
 * outage before then redelivers the input and the sends happen again (at least once), never not at all.
 */
@ApplicationScoped
public class ContributionPublisher {

    /** How long a send may keep retrying (the producer's delivery timeout) before the batch fails and is redelivered. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, Object> kafkaConfig;
    private KafkaProducer<String, String> producer;

    public ContributionPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
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
