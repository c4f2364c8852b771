package jp.onplanetz.privacy.benchmarks.analytics;

import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.measure.OwnCpu;
import jp.onplanetz.privacy.events.EventCatalogue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.EVENTS;
import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;

/** The baseline: a plain Kafka consumer reading the same events from the same topic. */
final class PlainConsumerBaseline {

    private PlainConsumerBaseline() {
    }

    record BaselineRun(String name, long events, double seconds, double firstEventAfterSeconds, long valueBytes,
            double benchmarkCpuSeconds, MachineCpu.Share machine) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** A plain consumer of its own group reads every event of the usage topic from the earliest offset. */
    static BaselineRun baseline(String name, String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench.plain-consumer." + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
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
            consumer.subscribe(List.of(EventCatalogue.USAGE_TOPIC));
            while (read < EVENTS) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (first < 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<String, String> r : records) {
                    read++;
                    valueBytes += r.value().length();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("baseline (" + name + "): " + read + " of " + EVENTS + " read in 10 minutes");
                }
            }
            long t1 = System.nanoTime();
            BaselineRun run = new BaselineRun(name, read, (t1 - t0) / 1e9, (first - t0) / 1e9, valueBytes,
                    seconds(OwnCpu.sinceStart().minus(own0)), MachineCpu.read().since(cpu0));
            if (read != EVENTS) {
                throw new IllegalStateException("baseline (" + name + ") read " + read + " events, " + EVENTS + " were sent");
            }
            System.out.printf(Locale.ROOT, "baseline %-20s %,d events in %.2f s: %,.0f events/s (first after %.2f s); machine busy %.0f%%%n",
                    name, read, run.seconds(), run.eventsPerSecond(), run.firstEventAfterSeconds(), 100 * run.machine().busy());
            return run;
        }
    }
}
