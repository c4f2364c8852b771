package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.benchmarks.analytics.AnalyticsReport.Figures;
import jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.Grants;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineCheck.Verification;
import jp.onplanetz.privacy.benchmarks.analytics.EssentialConsumer.EssentialRun;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Phase;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Pipeline;
import jp.onplanetz.privacy.benchmarks.analytics.PlainConsumer.PlainRun;
import jp.onplanetz.privacy.benchmarks.analytics.StackCpu.Parts;
import jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.Feed;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.benchmarks.support.ServiceJvm;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.addRecipient;
import static jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.defineRelease;
import static jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.grant;
import static jp.onplanetz.privacy.benchmarks.analytics.PipelineCheck.verify;
import static jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.feed;
import static jp.onplanetz.privacy.benchmarks.results.MachineFacts.loadAverage;

/**
 * Usage events per second through analytics-gateway's Kafka door (reading, consent check, pseudonymisation and
 * generalisation, storage, counting, the outbox relay and the sums of Kafka Streams), against an essential consumer
 * that does only the work no design of the door can avoid, on the same events, the same broker and the same
 * PostgreSQL server, in the same run.
 *
 * <p>The essential consumer ({@link EssentialConsumer}): a plain {@code KafkaConsumer} in this JVM reads the usage
 * topic, parses each value with one Jackson streaming pass, pseudonymises the identifiers and generalises the
 * attributes with the gateway's own classes, and binary-COPYs every {@value EssentialConsumer#BATCH_ROWS} rows into
 * {@code usage_event} of a scratch database ({@value EssentialConsumer#DATABASE}, migrated by Flyway from the
 * gateway's migrations, so its table has the gateway's constraints and indexes), with its consumed offsets in the
 * same transaction. A plain consumer that
 * only fetches and deserialises stays as context.
 *
 * <p>The run, on the local stack (its "durable" PostgreSQL, whose actual durability settings the results report as
 * the server gives them; the services from their packaged jars):
 * <ol>
 * <li>A privacy officer adds a recipient for {@code anonymised-statistics} to the policy and publishes it; every
 * subject of the run grants that purpose to it through consent-service's API with its own token, and the benchmark
 * waits until the gateway's consent projection holds every grant. A privacy officer defines one release definition
 * on the gateway (dimensions gender and age band, {@code distinct-people}, window P1D, epsilon 1), so that the
 * counting has work to do for every event.</li>
 * <li>Cold: the gateway is stopped and the first batch of {@code bench.events} raw {@code usage.event-recorded.v1}
 * events (CloudEvents in binary mode, keyed by the subject, as a service's relay sends them) is written to
 * {@code privacy.usage.events.v1}. The plain consumer reads it; the essential consumer starts and processes it
 * (timed from its start, its scratch database's migration left out); then the gateway starts (same jar and
 * settings; its ingest group has no offsets yet) and is timed from its readiness probe.</li>
 * <li>Warm: the gateway's process is suspended (SIGSTOP) while a second batch (new event ids, the same subjects) is
 * written, and resumed; it is timed from the resumption. Then the plain consumer reads the batch and the essential
 * consumer, still running, processes it.</li>
 * <li>The gateway's phases end at (a) stored: {@code select count(*) from usage_event} equals the events of the
 * batches so far and its ingest group {@value #INGEST_GROUP} has committed offsets up to the batch's end; and at (b)
 * counted: no unpublished {@code outbox_event} row, the Streams application {@value #STREAMS_APP} with no record
 * left after its committed offsets on any topic it reads (read-committed), and the definition's totals on
 * {@code privacy.analytics.cell-totals.v1} (latest value per key) equal to the distinct people per cell in the
 * gateway's database. Rates are the batch's events (for the cold phase, less those stored by readiness) over the
 * time to (a) or to (b).</li>
 * <li>A check of the result: every event stored once on both sides, nothing left in the outbox, the totals equal to
 * the database's.</li>
 * </ol>
 * The target: the gateway's warm (b) events/s at least {@value #TARGET_RATIO} of the essential consumer's warm
 * events/s. Both phases are reported, with the CPU seconds per event of each process (gateway, PostgreSQL, Kafka
 * broker, the three other services, this JVM with the essential consumer) in each phase of each side.
 *
 * <p>Settings (system properties): {@code bench.events} (1000000 per batch), {@code bench.subjects} (10000; the
 * events are spread evenly over them), {@code bench.grant-clients} (16, concurrent consent grants),
 * {@code bench.timeout-minutes} (240, for each side to finish a batch), {@code bench.sample-seconds} (10, the
 * progress timeline's step). Fewer than 1,000,000 events make a shortened run, which the results say.
 *
 * <p>Not a test: it writes {@code benchmarks/results/analytics-throughput.{json,md}}; it fails without writing
 * them when any event is lost, stored twice or miscounted.
 */
