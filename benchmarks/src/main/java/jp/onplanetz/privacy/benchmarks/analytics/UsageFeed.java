package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static jp.onplanetz.privacy.benchmarks.analytics.AnalyticsThroughputBenchmark.EVENTS;

/** The run's raw usage events on the usage topic, as a service's relay sends them, written while no side reads them. */
final class UsageFeed {

    private UsageFeed() {
    }

    static final String[] EVENT_TYPES = {"page-view", "feature-used", "search"};
    static final String[] PAGES = {"/plans/business", "/plans/personal", "/help/billing", "/", "reports.export"};

    /** A usage event as the schema has it: raw identifiers and attributes, the gateway's to pseudonymise. */
    static String usageEvent(UsageSubject s, long n, Instant occurredAt) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"subjectId\":\"").append(s.id()).append("\",\"anonymousId\":null,\"cookieId\":\"").append(s.cookieId())
                .append("\",\"terminalId\":\"").append(s.terminalId()).append("\",\"ip\":\"").append(s.ip())
                .append("\",\"occurredAt\":\"").append(occurredAt).append("\",\"eventType\":\"")
                .append(EVENT_TYPES[(int) (n % EVENT_TYPES.length)]).append("\",\"page\":\"")
                .append(PAGES[(int) ((n / 3) % PAGES.length)]).append("\",\"gender\":\"").append(s.gender())
                .append("\",\"birthYear\":").append(s.birthYear()).append(",\"address\":\"").append(s.address())
                .append("\",\"companyName\":\"").append(s.companyName()).append("\",\"companySize\":\"").append(s.companySize())
                .append("\",\"companySector\":\"").append(s.companySector()).append("\",\"jobTitle\":\"").append(s.jobTitle())
                .append("\"}");
        return b.toString();
    }

    /**
     * One batch of the run's events: where it starts and ends on each partition of the usage topic. Its events are
     * all on the topic before either side reads them.
     */
    record Batch(String name, long events, @JsonIgnore Map<TopicPartition, Long> from, @JsonIgnore Map<TopicPartition, Long> to) {
    }

    record Feed(Batch batch, double seconds, double eventsPerSecond, double averageValueBytes, double averageHeaderBytes) {
    }

    /**
     * The events of one batch on the usage topic, as a service's relay sends them: the subjects in turn, each event
     * with a new CloudEvents id.
     */
    static Feed feed(String name, String bootstrap, List<UsageSubject> subjects) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String source = Services.source(Services.SERVICE_APPS);
        String type = EventCatalogue.USAGE_EVENT_RECORDED.type();
        String schema = EventCatalogue.USAGE_EVENT_RECORDED.dataSchema();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long valueBytes = 0;
        long headerBytes = 0;
        Map<TopicPartition, Long> from = endOffsets(bootstrap);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long n = 0; n < EVENTS; n++) {
                UsageSubject s = subjects.get((int) (n % subjects.size()));
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                String value = usageEvent(s, n, now);
                RecordHeaders h = new RecordHeaders();
                h.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
                h.add(CloudEventHeaders.ID, bytes(new UUID(ThreadLocalRandom.current().nextLong(),
                        ThreadLocalRandom.current().nextLong()).toString()));
                h.add(CloudEventHeaders.SOURCE, bytes(source));
                h.add(CloudEventHeaders.TYPE, bytes(type));
                h.add(CloudEventHeaders.SUBJECT, bytes(s.id()));
                h.add(CloudEventHeaders.TIME, bytes(now.toString()));
                h.add(CloudEventHeaders.DATA_SCHEMA, bytes(schema));
                h.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
                if (n < 1000) {
                    valueBytes += value.getBytes(StandardCharsets.UTF_8).length;
                    for (var header : h) {
                        headerBytes += header.key().length() + header.value().length;
                    }
                }
                producer.send(new ProducerRecord<>(EventCatalogue.USAGE_TOPIC, null, s.id(), value, h), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null || acknowledged.get() != EVENTS) {
            throw new IllegalStateException("feeding failed: " + acknowledged.get() + " of " + EVENTS + " acknowledged",
                    failure.get());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<TopicPartition, Long> to = endOffsets(bootstrap);
        long onTopic = to.entrySet().stream().mapToLong(e -> e.getValue() - from.get(e.getKey())).sum();
        if (onTopic != EVENTS) {
            throw new IllegalStateException("batch " + name + ": " + onTopic + " records on the topic for " + EVENTS + " events sent");
        }
        long sampled = Math.min(EVENTS, 1000);
        Feed f = new Feed(new Batch(name, EVENTS, from, to), secs, EVENTS / secs, (double) valueBytes / sampled, (double) headerBytes / sampled);
        System.out.printf(Locale.ROOT, "batch %s: fed %,d events to %s in %.1f s (%.0f events/s; %.0f value bytes, %.0f header bytes each)%n",
                name, EVENTS, EventCatalogue.USAGE_TOPIC, secs, f.eventsPerSecond(), f.averageValueBytes(), f.averageHeaderBytes());
        return f;
    }

    /** The usage topic's end offsets (its producers are not transactional: the end is the last record's next). */
    static Map<TopicPartition, Long> endOffsets(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            String topic = EventCatalogue.USAGE_TOPIC;
            return new HashMap<>(c.endOffsets(c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList()));
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
