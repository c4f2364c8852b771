package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The signed checkpoints as published to their topic ({@code ledger.checkpoint-signed.v1}): the copy of the
 * ledger's history that lives outside its database. Read whole, from the beginning of every partition to the end
 * offsets at the start of the read, by a plain consumer assigned to the partitions: no consumer group, so
 * nothing is committed and nobody else's position moves.
 */
final class CheckpointTopic {

    /** One checkpoint as published: the log it is of, the size the event states, and the signed note. */
    record Copy(String logId, long treeSize, String note, int partition, long offset) {
        String where() {
            return "partition " + partition + ", offset " + offset;
        }
    }

    /**
     * @param byLog      the copies per log id, in topic order
     * @param unreadable records that are not a checkpoint event; each is reported
     * @param records    every record read, whatever it was
     */
    record Contents(Map<String, List<Copy>> byLog, List<Finding> unreadable, long records) {
    }

    private CheckpointTopic() {
    }

    /**
     * @param clientSettings the cluster's security settings ({@link KafkaClientSettings}), applied first
     * @param idleTimeout how long the broker may leave a request, or the read, without progress
     * @throws IllegalStateException when the topic does not exist or cannot be read to its end
     */
    static Contents read(String bootstrapServers, Map<String, String> clientSettings, String topic, Duration idleTimeout,
            ObjectMapper json) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "disclosure-log-verifier");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(idleTimeout.toMillis(), Integer.MAX_VALUE));
        // Deserializer instances, not class names: the client would load those through the context class loader,
        // which in a container (a test, a plugin host) need not be the one that loaded the client.
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, idleTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, idleTimeout);

            Map<String, List<Copy>> byLog = new LinkedHashMap<>();
            List<Finding> unreadable = new ArrayList<>();
            long records = 0;
            long lastProgress = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p, idleTimeout) < end.get(p))) {
                int polled = 0;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    // Records appended after the end offsets were taken are for the next run.
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    polled++;
                    records++;
                    if (!isCheckpointEvent(r)) {
                        continue;
                    }
                    try {
                        Copy copy = parse(r.value(), r.partition(), r.offset(), json);
                        byLog.computeIfAbsent(copy.logId(), k -> new ArrayList<>()).add(copy);
                    } catch (IllegalArgumentException e) {
                        unreadable.add(new Finding(r.key(), -1, Finding.TOPIC_RECORD_UNREADABLE,
                                "the record at partition " + r.partition() + ", offset " + r.offset()
                                        + " is not a checkpoint event: " + e.getMessage()));
                    }
                }
                if (polled > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                    throw new IllegalStateException("could not read " + topic + " to its end: no progress for "
                            + idleTimeout.toSeconds() + " s");
                }
            }
            return new Contents(byLog, unreadable, records);
        }
    }

    /** Another type of event on the topic is none of the verifier's business; a record without the header is read. */
    private static boolean isCheckpointEvent(ConsumerRecord<String, String> r) {
        Header type = r.headers().lastHeader(CloudEventHeaders.TYPE);
        return type == null || type.value() == null || EventCatalogue.LEDGER_CHECKPOINT_SIGNED.type()
                .equals(new String(type.value(), StandardCharsets.UTF_8));
    }

    /**
     * The fields of one event's JSON value that the verifier needs: logId, treeSize, note. Whether the note is a
     * signed checkpoint, and by whom, is the audit's to say, not the reader's.
     *
     * @throws IllegalArgumentException when they are missing
     */
    static Copy parse(String value, int partition, long offset, ObjectMapper json) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("the value is not JSON");
        }
        if (!event.path("logId").isTextual() || event.path("logId").asText().isEmpty()) {
            throw new IllegalArgumentException("no logId");
        }
        if (!event.path("treeSize").canConvertToExactIntegral() || event.path("treeSize").asLong() < 0) {
            throw new IllegalArgumentException("no treeSize");
        }
        if (!event.path("note").isTextual() || event.path("note").asText().isEmpty()) {
            throw new IllegalArgumentException("no note");
        }
        return new Copy(event.path("logId").asText(), event.path("treeSize").asLong(), event.path("note").asText(),
                partition, offset);
    }
}
