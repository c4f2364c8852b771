package jp.onplanetz.privacy.benchmarks.measure;

import jp.onplanetz.privacy.benchmarks.measure.TopicTail;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain consumer that reads a topic from its end, outside any group, on a thread of its own, and hands each record to
 * the benchmark with the moment it was seen: the observer whose clock the latency benchmarks stop. The end offsets are
 * resolved before {@link #start} returns, so nothing sent afterwards can be missed.
 */
public final class TopicTail implements AutoCloseable {

    /** What the benchmark does with each record: {@code seenNanos} is {@link System#nanoTime()} when polled. */
    @FunctionalInterface
    public interface Sink {
        void seen(ConsumerRecord<String, String> record, Instant seenAt, long seenNanos);
    }

    private final KafkaConsumer<String, String> consumer;
    private final Sink sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Duration pollEvery;
    private final Thread thread;

    private TopicTail(KafkaConsumer<String, String> consumer, Sink sink, Duration pollEvery, String name) {
        this.consumer = consumer;
        this.sink = sink;
        this.pollEvery = pollEvery;
        this.thread = new Thread(this::run, name);
    }

    public static TopicTail start(String bootstrap, String topic, Duration pollEvery, Sink sink) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // resolve the end now, before anything is sent
        TopicTail tail = new TopicTail(c, sink, pollEvery, "tail-" + topic);
        tail.thread.start();
        return tail;
    }

    private void run() {
        while (running.get()) {
            for (ConsumerRecord<String, String> r : consumer.poll(pollEvery)) {
                sink.seen(r, Instant.now(), System.nanoTime());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        consumer.close();
    }
}
