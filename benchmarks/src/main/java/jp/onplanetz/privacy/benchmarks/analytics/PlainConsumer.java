package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.Batch;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.measure.OwnCpu;
import jp.onplanetz.privacy.events.EventCatalogue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;

/**
 * Context, not the baseline: a plain Kafka consumer that only fetches and deserialises a batch's records, to show
 * what reading the topic alone costs on this machine.
 */
final class PlainConsumer {

    private PlainConsumer() {
    }

    record PlainRun(String phase, long events, double seconds, double firstEventAfterSeconds, long valueBytes,
            double benchmarkCpuSeconds, MachineCpu.Share machine) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** A new plain consumer reads the batch's records (assigned, from the batch's start to its end). */
    static PlainRun read(String phase, Batch batch, String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        MachineCpu cpu0 = MachineCpu.read();
        Duration own0 = OwnCpu.sinceStart();
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(10).toNanos();
        long read = 0;
        long valueBytes = 0;
        long first = -1;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.copyOf(batch.from().keySet());
            consumer.assign(partitions);
            batch.from().forEach(consumer::seek);
            while (read < batch.events()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (first < 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<String, String> r : records) {
                    if (r.offset() < batch.to().get(new TopicPartition(r.topic(), r.partition()))) {
                        read++;
                        valueBytes += r.value().length();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("plain consumer (" + phase + "): " + read + " of " + batch.events()
                            + " read in 10 minutes");
                }
            }
            long t1 = System.nanoTime();
            PlainRun run = new PlainRun(phase, read, (t1 - t0) / 1e9, (first - t0) / 1e9, valueBytes,
                    seconds(OwnCpu.sinceStart().minus(own0)), MachineCpu.read().since(cpu0));
            System.out.printf(Locale.ROOT, "plain consumer %-5s %,d events of %s in %.2f s: %,.0f events/s (first after %.2f s);"
                            + " machine busy %.0f%%%n", phase, read, EventCatalogue.USAGE_TOPIC, run.seconds(),
                    run.eventsPerSecond(), run.firstEventAfterSeconds(), 100 * run.machine().busy());
            return run;
        }
    }
}
