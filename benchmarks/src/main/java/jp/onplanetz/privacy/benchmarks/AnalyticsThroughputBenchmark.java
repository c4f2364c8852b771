package jp.onplanetz.privacy.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static jp.onplanetz.privacy.benchmarks.RunFacts.commit;
import static jp.onplanetz.privacy.benchmarks.RunFacts.loadAverage;
import static jp.onplanetz.privacy.benchmarks.RunFacts.machine;
import static jp.onplanetz.privacy.benchmarks.RunFacts.round;
import static jp.onplanetz.privacy.benchmarks.RunFacts.seconds;

/**
 * Usage events per second through analytics-gateway (ingest, consent check, pseudonymisation, storage with an
 * outbox contribution, the outbox relay, and the counting by Kafka Streams), against a plain Kafka consumer reading
 * the same events from the same topic on the same broker in the same run.
 *
 * <p>The run, on the local stack (its "durable" PostgreSQL, whose actual durability settings the results report as
 * the server gives them; the services from their packaged jars):
 * <ol>
 * <li>A privacy officer adds a recipient for {@code anonymised-statistics} to the policy and publishes it; every
 * subject of the run grants that purpose to it through consent-service's API with its own token
 * ({@code POST /api/v1/subjects/{id}/consents}, role data-subject), and the benchmark waits until the gateway's
 * consent projection holds every grant. A privacy officer defines one release definition on the gateway
 * (dimensions gender and age band, {@code distinct-people}, window P1D, epsilon 1), so that the counting has work
 * to do for every contribution.</li>
 * <li>The gateway is stopped, and {@code bench.events} raw {@code usage.event-recorded.v1} events (CloudEvents in
 * binary mode, keyed by the subject, as a service's relay sends them) are written to {@code privacy.usage.events.v1},
 * the subjects in turn, each with fixed profile attributes.</li>
 * <li>Baseline: a plain {@code KafkaConsumer} (StringDeserializer, a group of its own, from the earliest offset)
 * reads all of them; events/s = events / time from its creation to the last event read.</li>
 * <li>The gateway is started again (same jar and settings; its ingest group has no offsets yet, so it starts at the
 * earliest). From the moment its readiness probe is UP the benchmark watches (a) the events stored
 * ({@code usage_event} rows) and (b) the events counted: the outbox empty, every contribution on
 * {@code privacy.analytics.contributions.v1}, and the Streams application {@code analytics-gateway.statistics}
 * with nothing left to process on that topic nor on its repartition topic (its committed offsets, and a
 * read-committed look past them for records not yet processed). Rates are (events not yet stored, or not yet
 * counted, at readiness) / (time from readiness to (a), or to (b)).</li>
 * <li>The baseline again (a drift of the shared machine then hits both sides), and a check of the result: every
 * event stored once, and the cell totals the topology wrote equal to the distinct people per cell in the database.</li>
 * </ol>
 * The target: (b)'s events/s at least {@value #TARGET_RATIO} of the baseline's (mean of its two runs).
 *
 * <p>Settings (system properties): {@code bench.events} (1000000), {@code bench.subjects} (10000; the events are
 * spread evenly over them), {@code bench.grant-clients} (16, concurrent consent grants),
 * {@code bench.timeout-minutes} (240, for the gateway to finish: at a few hundred events a second a million take
 * about an hour), {@code bench.sample-seconds} (10, the progress
 * timeline's step). Fewer than 1,000,000 events make a shortened run, which the results say.
 *
 * <p>Not a test: it writes {@code benchmarks/results/analytics-throughput.{json,md}}; it fails without writing
 * them when any event is lost, stored twice or miscounted.
 */
public final class AnalyticsThroughputBenchmark {

