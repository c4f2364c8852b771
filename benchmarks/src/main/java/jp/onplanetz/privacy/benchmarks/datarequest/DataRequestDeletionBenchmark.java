package jp.onplanetz.privacy.benchmarks.datarequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.benchmarks.measure.Latencies;
import jp.onplanetz.privacy.benchmarks.measure.TopicTail;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport;
import jp.onplanetz.privacy.benchmarks.results.MachineFacts;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.SuiteClient;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static jp.onplanetz.privacy.benchmarks.results.Units.round;
import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;

/**
 * The time from filing a deletion to its completion across every service, in the local stack (the four packaged
 * services, PostgreSQL with fsync on, the broker): a subject with data in every service (two consents, usage events,
 * a record of provision) files a deletion over HTTP; the clock stops when a plain consumer of the lifecycle topic sees
 * {@code data-request.completed.v1} for it, that is when every system has done its part, answered, and the completion
 * is published. One request at a time: this is the wait one person sees.
 *
 * <p>Baseline, in the same run on the same broker: the same message pattern with nothing else, plain Kafka clients at
 * their defaults: a task is produced, three "systems" (a consumer group each) read it and each produce an answer, a
 * collector reads the answers and after the third produces the completion, which the same kind of probe sees. No HTTP,
 * no database, no outbox, no work: the floor under any design that fans out over Kafka.
 *
 * <p>Not a test: it writes {@code benchmarks/results/data-request-deletion.{json,md}}.
 */
public final class DataRequestDeletionBenchmark {

