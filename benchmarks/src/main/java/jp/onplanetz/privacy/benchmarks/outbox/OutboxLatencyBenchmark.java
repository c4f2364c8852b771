package jp.onplanetz.privacy.benchmarks.outbox;

import jp.onplanetz.privacy.benchmarks.measure.Latencies;
import jp.onplanetz.privacy.benchmarks.measure.TopicTail;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport;
import jp.onplanetz.privacy.benchmarks.results.MachineFacts;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static jp.onplanetz.privacy.benchmarks.results.Units.round;

/**
 * Commit-to-visible-on-Kafka latency of the outbox, against a baseline measured in the same run on the
 * same broker: a plain idempotent producer ({@code acks=all}) sending straight to Kafka, which is the
 * least any event path can cost. Both are timed the same way: from a wall-clock instant taken where the
 * event is made (for the outbox: {@code ce_time}, set inside the committing transaction) to the instant a
 * plain consumer polls it. PostgreSQL runs with fsync on: a commit's cost is part of the figure.
 *
 * <p>Not a test: it writes {@code benchmarks/results/outbox-latency.{json,md}}.
 */
public final class OutboxLatencyBenchmark {

    private static final int WARMUP = 300;
    private static final int MEASURED = 2000;
    private static final int CLIENTS = 4;
    private static final String BASELINE_TOPIC = "privacy.bench.baseline.v1";

    private OutboxLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = LocalStack.repositoryRoot();
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(repo.resolve(".local/bench-stack"), false, true))) {
            List<ServiceStartup> startup = new ArrayList<>();
            for (ServiceProcess s : stack.services()) {
                startup.add(new ServiceStartup(s.name(), s.readyAfterMillis(), s.residentMiB()));
            }
            stack.kafka().createTopic(BASELINE_TOPIC, 6);
            Histogram baseline = baseline(stack.kafka().bootstrapServers());
            Histogram outbox = outbox(stack);
            long consentRss = stack.service("consent-service").residentMiB();
            ResultsFiles.write(repo.resolve("benchmarks/results"), report(baseline, outbox, startup, consentRss));
        }
    }

    /** A plain producer straight to the broker: the floor under any path. */
    private static Histogram baseline(String bootstrap) throws Exception {
        try (Probe probe = Probe.start(bootstrap, BASELINE_TOPIC, r -> header(r, "bench-sent-at"));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < (WARMUP + MEASURED) / CLIENTS; i++) {
                        ProducerRecord<String, String> r = new ProducerRecord<>(BASELINE_TOPIC, UUID.randomUUID().toString(), "{}");
                        r.headers().add("bench-sent-at", now().getBytes(StandardCharsets.UTF_8));
                        producer.send(r).get(); // one at a time per client, as a request per event
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            pool.shutdown();
            return probe.await(WARMUP + MEASURED, WARMUP);
        }
    }

    /** Consents granted over HTTP: each commit writes its event to the outbox, the relay publishes it. */
    private static Histogram outbox(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String base = stack.service("consent-service").baseUrl();
        HttpClient http = HttpClient.newHttpClient();
        try (Probe probe = Probe.start(bootstrap, EventCatalogue.CONSENT_TOPIC, r -> header(r, CloudEventHeaders.TIME))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < (WARMUP + MEASURED) / CLIENTS; i++) {
                        String subject = UUID.randomUUID().toString();
                        String token = stack.issuer().mint(subject, "bench", Set.of(LocalIdentities.ROLE_DATA_SUBJECT));
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/subjects/" + subject + "/consents"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"purpose\":\"newsletter\",\"method\":\"api\"}"))
                                .build();
                        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() != 201) {
                            throw new IllegalStateException("grant failed: " + resp.statusCode() + " " + resp.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            pool.shutdown();
            return probe.await(WARMUP + MEASURED, WARMUP);
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Notes each record's latency in microseconds, from the instant {@code madeAt} reads in it to its polling. */
    private static final class Probe implements AutoCloseable {
        private final List<Long> latenciesMicros = java.util.Collections.synchronizedList(new ArrayList<>());
        private TopicTail tail;

        static Probe start(String bootstrap, String topic, Function<ConsumerRecord<String, String>, String> madeAt) {
            Probe p = new Probe();
            p.tail = TopicTail.start(bootstrap, topic, Duration.ofMillis(50), (r, seenAt, seenNanos) -> {
                String at = madeAt.apply(r);
                if (at != null) {
                    p.latenciesMicros.add(ChronoUnit.MICROS.between(Instant.parse(at), seenAt));
                }
            });
            return p;
        }

        Histogram await(int expected, int skip) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (latenciesMicros.size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (latenciesMicros.size() < expected) {
                throw new IllegalStateException("only " + latenciesMicros.size() + " of " + expected + " events seen");
            }
            Histogram h = new Histogram(60_000_000L, 3);
            synchronized (latenciesMicros) {
                latenciesMicros.stream().skip(skip).forEach(v -> h.recordValue(Math.max(0, v)));
            }
            return h;
        }

        @Override
        public void close() throws InterruptedException {
            tail.close();
        }
    }

    /** One service's start, as the stack saw it. */
    record ServiceStartup(String service, long readyAfterMs, long rssMiBAtReady) {
    }

    record Figures(int events, int warmupEvents, int concurrentClients, boolean postgresFsync, Latencies baseline,
            Latencies outbox, double ratioP50, double ratioP99, long consentServiceRssMiBAfterLoad,
            List<ServiceStartup> serviceStartup) {
    }

    private static BenchmarkReport report(Histogram baselineMicros, Histogram outboxMicros, List<ServiceStartup> startup,
            long consentRss) {
        Latencies baseline = Latencies.ofMicros(baselineMicros);
        Latencies outbox = Latencies.ofMicros(outboxMicros);
        double r50 = (double) outboxMicros.getValueAtPercentile(50) / Math.max(1, baselineMicros.getValueAtPercentile(50));
        double r99 = (double) outboxMicros.getValueAtPercentile(99) / Math.max(1, baselineMicros.getValueAtPercentile(99));
        List<String> columns = List.of("path", "p50", "p90", "p99", "max");
        BenchmarkReport.Table table = new BenchmarkReport.Table(columns, List.of(
                row("baseline: producer to consumer", baseline), row("outbox: grant over HTTP, relay, consumer", outbox)));
        return BenchmarkReport.now("outbox-latency", "Outbox latency (commit to visible on Kafka)",
                "scripts/bench-outbox-latency.sh", MachineFacts.ofThisMachine(), null,
                List.of(String.format(Locale.ROOT, "%d events measured after %d warm-up, %d concurrent clients; PostgreSQL"
                        + " with fsync on. Baseline: a plain idempotent producer (`acks=all`) straight to the same broker"
                        + " in the same run. Times in milliseconds, from the instant the event was made (`ce_time`,"
                        + " inside the committing transaction) to the instant a plain consumer polled it.", MEASURED,
                        WARMUP, CLIENTS)),
                List.of(new BenchmarkReport.Section("Latency", List.of(String.format(Locale.ROOT,
                        "Ratio outbox / baseline: p50 %.2f, p99 %.2f.", r50, r99)), table)),
                List.of(), List.of(), new Figures(MEASURED, WARMUP, CLIENTS, true, baseline, outbox, round(r50, 2),
                        round(r99, 2), consentRss, startup));
    }

    private static List<String> row(String path, Latencies l) {
        List<String> row = new ArrayList<>(List.of(path));
        row.addAll(l.cells(l.p99Ms()));
        return row;
    }

}