    private static final long EVENTS = Long.getLong("bench.events", 1_000_000L);
    private static final int SUBJECTS = Integer.getInteger("bench.subjects", 10_000);
    private static final int GRANT_CLIENTS = Integer.getInteger("bench.grant-clients", 16);
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 240));
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(Long.getLong("bench.sample-seconds", 10));
    private static final boolean SHORTENED = EVENTS < 1_000_000L;

    private static final double TARGET_RATIO = 0.4;
    private static final String PURPOSE = "anonymised-statistics";
    private static final String RECIPIENT = "bench-research";
    private static final List<String> DIMENSIONS = List.of("gender", "ageBand");
    private static final String WINDOW = "P1D";
    private static final String STREAMS_APP = "analytics-gateway.statistics";
    private static final String INGEST_GROUP = "analytics-gateway.usage-ingest";
    private static final String ANALYTICS_DB = ServiceDatabases.ANALYTICS.database();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(4);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnalyticsThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (EVENTS < SUBJECTS || SUBJECTS < 1) {
            throw new IllegalArgumentException("bench.events (" + EVENTS + ") must be at least bench.subjects (" + SUBJECTS + ") > 0");
        }
        if (System.getProperty("privacyops.service.jvm-args") == null) {
            System.setProperty("privacyops.service.jvm-args", ConsentDecisionBenchmark.SERVICE_JVM);
        }
        Path repo = LocalStack.repositoryRoot();
        Path work = repo.resolve(".local/bench-stack");
        // The Streams state of this stack only: the default (/var/lib/...) is shared by every stack on the machine.
        // Under a parent wiped at every start: a stale directory (the restarted instance's "-replica-1" one included)
        // would hold offsets of the last run's broker, which Kafka Streams' global table cannot get past.
        Path streamsParent = work.toAbsolutePath().resolve("analytics-streams");
        deleteRecursively(streamsParent);
        Path streamsState = streamsParent.resolve("gateway");
        LocalStack.Options options = new LocalStack.Options(work, false, true)
                .withServiceSetting(Services.ANALYTICS, "kafka-streams.state.dir", streamsState.toString());
        String loadAtStart = loadAverage();
        System.out.println("load average at start: " + loadAtStart);
        try (LocalStack stack = LocalStack.start(options)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String officer = stack.issuer().mint(LocalIdentities.OFFICER.id(), LocalIdentities.OFFICER.username(),
                    LocalIdentities.OFFICER.realmRoles(), TOKEN_LIFETIME);
            addRecipient(http, stack.service(Services.CONSENT).baseUrl(), officer);
            String definitionId = defineRelease(http, stack.service(Services.ANALYTICS).baseUrl(), officer);
            List<Subject> subjects = Subject.many(SUBJECTS);
            Grants grants = grant(stack, subjects);

            try (Probe probe = Probe.open(stack)) {
                // Stopped, so that the events are all on the topic before its ingest starts (see the class comment).
                stack.service(Services.ANALYTICS).close();
                Feed feed = feed(stack.kafka().bootstrapServers(), subjects);
                BaselineRun before = baseline("before the gateway", stack.kafka().bootstrapServers());
                Pipeline pipeline = pipeline(stack, probe);
                BaselineRun after = baseline("after the gateway", stack.kafka().bootstrapServers());
                Verification verification = verify(stack, probe, definitionId);
                write(repo.resolve("benchmarks/results"), new Figures(loadAtStart, loadAverage(), probe.serverVersion(),
                        probe.durability(), definitionId, grants, feed, List.of(before, after), pipeline, verification));
            }
        }
    }

    // ---- setting up: the recipient, the release definition, the consents -----------------------------------

    /** The recipient of the statistics, added to the policy by a privacy officer and published, as in production. */
    private static void addRecipient(HttpClient http, String consentService, String officer) throws Exception {
        expectStatus(http, request(consentService + "/api/v1/policy/draft/recipients/" + RECIPIENT, officer, "PUT",
                "{\"name\":\"Bench Research K.K.\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[\"" + PURPOSE + "\"]}"),
                200, "the recipient in the policy draft");
        expectStatus(http, request(consentService + "/api/v1/policy/versions", officer, "POST",
                "{\"summary\":\"Bench Research K.K. receives anonymised statistics.\"}"), 201, "the policy version");
    }

    /** One release definition, starting now: every event of the run falls in its first window. */
    private static String defineRelease(HttpClient http, String gateway, String officer) throws Exception {
        String body = "{\"recipient\":\"" + RECIPIENT + "\",\"recipientName\":\"Bench Research K.K.\","
                + "\"purpose\":\"market-research\",\"dimensions\":[\"" + String.join("\",\"", DIMENSIONS) + "\"],"
                + "\"measure\":\"distinct-people\",\"window\":\"" + WINDOW + "\",\"epsilon\":1}";
        // the gateway checks the recipient against the policy in force, which reaches it on the policy topic: until
        // the new version has, the recipient is refused (400, nothing defined)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> made = http.send(request(gateway + "/api/v1/release-definitions", officer, "POST", body),
                HttpResponse.BodyHandlers.ofString());
        while (made.statusCode() == 400 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            made = http.send(request(gateway + "/api/v1/release-definitions", officer, "POST", body),
                    HttpResponse.BodyHandlers.ofString());
        }
        if (made.statusCode() != 201) {
            throw new IllegalStateException("the release definition: expected 201, got " + made.statusCode() + " "
                    + made.body());
        }
        JsonNode d = JSON.readTree(made.body());
        System.out.println("release definition " + d.path("id").asText() + ": " + DIMENSIONS + ", window " + WINDOW
                + ", starts at " + d.path("startsAt").asText());
        return d.path("id").asText();
    }

    private record Grants(int subjects, double seconds, double grantsPerSecond, double projectionWaitSeconds) {
    }

    /**
     * Every subject grants {@value #PURPOSE} to the recipient with its own token; then the gateway's projection is
     * waited for until it holds every grant (the events of a subject it does not know yet would be dropped).
     */
    private static Grants grant(LocalStack stack, List<Subject> subjects) throws Exception {
        String base = stack.service(Services.CONSENT).baseUrl();
        String body = "{\"purpose\":\"" + PURPOSE + "\",\"recipient\":\"" + RECIPIENT + "\",\"method\":\"web-form\"}";
        AtomicInteger next = new AtomicInteger();
        HttpLoad.Target target = new HttpLoad.Target("consent grant", () -> {
            Subject s = subjects.get(next.getAndIncrement() % subjects.size());
            String token = stack.issuer().mint(s.id(), "bench-subject", Set.of(LocalIdentities.ROLE_DATA_SUBJECT), TOKEN_LIFETIME);
            return request(base + "/api/v1/subjects/" + s.id() + "/consents", token, "POST", body);
        }, 201);
        HttpLoad.Result granted;
        try (HttpLoad load = new HttpLoad()) {
            granted = load.closedLoopCount(target, GRANT_CLIENTS, subjects.size()).requireNoErrors();
        }
        System.out.printf(Locale.ROOT, "%d subjects granted %s to %s: %.1f grants/s%n", subjects.size(), PURPOSE, RECIPIENT,
                granted.perSecond());
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(15).toNanos();
        try (Connection c = superuser(stack, ANALYTICS_DB)) {
            while (true) {
                long projected = single(c, "select count(*) from consent_projection where purpose = '" + PURPOSE
                        + "' and state = 'granted'");
                if (projected >= subjects.size()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway's projection holds " + projected + " of " + subjects.size()
                            + " grants after 15 minutes");
                }
                Thread.sleep(1000);
            }
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "the gateway's consent projection holds every grant (waited %.1f s)%n", waited);
        return new Grants(subjects.size(), seconds(granted.window()), granted.perSecond(), waited);
    }

    // ---- the events ------------------------------------------------------------------------------------------

    /** A data subject of the run and the profile its events carry (fixed per subject, varied over subjects). */
    private record Subject(String id, String cookieId, String terminalId, String ip, String gender, int birthYear,
            String address, String companyName, String companySize, String companySector, String jobTitle) {

        private static final String[] GENDERS = {"female", "male", "other", "unspecified"};
        private static final String[] ADDRESSES = {"東京都千代田区丸の内1-1-1", "大阪府大阪市北区梅田3-1-1",
            "北海道札幌市中央区北1条西2-1", "福岡県福岡市博多区博多駅前2-1-1", "愛知県名古屋市中村区名駅1-1-4",
            "沖縄県那覇市泉崎1-2-2", "宮城県仙台市青葉区本町3-8-1", "広島県広島市中区基町10-52"};
        private static final String[] SIZES = {"1-9", "10-99", "250", "1000+", "42"};
        private static final String[] SECTORS = {"E", "G", "情報通信業", "K", "P"};
        private static final String[] JOBS = {"Software Engineer", "Sales Manager", "Accountant", "Nurse", "Teacher",
            "Designer"};

        static List<Subject> many(int n) {
            List<Subject> subjects = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                subjects.add(new Subject(UUID.randomUUID().toString(), "c-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                        "t-" + Integer.toHexString(i), "203.0.113." + (i % 250 + 1), GENDERS[i % GENDERS.length],
                        1950 + (i * 7) % 56, ADDRESSES[i % ADDRESSES.length], "Company " + (i % 97) + " K.K.",
                        SIZES[i % SIZES.length], SECTORS[(i / 3) % SECTORS.length], JOBS[(i / 5) % JOBS.length]));
            }
            return subjects;
        }
    }

    private static final String[] EVENT_TYPES = {"page-view", "feature-used", "search"};
    private static final String[] PAGES = {"/plans/business", "/plans/personal", "/help/billing", "/", "reports.export"};

    /** A usage event as the schema has it: raw identifiers and attributes, the gateway's to pseudonymise. */
    private static String usageEvent(Subject s, long n, Instant occurredAt) {
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

    private record Feed(long events, double seconds, double eventsPerSecond, double averageValueBytes, double averageHeaderBytes) {
    }

    /** The events on the usage topic, as a service's relay sends them; the subjects in turn. */
    private static Feed feed(String bootstrap, List<Subject> subjects) throws Exception {
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
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long n = 0; n < EVENTS; n++) {
                Subject s = subjects.get((int) (n % subjects.size()));
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
        long sampled = Math.min(EVENTS, 1000);
        Feed f = new Feed(EVENTS, secs, EVENTS / secs, (double) valueBytes / sampled, (double) headerBytes / sampled);
        System.out.printf(Locale.ROOT, "fed %,d events to %s in %.1f s (%.0f events/s; %.0f value bytes, %.0f header bytes each)%n",
                EVENTS, EventCatalogue.USAGE_TOPIC, secs, f.eventsPerSecond(), f.averageValueBytes(), f.averageHeaderBytes());
        return f;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the baseline -----------------------------------------------------------------------------------------

    private record BaselineRun(String name, long events, double seconds, double firstEventAfterSeconds, long valueBytes,
            double benchmarkCpuSeconds, MachineCpu.Share machine) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** A plain consumer of its own group reads every event of the usage topic from the earliest offset. */
    private static BaselineRun baseline(String name, String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench.plain-consumer." + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        MachineCpu cpu0 = MachineCpu.read();
        Duration own0 = ownCpu();
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
                    seconds(ownCpu().minus(own0)), MachineCpu.read().since(cpu0));
            if (read != EVENTS) {
                throw new IllegalStateException("baseline (" + name + ") read " + read + " events, " + EVENTS + " were sent");
            }
            System.out.printf(Locale.ROOT, "baseline %-20s %,d events in %.2f s: %,.0f events/s (first after %.2f s); machine busy %.0f%%%n",
                    name, read, run.seconds(), run.eventsPerSecond(), run.firstEventAfterSeconds(), 100 * run.machine().busy());
            return run;
        }
    }

    // ---- the pipeline -----------------------------------------------------------------------------------------

    /** One point of the progress timeline, counted from the gateway's readiness. */
    private record Sample(double seconds, long stored, long published, long counted, long ingestCommitted,
            double gatewayCpuShare, double machineBusy) {
    }

    /** CPU seconds of each part over a window, and the machine's busy and steal shares. */
    private record CpuSplit(double wallSeconds, double gateway, double postgres, double kafka, double otherServices,
            double benchmark, MachineCpu.Share machine) {
    }

    /**
     * Counters of pg_stat_database (the gateway's database); differences over the pipeline show what one event
     * costs the database. PostgreSQL publishes them with a short delay (its stats are flushed about every second).
     */
    private record DbStats(long commits, long rollbacks, long inserted, long updated, long deleted, long fetched,
            long returned) {

        DbStats minus(DbStats o) {
            return new DbStats(commits - o.commits, rollbacks - o.rollbacks, inserted - o.inserted, updated - o.updated,
                    deleted - o.deleted, fetched - o.fetched, returned - o.returned);
        }
    }

    private record Pipeline(long readyAfterMillis, long storedAtReady, long countedAtReady, double storedSeconds,
            double countedSeconds, CpuSplit cpu, DbStats database, List<Sample> timeline, long gatewayRssMiB) {

        double storedPerSecond() {
            return (EVENTS - storedAtReady) / storedSeconds;
        }

        double countedPerSecond() {
            return (EVENTS - countedAtReady) / countedSeconds;
        }
    }

    /** Starts the gateway on the events already on the topic and times (a) stored and (b) counted. */
    private static Pipeline pipeline(LocalStack stack, Probe probe) throws Exception {
        System.out.println("starting analytics-gateway on " + EVENTS + " events waiting on " + EventCatalogue.USAGE_TOPIC);
        Parts parts = Parts.find(stack);
        ServiceProcess gateway = stack.startReplica(Services.ANALYTICS);
        long ready = System.nanoTime();
        Snapshot cpu0 = Snapshot.take(stack, parts, gateway);
        DbStats db0 = probe.stats();
        long storedAtReady = probe.stored();
        long countedAtReady = probe.streamsCommitted(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC);
        System.out.printf(Locale.ROOT, "analytics-gateway ready after %d ms; %d events stored, %d counted by then%n",
                gateway.readyAfterMillis(), storedAtReady, countedAtReady);

        List<Sample> timeline = new ArrayList<>();
        long nextSample = ready;
        Snapshot lastSample = cpu0;
        long storedAt = -1;
        long countedAt = -1;
        long idleSince = -1;
        long deadline = ready + TIMEOUT.toNanos();
        while (countedAt < 0) {
            long now = System.nanoTime();
            // the Kafka door commits a poll's offsets once its events are stored and their contributions sent
            long storedApprox = probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC);
            if (now >= nextSample) {
                Snapshot s = Snapshot.take(stack, parts, gateway);
                Sample sample = new Sample(round((now - ready) / 1e9, 1), storedApprox,
                        probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC),
                        probe.streamsCommitted(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC),
                        probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC),
                        round(s.gatewayCpuSince(lastSample) / Math.max(1e-9, (s.nanos - lastSample.nanos) / 1e9), 3),
                        round(s.machine.since(lastSample.machine).busy(), 3));
                timeline.add(sample);
                lastSample = s;
                nextSample += SAMPLE_EVERY.toNanos();
                System.out.printf(Locale.ROOT, "  %7.1f s  stored ~%,d  published %,d  counted %,d  (ingest committed %,d)"
                                + "  gateway CPU %.2f cores, machine busy %.0f%%%n", sample.seconds(), sample.stored(),
                        sample.published(), sample.counted(), sample.ingestCommitted(), sample.gatewayCpuShare(),
                        100 * sample.machineBusy());
            }
            if (storedAt < 0 && storedApprox >= EVENTS) {
                long stored = probe.stored();
                if (stored > EVENTS) {
                    throw new IllegalStateException(stored + " usage_event rows for " + EVENTS + " events: stored twice");
                }
                if (stored == EVENTS) {
                    storedAt = System.nanoTime();
                    System.out.printf(Locale.ROOT, "(a) all %,d events stored %.1f s after readiness%n", EVENTS, (storedAt - ready) / 1e9);
                }
            }
            if (storedAt >= 0 && probe.unpublished() == 0
                    && probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC) >= EVENTS && probe.streamsDone()) {
                countedAt = System.nanoTime();
                System.out.printf(Locale.ROOT, "(b) all %,d contributions counted %.1f s after readiness%n", EVENTS,
                        (countedAt - ready) / 1e9);
                break;
            }
            // Consumed to the end but not all stored: events were dropped or dead-lettered; say so instead of waiting.
            if (storedAt < 0 && probe.committed(INGEST_GROUP, EventCatalogue.USAGE_TOPIC) >= EVENTS) {
                idleSince = idleSince < 0 ? now : idleSince;
                if (now - idleSince > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("the gateway consumed every event but stored " + probe.stored() + " of " + EVENTS
                            + "; dead-lettered: " + probe.endOffsets(EventCatalogue.DEAD_LETTERS.name()) + " (see its log)");
                }
            }
            if (now > deadline) {
                throw new IllegalStateException("not done after " + TIMEOUT + ": stored ~" + storedApprox + ", published "
                        + probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC) + ", counted "
                        + probe.streamsCommitted(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC) + " of " + EVENTS);
            }
            Thread.sleep(POLL.toMillis());
        }
        CpuSplit cpu = Snapshot.take(stack, parts, gateway).since(cpu0);
        Thread.sleep(1500); // PostgreSQL flushes its statistics about once a second
        DbStats db = probe.stats().minus(db0);
        System.out.printf(Locale.ROOT, "CPU s over %.1f s: gateway %.1f, PostgreSQL %.1f, Kafka %.1f, other services %.1f,"
                        + " benchmark %.1f; machine busy %.0f%%, steal %.0f%%%n", cpu.wallSeconds(), cpu.gateway(), cpu.postgres(),
                cpu.kafka(), cpu.otherServices(), cpu.benchmark(), 100 * cpu.machine().busy(), 100 * cpu.machine().steal());
        System.out.printf(Locale.ROOT, "database per event: %.2f commits, %.2f rows inserted, %.2f updated, %.2f fetched%n",
                (double) db.commits() / EVENTS, (double) db.inserted() / EVENTS, (double) db.updated() / EVENTS,
                (double) db.fetched() / EVENTS);
        return new Pipeline(gateway.readyAfterMillis(), storedAtReady, countedAtReady, (storedAt - ready) / 1e9,
                (countedAt - ready) / 1e9, cpu, db, timeline, gateway.residentMiB());
    }

    /** The processes whose CPU time is measured besides the services: the stack's PostgreSQL server and broker. */
    private record Parts(Optional<ProcessHandle> postgres, Optional<ProcessHandle> kafka) {

        static Parts find(LocalStack stack) {
            String port = Integer.toString(stack.postgres().port());
            Optional<ProcessHandle> postgres = ProcessHandle.allProcesses().filter(h -> {
                List<String> args = h.info().arguments().map(List::of).orElse(List.of());
                int p = args.indexOf("-p");
                return h.info().command().orElse("").endsWith("/postgres") && p >= 0 && p + 1 < args.size()
                        && args.get(p + 1).equals(port);
            }).findFirst();
            // The broker is this JVM's child; other stacks on the machine run brokers of their own.
            Optional<ProcessHandle> kafka = ProcessHandle.current().descendants()
                    .filter(h -> commandLine(h).contains("KafkaBrokerMain")).findFirst();
            if (postgres.isEmpty() || kafka.isEmpty()) {
                System.out.println("warning: CPU of " + (postgres.isEmpty() ? "PostgreSQL " : "") + (kafka.isEmpty() ? "Kafka" : "")
                        + " not found, counted as 0");
            }
            return new Parts(postgres, kafka);
        }
    }

    /** A process's whole command line from /proc (ProcessHandle.Info gave none for the broker's long one). */
    private static String commandLine(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return h.info().commandLine().orElse("");
        }
    }

    /** The CPU time of every part of the stack at one moment. */
    private record Snapshot(long nanos, double gateway, double postgres, double kafka, double otherServices, double benchmark,
            MachineCpu machine) {

        static Snapshot take(LocalStack stack, Parts parts, ServiceProcess gateway) {
            double others = 0;
            for (ServiceProcess s : stack.services()) {
                if (!s.name().equals(Services.ANALYTICS)) {
                    others += s.cpuTime().map(RunFacts::seconds).orElse(0.0);
                }
            }
            return new Snapshot(System.nanoTime(), gateway.cpuTime().map(RunFacts::seconds).orElse(0.0),
                    treeCpu(parts.postgres()), treeCpu(parts.kafka()), others, seconds(ownCpu()), MachineCpu.read());
        }

        double gatewayCpuSince(Snapshot earlier) {
            return gateway - earlier.gateway;
        }

        CpuSplit since(Snapshot earlier) {
            return new CpuSplit((nanos - earlier.nanos) / 1e9, gateway - earlier.gateway, postgres - earlier.postgres,
                    kafka - earlier.kafka, otherServices - earlier.otherServices, benchmark - earlier.benchmark,
                    machine.since(earlier.machine));
        }
    }

    /** CPU seconds of a process and its live children (PostgreSQL's backends); 0 when it is not found. */
    private static double treeCpu(Optional<ProcessHandle> root) {
        if (root.isEmpty()) {
            return 0;
        }
        return Stream.concat(Stream.of(root.get()), root.get().descendants())
                .mapToDouble(h -> h.info().totalCpuDuration().map(RunFacts::seconds).orElse(0.0)).sum();
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    // ---- watching the stack: the gateway's database and the broker's offsets ---------------------------------

    /** Reads progress without disturbing it much: one database connection, one admin client, one peeking consumer. */
    private static final class Probe implements AutoCloseable {

        private final Connection db;
        private final Admin admin;
        private final KafkaConsumer<byte[], byte[]> peek;
        private long ownStatements;

        private Probe(Connection db, Admin admin, KafkaConsumer<byte[], byte[]> peek) {
            this.db = db;
            this.admin = admin;
            this.peek = peek;
        }

        static Probe open(LocalStack stack) throws SQLException {
            Connection db = superuser(stack, ANALYTICS_DB);
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
            KafkaConsumer<byte[], byte[]> peek = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
            return new Probe(db, admin, peek);
        }

        /** The durability settings the server actually runs with (the stack asks for them; the server says). */
        String durability() throws SQLException {
            List<String> settings = new ArrayList<>();
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("show " + name)) {
                    rs.next();
                    settings.add(name + " " + rs.getString(1));
                }
            }
            return String.join(", ", settings);
        }

        /** The gateway database's transaction and row counters, less this probe's own statements. */
        DbStats stats() throws SQLException {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select xact_commit, xact_rollback,"
                    + " tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned from pg_stat_database"
                    + " where datname = current_database()")) {
                rs.next();
                return new DbStats(rs.getLong(1) - ownStatements, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7));
            } finally {
                ownStatements++;
            }
        }

        String serverVersion() throws SQLException {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
                rs.next();
                return rs.getString(1);
            }
        }


        long stored() throws SQLException {
            ownStatements++;
            return single(db, "select count(*) from usage_event");
        }

        long unpublished() throws SQLException {
            ownStatements++;
            return single(db, "select count(*) from outbox_event where published_at is null");
        }

        long endOffsets(String topic) throws Exception {
            return endOffsetsOf(topic).values().stream().mapToLong(Long::longValue).sum();
        }

        private Map<TopicPartition, Long> endOffsetsOf(String topic) throws Exception {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }

        private Map<TopicPartition, OffsetAndMetadata> committedOf(String group) throws Exception {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }

        long committed(String group, String topic) throws Exception {
            return committedOf(group).entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }

        long streamsCommitted(String topic) throws Exception {
            return committed(STREAMS_APP, topic);
        }

        /**
         * True when the Streams application has processed and committed every record of its input topics: the
         * contributions and its own repartition topic. Under exactly-once a committed offset may stop short of the
         * end by a transaction marker, which is no record; so past a committed offset the partition is read
         * (read-committed) for records still to process.
         */
        boolean streamsDone() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = committedOf(STREAMS_APP);
            List<String> inputs = new ArrayList<>(List.of(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC));
            admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(STREAMS_APP + "-") && t.endsWith("-repartition")).forEach(inputs::add);
            if (inputs.size() < 2) {
                throw new IllegalStateException("no repartition topic of " + STREAMS_APP + " on the broker");
            }
            for (String topic : inputs) {
                for (Map.Entry<TopicPartition, Long> end : endOffsetsOf(topic).entrySet()) {
                    OffsetAndMetadata c = committed.get(end.getKey());
                    long from = c == null ? 0 : c.offset();
                    if (from < end.getValue() && recordsFrom(end.getKey(), from, end.getValue())) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Whether any committed record lies in [from, end) of the partition. */
        private boolean recordsFrom(TopicPartition tp, long from, long end) {
            peek.assign(List.of(tp));
            long start = Math.max(from, peek.beginningOffsets(List.of(tp)).get(tp));
            if (start >= end) {
                return false;
            }
            peek.seek(tp, start);
            for (int i = 0; i < 5; i++) {
                if (!peek.poll(Duration.ofMillis(200)).isEmpty()) {
                    return true;
                }
                if (peek.position(tp) >= end) {
                    return false;
                }
            }
            return true; // an open transaction holds the position back: not done yet
        }

        @Override
        public void close() throws SQLException {
            peek.close();
            admin.close();
            db.close();
        }
    }

    // ---- the check of the result --------------------------------------------------------------------------------

    private record Verification(long storedRows, long distinctEventIds, long unpublished, long contributions,
            long cellTotalsSum, int cells, boolean cellsMatchDatabase, Map<String, Long> totals) {
    }

    /**
     * Every event stored once, every contribution published once, and the totals the topology wrote for the
     * definition's cells equal to the distinct people per cell in the gateway's database.
     */
    private static Verification verify(LocalStack stack, Probe probe, String definitionId) throws Exception {
        long stored = probe.stored();
        // the Kafka door derives each row's id from the event's CloudEvents id: distinct ids are distinct events
        long inbox = single(probe.db, "select count(distinct id) from usage_event");
        long unpublished = probe.unpublished();
        long contributions = probe.endOffsets(EventCatalogue.ANALYTICS_CONTRIBUTIONS_TOPIC);
        Map<String, Long> expected = new TreeMap<>();
        try (Statement st = probe.db.createStatement(); ResultSet rs = st.executeQuery(
                "select gender, age_band, count(distinct subject_pseudonym) from usage_event"
                        + " where consented_for_analytics group by gender, age_band")) {
            while (rs.next()) {
                expected.put(List.of(rs.getString(1), rs.getString(2)).toString(), rs.getLong(3));
            }
        }
        Map<String, Long> totals = cellTotals(stack.kafka().bootstrapServers(), definitionId);
        long sum = totals.values().stream().mapToLong(Long::longValue).sum();
        boolean match = expected.equals(totals);
        Verification v = new Verification(stored, inbox, unpublished, contributions, sum, totals.size(), match, totals);
        System.out.printf(Locale.ROOT, "check: %,d rows stored (%,d distinct event ids), %d unpublished, %,d contributions on the topic;"
                + " %d cells, %,d people in total, equal to the database: %s%n", stored, inbox, unpublished, contributions,
                totals.size(), sum, match);
        // contributions are sent at least once: a redelivered poll sends its events' contributions again
        if (stored != EVENTS || inbox != EVENTS || unpublished != 0 || contributions < EVENTS || !match || sum != SUBJECTS) {
            throw new IllegalStateException("the pipeline's result is wrong: " + v + "; expected per cell " + expected);
        }
        return v;
    }

    /** The definition's cells and their totals as the topology last wrote them (read-committed, last value per key). */
    private static Map<String, Long> cellTotals(String bootstrap, String definitionId) throws Exception {
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

    // ---- the results --------------------------------------------------------------------------------------------

    private record Figures(String loadAtStart, String loadAtEnd, String postgresVersion, String durability, String definitionId,
            Grants grants,
            Feed feed, List<BaselineRun> baselines, Pipeline pipeline, Verification verification) {

        double baselinePerSecond() {
            return baselines.stream().mapToDouble(BaselineRun::eventsPerSecond).average().orElse(Double.NaN);
        }

        double ratio() {
            return pipeline.countedPerSecond() / baselinePerSecond();
        }

        boolean ratioMet() {
            return ratio() >= TARGET_RATIO;
        }
    }

    private static void write(Path dir, Figures f) throws IOException {
        Files.createDirectories(dir);
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> machine = machine();
        machine.put("loadAverageAtStart", f.loadAtStart());
        machine.put("loadAverageAtEnd", f.loadAtEnd());
        machine.put("postgresServer", "PostgreSQL " + f.postgresVersion() + " (zonky embedded binaries, the local stack's server)");
        String commit = commit();
        Pipeline p = f.pipeline();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "analytics-gateway usage events per second through ingest, pseudonymisation and counting,"
                + " against a plain Kafka consumer reading the same topic");
        json.put("date", date);
        json.put("commit", commit);
        json.put("shortenedRun", SHORTENED);
        json.put("machine", machine);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("events", EVENTS);
        setup.put("subjects", SUBJECTS);
        setup.put("eventsPerSubject", EVENTS / SUBJECTS);
        setup.put("usageTopicPartitions", EventCatalogue.USAGE_EVENTS.partitions());
        setup.put("contributionsTopicPartitions", EventCatalogue.ANALYTICS_CONTRIBUTIONS.partitions());
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", f.definitionId());
        definition.put("dimensions", DIMENSIONS);
        definition.put("measure", "distinct-people");
        definition.put("window", WINDOW);
        definition.put("epsilon", 1);
        setup.put("releaseDefinition", definition);
        setup.put("order", "consent grants, projection wait, gateway stopped, feed, baseline, gateway started, (a) stored,"
                + " (b) counted, baseline, check");
        setup.put("postgresDurability", f.durability() + " (as the server reports them)");
        setup.put("serviceJvm", "-XX:+UseSerialGC " + System.getProperty("privacyops.service.jvm-args"));
        setup.put("gatewaySettings", "the service's own defaults (Streams exactly_once_v2, commit interval 200 ms; outbox batch"
                + " 500); kafka-streams.state.dir under the run's work directory");
        setup.put("producer", "acks=all, idempotent, linger.ms=20, batch.size=262144, no compression; CloudEvents binary"
                + " mode, key = subject id");
        setup.put("baselineConsumer", "KafkaConsumer<String, String>, StringDeserializer, own group, subscribe, auto.offset.reset"
                + "=earliest, client defaults otherwise; timed from its creation to the last event read");
        setup.put("grantClients", GRANT_CLIENTS);
        setup.put("timeoutMinutes", TIMEOUT.toMinutes());
        setup.put("sampleSeconds", SAMPLE_EVERY.toSeconds());
        json.put("setup", setup);

        Map<String, Object> consents = new LinkedHashMap<>();
        consents.put("subjects", f.grants().subjects());
        consents.put("grantSeconds", round(f.grants().seconds(), 1));
        consents.put("grantsPerSecond", round(f.grants().grantsPerSecond(), 1));
        consents.put("projectionWaitSeconds", round(f.grants().projectionWaitSeconds(), 1));
        json.put("consents", consents);

        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("events", f.feed().events());
        feed.put("seconds", round(f.feed().seconds(), 1));
        feed.put("eventsPerSecond", round(f.feed().eventsPerSecond(), 0));
        feed.put("averageValueBytes", round(f.feed().averageValueBytes(), 0));
        feed.put("averageHeaderBytes", round(f.feed().averageHeaderBytes(), 0));
        json.put("feed", feed);

        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("eventsPerSecond", round(f.baselinePerSecond(), 0));
        baseline.put("runs", f.baselines().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("events", b.events());
            m.put("seconds", round(b.seconds(), 2));
            m.put("eventsPerSecond", round(b.eventsPerSecond(), 0));
            m.put("firstEventAfterSeconds", round(b.firstEventAfterSeconds(), 2));
            m.put("valueMiB", round(b.valueBytes() / 1048576.0, 1));
            m.put("benchmarkCpuSeconds", round(b.benchmarkCpuSeconds(), 1));
            m.put("machineCpuBusy", round(b.machine().busy(), 3));
            m.put("machineCpuSteal", round(b.machine().steal(), 3));
            return m;
        }).toList());
        json.put("baseline", baseline);

        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("gatewayReadyAfterMs", p.readyAfterMillis());
        pipeline.put("storedAtReady", p.storedAtReady());
        pipeline.put("countedAtReady", p.countedAtReady());
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("secondsFromReady", round(p.storedSeconds(), 1));
        stored.put("eventsPerSecond", round(p.storedPerSecond(), 1));
        pipeline.put("stored", stored);
        Map<String, Object> counted = new LinkedHashMap<>();
        counted.put("secondsFromReady", round(p.countedSeconds(), 1));
        counted.put("eventsPerSecond", round(p.countedPerSecond(), 1));
        pipeline.put("counted", counted);
        CpuSplit c = p.cpu();
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("wallSeconds", round(c.wallSeconds(), 1));
        cpu.put("gatewayCpuSeconds", round(c.gateway(), 1));
        cpu.put("postgresCpuSeconds", round(c.postgres(), 1));
        cpu.put("kafkaBrokerCpuSeconds", round(c.kafka(), 1));
        cpu.put("otherServicesCpuSeconds", round(c.otherServices(), 1));
        cpu.put("benchmarkCpuSeconds", round(c.benchmark(), 1));
        cpu.put("gatewayCpuMsPerEvent", round(1000 * c.gateway() / (EVENTS - p.countedAtReady()), 3));
        cpu.put("postgresCpuMsPerEvent", round(1000 * c.postgres() / (EVENTS - p.countedAtReady()), 3));
        cpu.put("machineBusy", round(c.machine().busy(), 3));
        cpu.put("machineSteal", round(c.machine().steal(), 3));
        pipeline.put("cpu", cpu);
        DbStats d = p.database();
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("commits", d.commits());
        database.put("rollbacks", d.rollbacks());
        database.put("rowsInserted", d.inserted());
        database.put("rowsUpdated", d.updated());
        database.put("rowsDeleted", d.deleted());
        database.put("rowsFetched", d.fetched());
        database.put("commitsPerEvent", round((double) d.commits() / EVENTS, 2));
        database.put("rowsInsertedPerEvent", round((double) d.inserted() / EVENTS, 2));
        database.put("rowsUpdatedPerEvent", round((double) d.updated() / EVENTS, 2));
        database.put("rowsFetchedPerEvent", round((double) d.fetched() / EVENTS, 2));
        pipeline.put("database", database);
        pipeline.put("gatewayRssMiBAtEnd", p.gatewayRssMiB());
        pipeline.put("timeline", p.timeline().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", s.seconds());
            m.put("stored", s.stored());
            m.put("published", s.published());
            m.put("counted", s.counted());
            m.put("ingestCommitted", s.ingestCommitted());
            m.put("gatewayCores", s.gatewayCpuShare());
            m.put("machineBusy", s.machineBusy());
            return m;
        }).toList());
        json.put("pipeline", pipeline);

        Verification v = f.verification();
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("usageEventRows", v.storedRows());
        check.put("distinctEventIds", v.distinctEventIds());
        check.put("outboxUnpublished", v.unpublished());
        check.put("contributionsOnTopic", v.contributions());
        check.put("cells", v.cells());
        check.put("peopleOverAllCells", v.cellTotalsSum());
        check.put("cellTotalsEqualDatabase", v.cellsMatchDatabase());
        json.put("check", check);

        Map<String, Object> targets = new LinkedHashMap<>();
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("target", ">= " + TARGET_RATIO);
        ratio.put("measured", round(f.ratio(), 4));
        ratio.put("met", f.ratioMet());
        ratio.put("pipelineCountedEventsPerSecond", round(p.countedPerSecond(), 1));
        ratio.put("plainConsumerEventsPerSecond", round(f.baselinePerSecond(), 0));
        targets.put("pipelineCountedToPlainConsumer", ratio);
        json.put("targets", targets);
        json.put("notes", notes(f.durability()));
        String jsonText = JSON.writeValueAsString(json) + "\n";
        Files.writeString(dir.resolve("analytics-throughput.json"), jsonText);

        BaselineRun b1 = f.baselines().get(0);
        BaselineRun b2 = f.baselines().get(1);
        String md = String.format(Locale.ROOT, """
                # analytics-gateway: events per second through the pipeline against a plain consumer

                Written by `scripts/bench-analytics-throughput.sh` (%s, commit %s).%s
                Machine: %s cores (%s), %s MiB, %s, %s; load average (1, 5, 15 min) %s at start, %s at the end
                (the machine is shared: the load averages and the busy/steal shares say how busy it was).
                PostgreSQL %s (the local stack's server; it reports %s), Kafka on the same machine, services from their packaged
                jars with `-XX:+UseSerialGC %s`.

                **%,d** raw `usage.event-recorded.v1` events (CloudEvents binary mode, key = subject id, %.0f value bytes and
                %.0f header bytes each) for **%,d subjects** (%,d events each) were written to `privacy.usage.events.v1`
                (%d partitions) while analytics-gateway was stopped (%.1f s, %,.0f events/s). Every subject had granted
                `%s` to `%s` through consent-service's API with its own token (%.1f grants/s, %d clients) and the
                gateway's projection held every grant (waited %.1f s). One release definition counted every contribution:
                dimensions %s, `distinct-people`, window %s.

                ## Figures

                | run | events | seconds | events/s | machine CPU busy / steal |
                | --- | --- | --- | --- | --- |
                | baseline: plain `KafkaConsumer`, %s | %,d | %.2f | %,.0f | %s |
                | baseline: plain `KafkaConsumer`, %s | %,d | %.2f | %,.0f | %s |
                | gateway (a): stored (`usage_event` rows), from readiness | %,d | %.1f | %,.1f | |
                | **gateway (b): counted by Kafka Streams (outbox empty, nothing left to process), from readiness** | %,d | %.1f | **%,.1f** | %s |

                The gateway was ready %d ms after launch; by then %,d events were stored and %,d counted (left out of its
                rates). CPU seconds from readiness to (b) (%.1f s wall): gateway %.1f, PostgreSQL %.1f, Kafka broker %.1f,
                the three other services %.1f, this benchmark %.1f: %.2f ms of the gateway's CPU and %.2f ms of
                PostgreSQL's per event. The gateway's database over the same time (pg_stat_database, the benchmark's own
                queries left out): %.2f commits, %.2f rows inserted, %.2f updated and %.2f fetched per event.
                Gateway resident memory at the end: %d MiB.

                ## Target

                | target | measured | met |
                | --- | --- | --- |
                | (b) events/s ÷ plain consumer events/s (mean of its two runs) >= %.1f | %,.1f ÷ %,.0f = **%.4f** | %s |

                ## Progress (from readiness)

                stored: the ingest group's committed offsets (a poll is committed once its events are stored and their
                contributions sent; dead letters included); published: records on
                `privacy.analytics.contributions.v1`; counted: the Streams application's committed offsets on that topic;
                ingest committed: the ingest consumer group's committed offsets on the usage topic.

                | s | stored | published | counted | ingest committed | gateway cores | machine busy |
                | --- | --- | --- | --- | --- | --- | --- |
                %s

                ## Check

                %,d `usage_event` rows (%,d distinct event ids), %d unpublished outbox rows, %,d contributions on the topic;
                the topology's totals for the definition: %d cells, %,d people over all cells, %s the distinct people per
                cell in the gateway's database.

                ## What differs between the two sides

                %s
                """,
                date, commit,
                SHORTENED ? String.format(Locale.ROOT, "\n**Smoke-size run** (%,d events, not the 1,000,000 of a full run):"
                        + " the figures show that the benchmark works and how fast the gateway goes at this size.", EVENTS) : "",
                machine.get("cores"), machine.get("cpu"), machine.get("memoryMiB"), machine.get("os"), machine.get("jvm"),
                f.loadAtStart(), f.loadAtEnd(), f.postgresVersion(), f.durability(), System.getProperty("privacyops.service.jvm-args"),
                EVENTS, f.feed().averageValueBytes(), f.feed().averageHeaderBytes(), SUBJECTS, EVENTS / SUBJECTS,
                EventCatalogue.USAGE_EVENTS.partitions(), f.feed().seconds(), f.feed().eventsPerSecond(),
                PURPOSE, RECIPIENT, f.grants().grantsPerSecond(), GRANT_CLIENTS, f.grants().projectionWaitSeconds(), DIMENSIONS, WINDOW,
                b1.name(), b1.events(), b1.seconds(), b1.eventsPerSecond(), cpuCell(b1.machine()),
                b2.name(), b2.events(), b2.seconds(), b2.eventsPerSecond(), cpuCell(b2.machine()),
                EVENTS - p.storedAtReady(), p.storedSeconds(), p.storedPerSecond(),
                EVENTS - p.countedAtReady(), p.countedSeconds(), p.countedPerSecond(), cpuCell(c.machine()),
                p.readyAfterMillis(), p.storedAtReady(), p.countedAtReady(), c.wallSeconds(), c.gateway(), c.postgres(),
                c.kafka(), c.otherServices(), c.benchmark(), 1000 * c.gateway() / (EVENTS - p.countedAtReady()),
                1000 * c.postgres() / (EVENTS - p.countedAtReady()), (double) d.commits() / EVENTS,
                (double) d.inserted() / EVENTS, (double) d.updated() / EVENTS, (double) d.fetched() / EVENTS, p.gatewayRssMiB(),
                TARGET_RATIO, p.countedPerSecond(), f.baselinePerSecond(), f.ratio(), f.ratioMet() ? "yes" : "**no**",
                timelineRows(p.timeline()),
                v.storedRows(), v.distinctEventIds(), v.unpublished(), v.contributions(), v.cells(), v.cellTotalsSum(),
                v.cellsMatchDatabase() ? "equal to" : "**not equal to**",
                String.join("\n", notes(f.durability()).stream().map(n -> "- " + n).toList()));
        Files.writeString(dir.resolve("analytics-throughput.md"), md);
        System.out.println(md);
        System.out.println(jsonText);
    }

    /** At most about 30 rows: every n-th sample, and the last. */
    private static String timelineRows(List<Sample> timeline) {
        int step = Math.max(1, (timeline.size() + 29) / 30);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            if (i % step != 0 && i != timeline.size() - 1) {
                continue;
            }
            Sample s = timeline.get(i);
            rows.add(String.format(Locale.ROOT, "| %.0f | %,d | %,d | %,d | %,d | %.2f | %.0f%% |", s.seconds(), s.stored(),
                    s.published(), s.counted(), s.ingestCommitted(), s.gatewayCpuShare(), 100 * s.machineBusy()));
        }
        return String.join("\n", rows);
    }

    private static String cpuCell(MachineCpu.Share s) {
        return String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100 * s.busy(), 100 * s.steal());
    }

    /** What the ratio compares, honestly. */
    private static List<String> notes(String durability) {
        return List.of(
                "The baseline only fetches and deserialises the records. The gateway, a poll (up to 1,000 records) at a"
                        + " time: checks each CloudEvent and its JSON Schema and field rules, takes the poll's erasure locks"
                        + " and reads its people's consents and erasure blocks in one statement each, pseudonymises three ids"
                        + " per event (HMAC), generalises the attributes, inserts the poll's usage_event rows in one insert"
                        + " statement (unnest over column arrays) and commits, then sends the contributions (acks=all) and"
                        + " waits for them before committing the poll's offsets; Kafka Streams (exactly-once) updates each person's kept cells in RocksDB, repartitions"
                        + " the +1 by cell, sums it and writes the total.",
                durability.contains("fsync off") || durability.contains("synchronous_commit off")
                        ? "PostgreSQL reported " + durability + ": the local stack asks its embedded (zonky) server for"
                        + " durability, but zonky's defaults (-F, synchronous_commit=off) win, so a commit waits for no disk"
                        + " flush and the gateway's figures are better than against a durable database."
                        : "PostgreSQL reported " + durability + ": every commit of the gateway waits for its disk flush.",
                "Both sides read the same records from the same broker in the same run; the baseline runs while the gateway"
                        + " is stopped (before) and idle (after). The other three services run idle throughout.",
                "The gateway's rates start at its readiness probe: its JVM start is not counted, and events it had already"
                        + " taken by then are left out of its rates (they are in the results).",
                "Done (a): the ingest group committed every offset and `select count(*) from usage_event` equals the"
                        + " events sent. Done (b): no unpublished outbox row,"
                        + " every contribution on the topic, and no record after the Streams application's committed offsets"
                        + " on the contributions topic or its repartition topic (read-committed).",
                "The benchmark polls every 0.5 s (admin calls; counts only near the end): its own"
                        + " CPU is in the figures. PostgreSQL's CPU is its server and live backends; a short-lived backend's"
                        + " is missed. The machine is shared: see the load averages and the busy/steal shares.");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static HttpRequest request(String url, String bearer, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String expectStatus(HttpClient http, HttpRequest request, int status, String what) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    private static Connection superuser(LocalStack stack, String database) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(database), "postgres", "postgres");
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
