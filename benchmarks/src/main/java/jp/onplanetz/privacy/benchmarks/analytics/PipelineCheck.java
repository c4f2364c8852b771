package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.localstack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.JSON;
import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.SUBJECTS;

/**
 * The check of the result: every event stored once and counted, on both sides; the totals on the cell-totals
 * topic equal to the distinct people per cell in the gateway's database.
 */
final class PipelineCheck {

    private PipelineCheck() {
    }

    record Verification(long storedRows, long distinctEventIds, long unpublished, long cellTotalsSum, int cells,
            boolean cellsMatchDatabase, Map<String, Long> totals, long essentialRows, long essentialOffsets) {
    }

    /**
     * Every event of both batches stored once by each side, no unpublished outbox row, and the totals on the
     * cell-totals topic for the definition's cells equal to the distinct people per cell in the gateway's database.
     */
    static Verification verify(LocalStack stack, PipelineProbe probe, EssentialConsumer essential, String definitionId,
            long events) throws Exception {
        long stored = probe.stored();
        long distinct = probe.distinctEventIds();
        long unpublished = probe.unpublished();
        Map<String, Long> expected = probe.distinctPeoplePerCell();
        Map<String, Long> totals = cellTotals(stack.kafka().bootstrapServers(), definitionId);
        long sum = totals.values().stream().mapToLong(Long::longValue).sum();
        boolean match = expected.equals(totals);
        long essentialRows = essential.storedRows();
        long essentialOffsets = essential.storedOffsets();
        long onTopic = probe.endOffsets(EventCatalogue.USAGE_TOPIC);
        Verification v = new Verification(stored, distinct, unpublished, sum, totals.size(), match, totals, essentialRows,
                essentialOffsets);
        System.out.printf(Locale.ROOT, "check: gateway %,d rows stored (%,d distinct ids), %d unpublished; %d cells, %,d people"
                        + " in total, equal to the database: %s; essential consumer %,d rows, offsets %,d of %,d%n", stored,
                distinct, unpublished, totals.size(), sum, match, essentialRows, essentialOffsets, onTopic);
        if (stored != events || distinct != events || unpublished != 0 || !match || sum != SUBJECTS
                || essentialRows != events || essentialOffsets != onTopic) {
            throw new IllegalStateException("the pipeline's result is wrong: " + v + "; expected per cell " + expected);
        }
        return v;
    }

    /** The definition's cells and their totals as the topology last wrote them (read-committed, last value per key). */
    static Map<String, Long> cellTotals(String bootstrap, String definitionId) throws Exception {
        String topic = EventCatalogue.ANALYTICS_CELL_TOTALS.name();
        Map<String, Long> totals = new TreeMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key().startsWith(definitionId + "|")) {
                        String cell = r.key().substring(r.key().lastIndexOf('|') + 1);
                        List<String> values = new ArrayList<>();
                        JSON.readTree(cell).forEach(v -> values.add(v.isNull() ? null : v.asText()));
                        totals.put(values.toString(), Long.parseLong(r.value()));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
            }
        }
        totals.values().removeIf(v -> v == 0);
        return totals;
    }
}