public final class AnalyticsThroughputBenchmark {

    static final long EVENTS = Long.getLong("bench.events", 1_000_000L);
    static final int SUBJECTS = Integer.getInteger("bench.subjects", 10_000);
    static final int GRANT_CLIENTS = Integer.getInteger("bench.grant-clients", 16);
    static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 240));
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(Long.getLong("bench.sample-seconds", 10));
    static final boolean SHORTENED = EVENTS < 1_000_000L;

    static final double TARGET_RATIO = 0.6;
    static final String PURPOSE = "anonymised-statistics";
    static final String RECIPIENT = "bench-research";
    static final List<String> DIMENSIONS = List.of("gender", "ageBand");
    static final String WINDOW = "P1D";
    static final String STREAMS_APP = "analytics-gateway.statistics";
    static final String INGEST_GROUP = "analytics-gateway.usage-ingest";
    static final String ANALYTICS_DB = ServiceDatabases.ANALYTICS.database();
    static final Duration POLL = Duration.ofMillis(500);
    /** Below the Kafka clients' default session timeout, which a suspended gateway's consumers cannot heartbeat in. */
    static final Duration SUSPEND_WARNING = Duration.ofSeconds(30);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(4);
    /** Reads the services' answers. */
    static final ObjectMapper JSON = new ObjectMapper();

    private AnalyticsThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (EVENTS < SUBJECTS || SUBJECTS < 1) {
            throw new IllegalArgumentException("bench.events (" + EVENTS + ") must be at least bench.subjects (" + SUBJECTS + ") > 0");
        }
        ServiceJvm.useMeasuredHeapUnlessGiven();
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
            List<UsageSubject> subjects = UsageSubject.many(SUBJECTS);
            Grants grants = grant(stack, subjects);

            String bootstrap = stack.kafka().bootstrapServers();
            Parts parts = Parts.find(stack);
            try (PipelineProbe probe = PipelineProbe.open(stack)) {
                // Cold: the batch waits on the topic for each side's first start.
                stack.service(Services.ANALYTICS).close();
                Feed coldFeed = feed("cold", bootstrap, subjects);
                PlainRun plainCold = PlainConsumer.read("cold", coldFeed.batch(), bootstrap);
                try (EssentialConsumer essential = EssentialConsumer.open(stack, repo)) {
                    EssentialRun essentialCold = essential.run("cold", coldFeed.batch(), parts, null);
                    ServiceProcess gateway = PipelineRun.start(stack);
                    long ready = System.nanoTime();
                    long storedAtReady = probe.stored();
                    System.out.printf(Locale.ROOT, "analytics-gateway ready after %d ms; %,d events stored by then%n",
                            gateway.readyAfterMillis(), storedAtReady);
                    Phase gatewayCold = PipelineRun.watch("cold", stack, parts, gateway, probe, coldFeed.batch(), EVENTS,
                            definitionId, ready, EVENTS - storedAtReady);

                    // Warm: the next batch waits for a gateway that has run (suspended while it is written) and for
                    // the essential consumer that processed the first one.
                    long suspended = System.nanoTime();
                    PipelineRun.suspend(gateway);
                    Feed warmFeed;
                    try {
                        warmFeed = feed("warm", bootstrap, subjects);
                    } finally {
                        PipelineRun.resume(gateway);
                    }
                    long resumed = System.nanoTime();
                    double suspendedSeconds = (resumed - suspended) / 1e9;
                    if (suspendedSeconds > SUSPEND_WARNING.toSeconds()) {
                        System.out.printf(Locale.ROOT, "warning: the gateway was suspended %.1f s: its consumers may rejoin"
                                + " their groups inside its warm time%n", suspendedSeconds);
                    }
                    Phase gatewayWarm = PipelineRun.watch("warm", stack, parts, gateway, probe, warmFeed.batch(), 2 * EVENTS,
                            definitionId, resumed, EVENTS);
                    PlainRun plainWarm = PlainConsumer.read("warm", warmFeed.batch(), bootstrap);
                    EssentialRun essentialWarm = essential.run("warm", warmFeed.batch(), parts, gateway);

                    Verification verification = verify(stack, probe, essential, definitionId, 2 * EVENTS);
                    ResultsFiles.write(repo.resolve("benchmarks/results"), AnalyticsReport.of(new Figures(loadAtStart,
                            loadAverage(), probe.serverVersion(), probe.durability(), definitionId, grants,
                            List.of(coldFeed, warmFeed), List.of(plainCold, plainWarm), List.of(essentialCold, essentialWarm),
                            new Pipeline(gateway.readyAfterMillis(), storedAtReady, gatewayCold, suspendedSeconds,
                                    gatewayWarm, gateway.residentMiB()), verification)));
                }
            }
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
