package jp.onplanetz.privacy.benchmarks.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.benchmarks.analytics.AnalyticsReport.Figures;
import jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.Grants;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineCheck.Verification;
import jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.Pipeline;
import jp.onplanetz.privacy.benchmarks.analytics.PlainConsumerBaseline.BaselineRun;
import jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.Feed;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.benchmarks.support.ServiceJvm;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.addRecipient;
import static jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.defineRelease;
import static jp.onplanetz.privacy.benchmarks.analytics.ConsentedSubjects.grant;
import static jp.onplanetz.privacy.benchmarks.analytics.PipelineCheck.verify;
import static jp.onplanetz.privacy.benchmarks.analytics.PipelineRun.pipeline;
import static jp.onplanetz.privacy.benchmarks.analytics.PlainConsumerBaseline.baseline;
import static jp.onplanetz.privacy.benchmarks.analytics.UsageFeed.feed;
import static jp.onplanetz.privacy.benchmarks.results.MachineFacts.loadAverage;

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

    static final long EVENTS = Long.getLong("bench.events", 1_000_000L);
    static final int SUBJECTS = Integer.getInteger("bench.subjects", 10_000);
    static final int GRANT_CLIENTS = Integer.getInteger("bench.grant-clients", 16);
    static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 240));
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(Long.getLong("bench.sample-seconds", 10));
    static final boolean SHORTENED = EVENTS < 1_000_000L;

    static final double TARGET_RATIO = 0.4;
    static final String PURPOSE = "anonymised-statistics";
    static final String RECIPIENT = "bench-research";
    static final List<String> DIMENSIONS = List.of("gender", "ageBand");
    static final String WINDOW = "P1D";
    static final String STREAMS_APP = "analytics-gateway.statistics";
    static final String INGEST_GROUP = "analytics-gateway.usage-ingest";
    static final String ANALYTICS_DB = ServiceDatabases.ANALYTICS.database();
    static final Duration POLL = Duration.ofMillis(500);
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

            try (PipelineProbe probe = PipelineProbe.open(stack)) {
                // Stopped, so that the events are all on the topic before its ingest starts (see the class comment).
                stack.service(Services.ANALYTICS).close();
                Feed feed = feed(stack.kafka().bootstrapServers(), subjects);
                BaselineRun before = baseline("before the gateway", stack.kafka().bootstrapServers());
                Pipeline pipeline = pipeline(stack, probe);
                BaselineRun after = baseline("after the gateway", stack.kafka().bootstrapServers());
                Verification verification = verify(stack, probe, definitionId);
                ResultsFiles.write(repo.resolve("benchmarks/results"), AnalyticsReport.of(new Figures(loadAtStart, loadAverage(), probe.serverVersion(),
                        probe.durability(), definitionId, grants, feed, List.of(before, after), pipeline, verification)));
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