    private static final int WARMUP = 5;
    private static final int MEASURED = Integer.getInteger("bench.requests", 40);
    private static final int USAGE_EVENTS = 5;
    /** The target: a deletion completed across all services in under five seconds. */
    private static final Duration TARGET = Duration.ofSeconds(5);
    private static final List<String> SYSTEMS = List.of(Services.ANALYTICS, Services.CONSENT, Services.DISCLOSURE_LOG);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataRequestDeletionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = LocalStack.repositoryRoot();
        String loadAtStart = MachineFacts.loadAverage();
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(repo.resolve(".local/bench-stack"), false, true))) {
            Map<String, String> postgres = new LinkedHashMap<>();
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                postgres.put(setting, stack.postgres().setting(setting));
            }
            SuiteClient suite = new SuiteClient(stack);
            suite.publishStatisticsRecipient();

            Histogram baseline = baseline(stack);

            List<String> subjects = new ArrayList<>();
            long seedStart = System.nanoTime();
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                String subject = UUID.randomUUID().toString();
                suite.giveData(subject, USAGE_EVENTS);
                subjects.add(subject);
            }
            Duration seeding = Duration.ofNanos(System.nanoTime() - seedStart);
            Measured deletions = deletions(stack, suite, subjects);
            ResultsFiles.write(repo.resolve("benchmarks/results"), report(baseline, deletions, postgres, seeding, loadAtStart));
        }
    }

    /** What the deletions gave: the client's times, the service's own, and each system's answer time. */
    private record Measured(Histogram filedToCompleted, Histogram serviceReceivedToCompleted,
            Map<String, Histogram> startedToAnswered) {
    }

    private static Measured deletions(LocalStack stack, SuiteClient suite, List<String> subjects) throws Exception {
        String requests = stack.service(Services.DATA_REQUEST).baseUrl() + "/api/v1/requests/";
        Histogram client = histogram();
        Histogram service = histogram();
        Map<String, Histogram> perSystem = new LinkedHashMap<>();
        SYSTEMS.forEach(s -> perSystem.put(s, histogram()));
        try (Probe completions = Probe.start(stack.kafka().bootstrapServers(), EventCatalogue.DATA_REQUEST_TOPIC,
                r -> r.value().contains("\"completedAt\"") ? requestId(r.value()) : null)) {
            for (int i = 0; i < subjects.size(); i++) {
                String subject = subjects.get(i);
                String token = suite.subjectToken(subject);
                long filed = System.nanoTime();
                JsonNode created = suite.send("POST", requests.substring(0, requests.length() - 1), token,
                        "{\"type\": \"deletion\"}").expect(201).json();
                String id = created.path("id").asText();
                long seen = completions.await(id, Duration.ofSeconds(60));
                JsonNode done = suite.send("GET", requests + id, token, null).expect(200).json();
                check(done, subject);
                if (i < WARMUP) {
                    continue;
                }
                client.recordValue(TimeUnit.NANOSECONDS.toMicros(seen - filed));
                OffsetDateTime received = OffsetDateTime.parse(done.path("receivedAt").asText());
                OffsetDateTime started = OffsetDateTime.parse(done.path("startedAt").asText());
                service.recordValue(ChronoUnit.MICROS.between(received, OffsetDateTime.parse(done.path("completedAt").asText())));
                for (JsonNode t : done.path("tasks")) {
                    perSystem.get(t.path("system").asText()).recordValue(Math.max(0, ChronoUnit.MICROS.between(started,
                            OffsetDateTime.parse(t.path("answeredAt").asText()))));
                }
            }
        }
        return new Measured(client, service, perSystem);
    }

    /** Every deletion must have done its work: a fast answer that did nothing would be no result. */
    private static void check(JsonNode done, String subject) {
        Map<String, Integer> expected = Map.of(Services.CONSENT, 2, Services.ANALYTICS, USAGE_EVENTS,
                Services.DISCLOSURE_LOG, 1);
        if (!"completed".equals(done.path("status").asText()) || done.path("tasks").size() != SYSTEMS.size()) {
            throw new IllegalStateException("deletion of " + subject + " is not complete: " + done);
        }
        for (JsonNode t : done.path("tasks")) {
            Integer items = expected.get(t.path("system").asText());
            if (!"completed".equals(t.path("outcome").asText()) || items == null || t.path("items").asInt() != items) {
                throw new IllegalStateException("deletion of " + subject + ": unexpected answer " + t);
            }
        }
    }

    /** The bare pattern: task, three answers, completion, on plain clients; one at a time, as the deletions. */
    private static Histogram baseline(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String tasks = "privacy.bench.baseline-tasks.v1";
        String answers = "privacy.bench.baseline-answers.v1";
        String done = "privacy.bench.baseline-done.v1";
        for (String topic : List.of(tasks, answers, done)) {
            stack.kafka().createTopic(topic, 6);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(SYSTEMS.size() + 1);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String system : SYSTEMS) {
                threads.add(relay(bootstrap, "bench-" + system, tasks, running, ready,
                        r -> producer.send(new ProducerRecord<>(answers, r.key(), r.value() + "|" + system))));
            }
            Map<String, Integer> answered = new HashMap<>();
            threads.add(relay(bootstrap, "bench-collector", answers, running, ready, r -> {
                String request = r.value().substring(0, r.value().indexOf('|'));
                if (answered.merge(request, 1, Integer::sum) == SYSTEMS.size()) {
                    producer.send(new ProducerRecord<>(done, r.key(), request));
                }
            }));
            threads.forEach(Thread::start);
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the baseline's consumers did not get their partitions");
            }
            Histogram h = histogram();
            try (Probe probe = Probe.start(bootstrap, done, ConsumerRecord::value)) {
                for (int i = 0; i < WARMUP + MEASURED; i++) {
                    String request = UUID.randomUUID().toString();
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(tasks, UUID.randomUUID().toString(), request)).get();
                    long seen = probe.await(request, Duration.ofSeconds(60));
                    if (i >= WARMUP) {
                        h.recordValue(TimeUnit.NANOSECONDS.toMicros(seen - sent));
                    }
                }
            }
            return h;
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    /** A consumer group's member that hands every record to {@code onRecord}: a "system" of the baseline. */
    private static Thread relay(String bootstrap, String group, String topic, AtomicBoolean running, CountDownLatch ready,
            java.util.function.Consumer<ConsumerRecord<String, String>> onRecord) {
        return new Thread(() -> {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
                c.subscribe(List.of(topic));
                boolean counted = false;
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        onRecord.accept(r);
                    }
                    if (!counted && !c.assignment().isEmpty()) {
                        counted = true;
                        ready.countDown();
                    }
                }
            }
        }, group);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG,
                "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static String requestId(String payload) {
        try {
            return JSON.readTree(payload).path("requestId").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** Microseconds, up to ten minutes. */
    private static Histogram histogram() {
        return new Histogram(600_000_000L, 3);
    }

    /** Notes when each awaited key (read from a record by {@code keyOf}) first shows up on a topic. */
    private static final class Probe implements AutoCloseable {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private TopicTail tail;

        static Probe start(String bootstrap, String topic,
                java.util.function.Function<ConsumerRecord<String, String>, String> keyOf) {
            Probe p = new Probe();
            p.tail = TopicTail.start(bootstrap, topic, Duration.ofMillis(20), (r, seenAt, seenNanos) -> {
                String key = keyOf.apply(r);
                if (key != null) {
                    p.seen.putIfAbsent(key, seenNanos);
                }
            });
            return p;
        }

        /** The nanoTime at which {@code key} was first seen. */
        long await(String key, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!seen.containsKey(key)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(key + " not seen within " + atMost);
                }
                Thread.sleep(2);
            }
            return seen.get(key);
        }

        @Override
        public void close() throws InterruptedException {
            tail.close();
        }
    }

    record DataPerSubject(int consents, int usageEvents, int provisionRecords) {
    }

    record Figures(Map<String, String> postgres, int requestsMeasured, int warmupRequests, DataPerSubject dataPerSubject,
            double seedingSeconds, Latencies deletion, Latencies serviceReceivedToCompleted,
            Map<String, Latencies> startedToAnswered, Latencies baseline, double ratioP50, double ratioP95, long targetMillis,
            boolean targetMetAtP95) {
    }

    private static BenchmarkReport report(Histogram baselineMicros, Measured m, Map<String, String> postgres, Duration seeding,
            String loadAtStart) {
        Histogram d = m.filedToCompleted();
        double ratioP50 = ratio(d.getValueAtPercentile(50), baselineMicros.getValueAtPercentile(50));
        double ratioP95 = ratio(d.getValueAtPercentile(95), baselineMicros.getValueAtPercentile(95));
        boolean met = d.getValueAtPercentile(95) < TARGET.toNanos() / 1000;
        Latencies deletion = Latencies.ofMicros(d);
        Latencies baseline = Latencies.ofMicros(baselineMicros);
        Latencies serviceClock = Latencies.ofMicros(m.serviceReceivedToCompleted());
        Map<String, Latencies> perSystem = new LinkedHashMap<>();
        m.startedToAnswered().forEach((system, h) -> perSystem.put(system, Latencies.ofMicros(h)));

        List<List<String>> rows = new ArrayList<>();
        rows.add(row("baseline: task, three answers, completion (plain clients)", baseline));
        rows.add(row("deletion: filed over HTTP to completed, as a consumer sees it", deletion));
        rows.add(row("deletion, the service's own clock (received to completed)", serviceClock));
        perSystem.forEach((system, l) -> rows.add(row(system + ": task started to answer applied", l)));
        BenchmarkReport.Section times = new BenchmarkReport.Section("Times", List.of(String.format(Locale.ROOT,
                "Times in milliseconds. Ratio deletion / baseline: p50 %.2f, p95 %.2f.", ratioP50, ratioP95)),
                new BenchmarkReport.Table(List.of("path", "p50", "p90", "p95", "max"), rows));
        BenchmarkReport.Target target = new BenchmarkReport.Target("filed to completed under " + TARGET.toSeconds()
                + " s at p95", String.format(Locale.ROOT, "p95 %.0f ms, max %.0f ms", deletion.p95Ms(), deletion.maxMs()), met);
        return BenchmarkReport.now("data-request-deletion", "Deletion, filed to completed across all services",
                "scripts/bench-data-request-deletion.sh",
                MachineFacts.ofThisMachine().withLoadAverages(loadAtStart, MachineFacts.loadAverage()), null,
                List.of("The local stack (four packaged services, PostgreSQL with fsync " + postgres.get("fsync")
                                + " and synchronous_commit " + postgres.get("synchronous_commit") + ", one Kafka broker). "
                                + MEASURED + " deletions measured after " + WARMUP + " warm-up, one at a time, each by a"
                                + " subject holding 2 consents, " + USAGE_EVENTS + " usage events and 1 record of provision;"
                                + " every deletion checked to have withdrawn, erased and marked them. Times from the filing"
                                + " POST to a plain consumer seeing `data-request.completed.v1`.",
                        "Baseline, same run and broker: the same pattern on plain Kafka clients with nothing else (task,"
                                + " three consumer groups answering, a collector publishing the completion)."),
                List.of(times), List.of(target), List.of(),
                new Figures(postgres, MEASURED, WARMUP, new DataPerSubject(2, USAGE_EVENTS, 1), round(seconds(seeding), 1),
                        deletion, serviceClock, perSystem, baseline, round(ratioP50, 2), round(ratioP95, 2),
                        TARGET.toMillis(), met));
    }

    private static double ratio(long value, long baseline) {
        return (double) value / Math.max(1, baseline);
    }

    private static List<String> row(String path, Latencies l) {
        List<String> row = new ArrayList<>(List.of(path));
        row.addAll(l.cells(l.p95Ms()));
        return row;
    }
}
