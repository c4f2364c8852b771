package jp.onplanetz.privacy.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport;
import jp.onplanetz.privacy.benchmarks.results.MachineFacts;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.localstack.SuiteClient;
import jp.onplanetz.privacy.testinfra.PostgresServer;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Fault injection on the local stack (the four packaged services, PostgreSQL with fsync on, the broker): recorded uses
 * (consent-service's {@code POST /api/v1/decisions/use}, provisions to the policy's third party, which
 * disclosure-log-service records in its ledger) sent by a few concurrent clients at a steady rate while, once a third
 * of them is sent, one fault strikes:
 * <ol>
 * <li>PostgreSQL is stopped ({@code pg_ctl stop}, fast shutdown by default) and, some seconds later, started again on
 * the same data directory and port;</li>
 * <li>consent-service is killed with SIGKILL and started again at once, as an orchestrator restarts a container;</li>
 * <li>the same for disclosure-log-service.</li>
 * </ol>
 * A client retries a failed call as a real caller would: the same request again after a back-off (250 ms, doubling,
 * at most 2 s), until it is answered. The API has no idempotency key, so a retry after an answer lost on the way
 * (the connection broken or timed out after the use was recorded) records a second use: such uses are reported, each
 * matched to the failed call that explains it.
 *
 * <p>Then, for each phase: every use answered PERMIT must have exactly one {@code data-use.recorded.v1} on its topic
 * (read from the beginning) and exactly one record of provision in the ledger; nothing may be recorded for a use not
 * answered PERMIT unless a failed call explains it; every service's readiness must be UP again on its own within the
 * bound; the ledger must verify. Not a test: it writes {@code benchmarks/results/fault-injection.{json,md}} and exits
 * 1 when a guarantee fails.
 */
public final class FaultInjection {

    private static final int USES = Integer.getInteger("faults.uses", 1000);
    private static final int CLIENTS = Integer.getInteger("faults.clients", 4);
    /** Uses offered per second, all clients together: the load spans the fault instead of ending before it. */
    private static final int RATE = Integer.getInteger("faults.rate", 25);
    private static final int SUBJECTS = Integer.getInteger("faults.subjects", 50);
    private static final Duration POSTGRES_DOWN = Duration.ofSeconds(Integer.getInteger("faults.postgres-down-seconds", 10));
    private static final PostgresServer.StopMode POSTGRES_STOP = PostgresServer.StopMode.valueOf(
            System.getProperty("faults.postgres-stop", "FAST"));
    /** How long a service may take after the fault has ended to be ready again on its own. */
    private static final Duration READY_BOUND = Duration.ofSeconds(Integer.getInteger("faults.ready-bound-seconds", 180));
    /** How long the ledger may take after the last answer to hold a record of every permitted use. */
    private static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("faults.settle-seconds", 240));
    /** A caller gives a use up after this long; a use given up is a failure of the run. */
    private static final Duration GIVE_UP = Duration.ofSeconds(300);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final String OIDC_TIMEOUT = "60S";
    /** The phases to run, by name (default all, in order); a subset writes {@code <RESULTS>.{md,json}} all the same. */
    private static final List<Fault> PHASES = java.util.Arrays.stream(System.getProperty("faults.phases",
            "POSTGRES_RESTART,KILL_CONSENT,KILL_DISCLOSURE_LOG").split(",")).map(String::trim).map(Fault::valueOf).toList();
    private static final String RESULTS = System.getProperty("faults.results", "fault-injection");
    private static final String PURPOSE = SuiteClient.STATISTICS_PURPOSE;
    private static final String RECIPIENT = SuiteClient.RECIPIENT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultInjection() {
    }

    enum Fault {
        POSTGRES_RESTART("PostgreSQL stopped and started again"),
        KILL_CONSENT("consent-service killed (SIGKILL) and started again"),
        KILL_DISCLOSURE_LOG("disclosure-log-service killed (SIGKILL) and started again");

        final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = LocalStack.repositoryRoot();
        String loadAtStart = MachineFacts.loadAverage();
        List<PhaseResult> phases = new ArrayList<>();
        Map<String, String> postgres = new LinkedHashMap<>();
        boolean allHeld = true;
        LocalStack.Options options = new LocalStack.Options(repo.resolve(".local/fault-stack"), false, true);
        for (String service : LocalStack.SERVICE_PORTS.keySet()) {
            // On a saturated shared machine a start can take longer than the default 10 s to reach the token issuer,
            // and the service then exits: the same for the first start and every restart.
            options = options.withServiceSetting(service, "quarkus.oidc.connection-timeout", OIDC_TIMEOUT)
                    .withServiceSetting(service, "quarkus.oidc-client.connection-timeout", OIDC_TIMEOUT);
        }
        try (LocalStack stack = LocalStack.start(options)) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                postgres.put(setting, stack.postgres().setting(setting));
            }
            SuiteClient suite = new SuiteClient(stack);
            suite.publishStatisticsRecipient();
            for (Fault fault : PHASES) {
                Phase phase = new Phase(stack, suite, fault);
                PhaseResult result = phase.run();
                phases.add(result);
                allHeld &= result.guaranteesHeld();
                System.out.println(fault + ": " + result.figures());
            }
        }
        ResultsFiles.write(repo.resolve("benchmarks/results"), report(loadAtStart, postgres, phases, allHeld));
        System.exit(allHeld ? 0 : 1);
    }

    /** One call of one use: when it went out, when it ended, and how. */
    record Attempt(Instant sentAt, Instant endedAt, String outcome, boolean ambiguous) {
    }

    /** One use a client means to record, with every call it took. */
    static final class Use {
        final int index;
        final String subject;
        final List<Attempt> attempts = new ArrayList<>();
        volatile String useId;
        volatile String finalOutcome;
        volatile long answeredNanos;
        volatile long sentNanos;

        Use(int index, String subject) {
            this.index = index;
            this.subject = subject;
        }
    }

    /** A service's readiness over the phase: each change of UP/DOWN with its time. */
    record Transition(long atNanos, boolean up) {
    }

    /** Of the permitted uses: how many have their event (or record), how many more than one, and which have none. */
    private record Tally(int found, int duplicated, List<String> missing) {

        static Tally of(Set<String> permitted, java.util.function.ToIntFunction<String> copiesOf) {
            int found = 0;
            int duplicated = 0;
            List<String> missing = new ArrayList<>();
            for (String useId : permitted) {
                int copies = copiesOf.applyAsInt(useId);
                if (copies == 0) {
                    missing.add(useId);
                } else {
                    found++;
                }
                if (copies > 1) {
                    duplicated++;
                }
            }
            return new Tally(found, duplicated, missing);
        }
    }

    /** A service's readiness over a phase: whether it went down after the fault, and when it was UP again. */
    record Readiness(boolean upAtEnd, boolean wentDown, Long readyAfterFaultMillis, Long readyAfterFaultEndedMillis) {
    }

    /** What a phase counted; null where it did not happen (no PERMIT after the fault). */
    record PhaseFigures(int usesSent, int answeredPermit, int denied, int notAnswered, int calls, int retries,
            Map<String, Integer> errorsByKind, int eventsFound, int recordsFound, int duplicateEvents, int duplicateRecords,
            int redeliveredEventCopies, int missingEvents, int missingRecords, int recordedButNotAnsweredPermit,
            int explainedByALostAnswer, int deadLettered, Long faultToFirstSuccessMillis, Long faultEndedToFirstSuccessMillis,
            long faultDurationMillis, Map<String, Readiness> readiness, long loadMillis,
            long ledgerCompleteAfterLastAnswerMillis, boolean ledgerIntact, long ledgerEntriesVerified) {
    }

    /** A phase: its fault, its figures, each guarantee and whether it held, and the first few uses that broke one. */
    record PhaseResult(String fault, String description, Instant faultInjectedAt, String faultDetail, PhaseFigures figures,
            Map<String, Boolean> guarantees, boolean guaranteesHeld, List<Map<String, Object>> recordedButNotAnsweredPermit,
            List<String> notAnswered, List<String> missingEvents, List<String> missingRecords,
            List<Map<String, Object>> deadLetters) {
    }

    private static final class Phase {
        private final LocalStack stack;
        private final SuiteClient suite;
        private final Fault fault;
        private final String serviceToken;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final List<String> subjects = new ArrayList<>();
        private final List<Use> uses = new ArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private final Map<String, List<Transition>> readiness = new ConcurrentHashMap<>();
        private volatile long faultAtNanos;
        private volatile long faultEndedAtNanos;
        private volatile Instant faultAt;
        private volatile String faultDetail = "";
        private volatile Throwable faultError;

        Phase(LocalStack stack, SuiteClient suite, Fault fault) {
            this.stack = stack;
            this.suite = suite;
            this.fault = fault;
            this.serviceToken = stack.serviceAccountToken(LocalIdentities.ANALYTICS_GATEWAY, Duration.ofHours(3));
        }

        PhaseResult run() throws Exception {
            String consent = stack.service(Services.CONSENT).baseUrl();
            for (int i = 0; i < SUBJECTS; i++) {
                String subject = UUID.randomUUID().toString();
                suite.send("POST", consent + "/api/v1/subjects/" + subject + "/consents", suite.subjectToken(subject),
                        "{\"purpose\":\"" + PURPOSE + "\",\"recipient\":\"" + RECIPIENT + "\",\"method\":\"web-form\"}")
                        .expect(201);
                subjects.add(subject);
            }
            for (int i = 0; i < USES; i++) {
                uses.add(new Use(i, subjects.get(i % SUBJECTS)));
            }
            Map<String, String> readyUrls = new LinkedHashMap<>();
            stack.services().forEach(s -> readyUrls.put(s.name(), s.baseUrl() + "/q/health/ready"));
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> watchReadiness(readyUrls, watching), "readiness-" + fault);
            watcher.start();

            System.out.printf("%s: %d uses at %d/s from %d clients%n", fault, USES, RATE, CLIENTS);
            long start = System.nanoTime();
            Thread injector = new Thread(this::inject, "fault-" + fault);
            injector.start();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> drive(consent, start)));
            }
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
            injector.join();
            long lastAnswer = System.nanoTime();
            long loadMillis = (lastAnswer - start) / 1_000_000;
            System.out.printf("%s: load done in %d ms (%s); waiting for the ledger%n", fault, loadMillis, faultDetail);

            Set<String> permitted = new HashSet<>();
            uses.stream().filter(u -> u.useId != null).forEach(u -> permitted.add(u.useId));
            long ledgerCompleteMillis = awaitLedger(permitted, lastAnswer);
            awaitAllReady(readyUrls);
            watching.set(false);
            watcher.join();
            return check(permitted, loadMillis, ledgerCompleteMillis, readyUrls.keySet());
        }

        /** A client: takes the next use, sends it at its turn (the rate), retries it until answered. */
        private void drive(String consent, long start) {
            long interval = 1_000_000_000L / RATE;
            int i;
            while ((i = next.getAndIncrement()) < USES) {
                Use use = uses.get(i);
                sleepUntil(start + i * interval);
                use.sentNanos = System.nanoTime();
                record(consent, use);
            }
        }

        private void record(String consent, Use use) {
            String body = "{\"subjectId\":\"" + use.subject + "\",\"purpose\":\"" + PURPOSE
                    + "\",\"categories\":[\"profile.birth-year\"],\"recipient\":\"" + RECIPIENT + "\"}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(consent + "/api/v1/decisions/use")).timeout(CALL_TIMEOUT)
                    .header("Authorization", "Bearer " + serviceToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
            long backoff = 250;
            while (true) {
                Instant sent = Instant.now();
                String outcome;
                boolean ambiguous;
                boolean retry;
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201) {
                        synchronized (use) {
                            use.attempts.add(new Attempt(sent, Instant.now(), "PERMIT", false));
                        }
                        use.useId = JSON.readTree(r.body()).path("useId").asText();
                        use.answeredNanos = System.nanoTime();
                        use.finalOutcome = "PERMIT";
                        return;
                    }
                    outcome = "HTTP " + r.statusCode() + problemType(r.body());
                    // A 5xx or 429 may be retried; any other answer is final (a DENY is 403 and recorded nothing).
                    retry = r.statusCode() >= 500 || r.statusCode() == 429;
                    ambiguous = r.statusCode() >= 500;
                } catch (HttpTimeoutException e) {
                    outcome = "timeout after " + CALL_TIMEOUT.toSeconds() + " s";
                    ambiguous = true;
                    retry = true;
                } catch (ConnectException e) {
                    outcome = "connection refused";
                    ambiguous = false; // never reached the service
                    retry = true;
                } catch (IOException e) {
                    outcome = "connection broken (" + e.getClass().getSimpleName() + ")";
                    ambiguous = true;
                    retry = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    use.finalOutcome = "interrupted";
                    return;
                }
                synchronized (use) {
                    use.attempts.add(new Attempt(sent, Instant.now(), outcome, ambiguous));
                }
                if (!retry) {
                    use.finalOutcome = outcome;
                    return;
                }
                if (System.nanoTime() > giveUpAt) {
                    use.finalOutcome = "given up: " + outcome;
                    return;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }

        /** Waits until a third of the uses is sent, then strikes. */
        private void inject() {
            try {
                while (next.get() < USES / 3) {
                    sleep(10);
                }
                faultAt = Instant.now();
                faultAtNanos = System.nanoTime();
                switch (fault) {
                    case POSTGRES_RESTART -> {
                        stack.postgres().stop(POSTGRES_STOP);
                        long stopped = System.nanoTime();
                        sleep(POSTGRES_DOWN.toMillis());
                        long restartAt = System.nanoTime();
                        stack.postgres().startAgain();
                        faultEndedAtNanos = System.nanoTime();
                        faultDetail = "pg_ctl stop -m " + POSTGRES_STOP.name().toLowerCase() + " took "
                                + (stopped - faultAtNanos) / 1_000_000 + " ms; down " + POSTGRES_DOWN.toSeconds()
                                + " s; pg_ctl start took " + (faultEndedAtNanos - restartAt) / 1_000_000 + " ms";
                    }
                    case KILL_CONSENT, KILL_DISCLOSURE_LOG -> {
                        String service = fault == Fault.KILL_CONSENT ? Services.CONSENT : Services.DISCLOSURE_LOG;
                        ServiceProcess victim = stack.service(service);
                        victim.kill();
                        ServiceProcess again = stack.restart(service);
                        faultEndedAtNanos = System.nanoTime();
                        int relaunches = superviseStart(service, again);
                        faultDetail = service + " relaunched " + (faultEndedAtNanos - faultAtNanos) / 1_000_000
                                + " ms after SIGKILL, same configuration and port" + (relaunches == 0 ? ""
                                : "; it exited while starting and was relaunched " + relaunches + " more time(s)");
                    }
                    default -> throw new IllegalStateException(fault.name());
                }
            } catch (Throwable t) {
                faultError = t;
                faultEndedAtNanos = System.nanoTime();
            }
        }

        /**
         * As an orchestrator's restart policy: a relaunched instance that exits before it is ready (e.g. the token
         * issuer's discovery timing out on a saturated machine) is launched again, at most five times.
         * @return how many further launches it took
         */
        private int superviseStart(String service, ServiceProcess launched) {
            HttpClient probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            ServiceProcess current = launched;
            int relaunches = 0;
            long deadline = System.nanoTime() + READY_BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                if (isUp(probeClient, current.baseUrl() + "/q/health/ready")) {
                    return relaunches;
                }
                if (!current.isAlive() && relaunches < 5) {
                    relaunches++;
                    current = stack.restart(service);
                }
                sleep(200);
            }
            return relaunches;
        }

        private void watchReadiness(Map<String, String> urls, AtomicBoolean watching) {
            HttpClient probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            Map<String, Boolean> last = new HashMap<>();
            while (watching.get()) {
                for (Map.Entry<String, String> e : urls.entrySet()) {
                    boolean up = isUp(probeClient, e.getValue());
                    if (!Boolean.valueOf(up).equals(last.get(e.getKey()))) {
                        last.put(e.getKey(), up);
                        readiness.computeIfAbsent(e.getKey(), k -> new CopyOnWriteArrayList<>())
                                .add(new Transition(System.nanoTime(), up));
                    }
                }
                sleep(200);
            }
        }

        private void awaitAllReady(Map<String, String> urls) {
            HttpClient probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = faultEndedAtNanos + READY_BOUND.toNanos();
            for (String url : urls.values()) {
                while (!isUp(probeClient, url) && System.nanoTime() < deadline) {
                    sleep(200);
                }
            }
            sleep(500); // the watcher's last round sees the final state
        }

        private static boolean isUp(HttpClient client, String url) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Waits until the ledger holds a record of every permitted use; ms after the last answer, -1 if never. */
        private long awaitLedger(Set<String> permitted, long lastAnswer) throws Exception {
            long deadline = lastAnswer + SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (ledgerRecords().keySet().containsAll(permitted)) {
                        return (System.nanoTime() - lastAnswer) / 1_000_000;
                    }
                } catch (java.sql.SQLException e) {
                    // the database may still be coming back
                }
                sleep(500);
            }
            return -1;
        }

        /** The ledger's records of provision for this phase's subjects: record ids by use id. */
        private Map<String, List<String>> ledgerRecords() throws java.sql.SQLException {
            ServiceDatabases.ServiceDatabase db = ServiceDatabases.ALL.stream()
                    .filter(d -> d.service().equals(Services.DISCLOSURE_LOG)).findFirst().orElseThrow();
            Map<String, List<String>> byUse = new HashMap<>();
            try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(db.database()), db.role(), db.password());
                 PreparedStatement ps = c.prepareStatement("""
                         select p.record_id, (p.payload::jsonb)->'source'->>'useId' from ledger_payload p
                         where p.kind = 'provision' and p.subject_id = any(?)""")) {
                ps.setArray(1, c.createArrayOf("varchar", subjects.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byUse.computeIfAbsent(String.valueOf(rs.getString(2)), k -> new ArrayList<>()).add(rs.getString(1));
                    }
                }
            }
            return byUse;
        }

        private PhaseResult check(Set<String> permitted, long loadMillis, long ledgerCompleteMillis,
                Set<String> services) throws Exception {
            Set<String> phaseSubjects = new HashSet<>(subjects);
            // the topic, read from the beginning: each use's events (by CloudEvent id) and how often each was seen
            Map<String, Map<String, Integer>> eventsByUse = new HashMap<>();
            Map<String, JsonNode> payloadByUse = new HashMap<>();
            for (ConsumerRecord<String, String> r : readWholeTopic(EventCatalogue.DATA_USE_TOPIC)) {
                JsonNode p = JSON.readTree(r.value());
                if (!phaseSubjects.contains(p.path("subjectId").asText())) {
                    continue;
                }
                String useId = p.path("useId").asText();
                eventsByUse.computeIfAbsent(useId, k -> new HashMap<>()).merge(header(r, CloudEventHeaders.ID), 1, Integer::sum);
                payloadByUse.put(useId, p);
            }
            List<Map<String, Object>> deadLetters = new ArrayList<>();
            for (ConsumerRecord<String, String> r : readWholeTopic(EventCatalogue.DEAD_LETTERS.name())) {
                if (r.key() != null && phaseSubjects.contains(r.key())) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("ceId", header(r, CloudEventHeaders.ID));
                    d.put("reason", header(r, "dead-letter-reason"));
                    deadLetters.add(d);
                }
            }
            Map<String, List<String>> records = ledgerRecords();

            Tally events = Tally.of(permitted, useId -> eventsByUse.getOrDefault(useId, Map.of()).size());
            Tally ledger = Tally.of(permitted, useId -> records.getOrDefault(useId, List.of()).size());
            int redeliveredCopies = 0;
            for (String useId : permitted) {
                for (int copies : eventsByUse.getOrDefault(useId, Map.of()).values()) {
                    redeliveredCopies += copies - 1;
                }
            }
            // recorded, never answered PERMIT: each must be explained by a call whose answer was lost
            List<Map<String, Object>> unanswered = new ArrayList<>();
            int explained = 0;
            Set<String> orphans = new HashSet<>(eventsByUse.keySet());
            orphans.addAll(records.keySet());
            orphans.removeAll(permitted);
            for (String useId : orphans) {
                JsonNode p = payloadByUse.get(useId);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("useId", useId);
                o.put("events", eventsByUse.getOrDefault(useId, Map.of()).size());
                o.put("records", records.getOrDefault(useId, List.of()).size());
                Attempt cause = p == null ? null : explainingAttempt(p.path("subjectId").asText(),
                        Instant.parse(p.path("decidedAt").asText()));
                o.put("decidedAt", p == null ? null : p.path("decidedAt").asText());
                o.put("explainedBy", cause == null ? null : cause.outcome() + " (call sent " + cause.sentAt() + ", ended "
                        + cause.endedAt() + ")");
                if (cause != null) {
                    explained++;
                }
                unanswered.add(o);
            }

            Map<String, Integer> errors = new TreeMap<>();
            int attempts = 0;
            int denied = 0;
            List<String> notAnswered = new ArrayList<>();
            long firstSuccessAfterFault = Long.MAX_VALUE;
            for (Use u : uses) {
                synchronized (u) {
                    attempts += u.attempts.size();
                    for (Attempt a : u.attempts) {
                        if (!a.outcome().equals("PERMIT")) {
                            errors.merge(a.outcome(), 1, Integer::sum);
                        }
                    }
                }
                if (!"PERMIT".equals(u.finalOutcome)) {
                    notAnswered.add("use " + u.index + ": " + u.finalOutcome);
                    if (u.finalOutcome != null && u.finalOutcome.startsWith("HTTP 403")) {
                        denied++;
                    }
                } else if (u.sentNanos >= faultAtNanos) {
                    firstSuccessAfterFault = Math.min(firstSuccessAfterFault, u.answeredNanos - faultAtNanos);
                }
            }

            Map<String, Readiness> ready = new LinkedHashMap<>();
            boolean allReady = true;
            for (String service : services) {
                List<Transition> ts = readiness.getOrDefault(service, List.of());
                boolean upAtEnd = !ts.isEmpty() && ts.get(ts.size() - 1).up();
                boolean wentDown = ts.stream().anyMatch(t -> !t.up() && t.atNanos() >= faultAtNanos);
                Long afterFault = null;
                Long afterFaultEnded = null;
                if (wentDown && upAtEnd) {
                    long upAgain = ts.get(ts.size() - 1).atNanos();
                    afterFault = (upAgain - faultAtNanos) / 1_000_000;
                    afterFaultEnded = Math.max(0, (upAgain - faultEndedAtNanos) / 1_000_000);
                    allReady &= upAgain - faultEndedAtNanos <= READY_BOUND.toNanos();
                }
                allReady &= upAtEnd;
                ready.put(service, new Readiness(upAtEnd, wentDown, afterFault, afterFaultEnded));
            }

            JsonNode verification = suite.send("POST", stack.service(Services.DISCLOSURE_LOG).baseUrl()
                    + "/api/v1/ledger/verifications", suite.officerToken(), null).expect(200).json();
            boolean intact = verification.path("intact").asBoolean(false);

            int permittedCount = permitted.size();
            PhaseFigures figures = new PhaseFigures(USES, permittedCount, denied, notAnswered.size(), attempts,
                    attempts - USES, errors, events.found(), ledger.found(), events.duplicated(), ledger.duplicated(),
                    redeliveredCopies, events.missing().size(), ledger.missing().size(), unanswered.size(), explained,
                    deadLetters.size(),
                    firstSuccessAfterFault == Long.MAX_VALUE ? null : firstSuccessAfterFault / 1_000_000,
                    firstSuccessAfterFault == Long.MAX_VALUE ? null
                            : Math.max(0, (faultAtNanos + firstSuccessAfterFault - faultEndedAtNanos) / 1_000_000),
                    (faultEndedAtNanos - faultAtNanos) / 1_000_000, ready, loadMillis, ledgerCompleteMillis, intact,
                    verification.path("entries").asLong());

            Map<String, Boolean> guarantees = new LinkedHashMap<>();
            guarantees.put("fault injected as planned", faultError == null);
            guarantees.put("every use answered (PERMIT)", notAnswered.isEmpty() && permittedCount == USES);
            guarantees.put("every PERMIT has its event", events.missing().isEmpty());
            guarantees.put("every PERMIT has its record", ledger.missing().isEmpty());
            guarantees.put("no use has two events or two records", events.duplicated() == 0 && ledger.duplicated() == 0);
            guarantees.put("nothing recorded without PERMIT unless a lost answer explains it", explained == unanswered.size());
            guarantees.put("every service ready again on its own within " + READY_BOUND.toSeconds() + " s", allReady);
            guarantees.put("the ledger verifies", intact);
            boolean held = guarantees.values().stream().allMatch(Boolean::booleanValue);

            return new PhaseResult(fault.name(), fault.description, faultAt, faultError == null ? faultDetail
                    : "failed: " + faultError, figures, guarantees, held, unanswered, notAnswered.stream().limit(20).toList(),
                    events.missing().stream().limit(20).toList(), ledger.missing().stream().limit(20).toList(),
                    deadLetters.stream().limit(20).toList());
        }

        /** The failed call, with its answer lost, during which this use of {@code subject} was decided. */
        private Attempt explainingAttempt(String subject, Instant decidedAt) {
            for (Use u : uses) {
                if (!u.subject.equals(subject)) {
                    continue;
                }
                synchronized (u) {
                    for (Attempt a : u.attempts) {
                        if (a.ambiguous() && !decidedAt.isBefore(a.sentAt().minusMillis(50))
                                && !decidedAt.isAfter(a.endedAt().plusMillis(50))) {
                            return a;
                        }
                    }
                }
            }
            return null;
        }

        private List<ConsumerRecord<String, String>> readWholeTopic(String topic) {
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not read " + topic + " to its end");
                    }
                    c.poll(Duration.ofMillis(500)).forEach(all::add);
                }
            }
            return all;
        }

        private static String header(ConsumerRecord<?, ?> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        private static String problemType(String body) {
            try {
                JsonNode p = JSON.readTree(body);
                String type = p.path("type").asText("");
                return type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf(':') + 1);
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }

    /** How the run was set up, as the JSON states it. */
    record Setup(Map<String, String> postgres, int usesPerPhase, int clients, int offeredUsesPerSecond, int subjectsPerPhase,
            int faultAfterUsesSent, String postgresStop, long postgresDownSeconds, long callTimeoutSeconds, String retry,
            long readyBoundSeconds, String serviceSettings) {
    }

    /** The run as the JSON states it: the set-up, each phase's figures and guarantees, and the verdict. */
    record Results(Setup setup, List<PhaseResult> phases, boolean allGuaranteesHeld) {
    }

    /** A row of the phase table: its label, and the figure it shows of each phase. */
    private record PhaseRow(String label, Function<PhaseFigures, Object> figure) {
    }

    private static final List<PhaseRow> PHASE_ROWS = List.of(
            new PhaseRow("uses sent", PhaseFigures::usesSent), new PhaseRow("answered PERMIT", PhaseFigures::answeredPermit),
            new PhaseRow("not answered", PhaseFigures::notAnswered), new PhaseRow("calls", PhaseFigures::calls),
            new PhaseRow("retries", PhaseFigures::retries), new PhaseRow("events found", PhaseFigures::eventsFound),
            new PhaseRow("records found", PhaseFigures::recordsFound),
            new PhaseRow("duplicate events (must be 0)", PhaseFigures::duplicateEvents),
            new PhaseRow("duplicate records (must be 0)", PhaseFigures::duplicateRecords),
            new PhaseRow("copies of one event on the topic (same CloudEvent id)", PhaseFigures::redeliveredEventCopies),
            new PhaseRow("missing events (must be 0)", PhaseFigures::missingEvents),
            new PhaseRow("missing records (must be 0)", PhaseFigures::missingRecords),
            new PhaseRow("recorded, not answered PERMIT", PhaseFigures::recordedButNotAnsweredPermit),
            new PhaseRow("of which explained by a lost answer", PhaseFigures::explainedByALostAnswer),
            new PhaseRow("dead-lettered events of these subjects", PhaseFigures::deadLettered),
            new PhaseRow("fault lasted (ms)", PhaseFigures::faultDurationMillis),
            new PhaseRow("fault to first PERMIT of a call sent after it (ms)", PhaseFigures::faultToFirstSuccessMillis),
            new PhaseRow("fault ended to that PERMIT (ms)", PhaseFigures::faultEndedToFirstSuccessMillis),
            new PhaseRow("load took (ms)", PhaseFigures::loadMillis),
            new PhaseRow("ledger complete after the last answer (ms)", PhaseFigures::ledgerCompleteAfterLastAnswerMillis),
            new PhaseRow("ledger verifies", PhaseFigures::ledgerIntact),
            new PhaseRow("entries verified", PhaseFigures::ledgerEntriesVerified));

    private static BenchmarkReport report(String loadAtStart, Map<String, String> postgres, List<PhaseResult> phases,
            boolean allHeld) {
        String serviceSettings = "quarkus.oidc.connection-timeout and quarkus.oidc-client.connection-timeout "
                + OIDC_TIMEOUT + " (default 10 s) for every start, the first and the restarts: on a saturated shared"
                + " machine a start could otherwise time out reaching the token issuer and exit";
        Setup setup = new Setup(postgres, USES, CLIENTS, RATE, SUBJECTS, USES / 3, POSTGRES_STOP.name().toLowerCase(),
                POSTGRES_DOWN.toSeconds(), CALL_TIMEOUT.toSeconds(), "same request again after 250 ms, doubling to at most"
                        + " 2 s, on a broken or refused connection, a timeout, 5xx or 429; the API has no idempotency key",
                READY_BOUND.toSeconds(), serviceSettings);
        List<String> setupText = List.of(
                "The local stack (four packaged services, PostgreSQL with fsync " + postgres.get("fsync")
                        + ", synchronous_commit " + postgres.get("synchronous_commit") + " and full_page_writes "
                        + postgres.get("full_page_writes") + ", one Kafka broker). In each phase " + USES + " recorded uses"
                        + " (`POST /api/v1/decisions/use`, a provision of `profile.birth-year` to `" + RECIPIENT + "` on"
                        + " consent, over " + SUBJECTS + " fresh subjects) are sent by " + CLIENTS + " concurrent clients at "
                        + RATE + " uses/s; once " + USES / 3 + " are sent, the fault strikes. A client retries a failed call"
                        + " (broken or refused connection, " + CALL_TIMEOUT.toSeconds() + " s timeout, 5xx) with the same"
                        + " request after 250 ms, doubling to at most 2 s, until it is answered: the API has no idempotency"
                        + " key, so a retry after an answer lost on the way records a second use, reported below with the"
                        + " failed call that explains it. A killed service is launched again at once with its configuration"
                        + " and port (and again, as a restart policy would, if it exits while starting). Every start sets "
                        + serviceSettings + ".",
                "Checked afterwards: the data-use topic read from the beginning (each use's `data-use.recorded.v1` by its"
                        + " `useId` and CloudEvent id), the ledger's records of provision (`ledger_payload`, by the use id"
                        + " each record keeps), the dead-letter topic, every service's readiness (polled every 200 ms"
                        + " throughout), and the ledger's verifier (`POST /api/v1/ledger/verifications`).");

        List<String> phaseColumns = new ArrayList<>(List.of(""));
        phases.forEach(p -> phaseColumns.add(p.description()));
        List<List<String>> phaseRows = new ArrayList<>();
        for (PhaseRow row : PHASE_ROWS) {
            List<String> cells = new ArrayList<>(List.of(row.label()));
            phases.forEach(p -> cells.add(String.valueOf(row.figure().apply(p.figures()))));
            phaseRows.add(cells);
        }
        List<String> errorsByKind = phases.stream().map(p -> p.description() + ": "
                + (p.figures().errorsByKind().isEmpty() ? "none" : p.figures().errorsByKind().toString())).toList();
        List<String> serviceColumns = new ArrayList<>(phaseColumns);
        serviceColumns.set(0, "service");
        List<List<String>> readinessRows = new ArrayList<>();
        for (String service : LocalStack.SERVICE_PORTS.keySet()) {
            List<String> cells = new ArrayList<>(List.of(service));
            phases.forEach(p -> cells.add(readiness(p.figures().readiness().get(service))));
            readinessRows.add(cells);
        }
        List<BenchmarkReport.Target> guarantees = new ArrayList<>();
        List<String> unansweredText = new ArrayList<>();
        for (PhaseResult p : phases) {
            p.guarantees().forEach((guarantee, held) -> guarantees.add(new BenchmarkReport.Target(
                    p.description() + " (" + p.faultDetail() + "): " + guarantee, held ? "held" : "**FAILED**", held)));
            for (Map<String, Object> use : p.recordedButNotAnsweredPermit()) {
                unansweredText.add(p.description() + ", recorded without a PERMIT answer: " + use);
            }
        }
        List<String> verdict = new ArrayList<>(unansweredText);
        verdict.add("All guarantees: **" + (allHeld ? "held" : "FAILED") + "**.");
        return BenchmarkReport.now(RESULTS, "Fault injection: PostgreSQL restarted, services killed, during recorded uses",
                "scripts/fault-injection.sh", MachineFacts.ofThisMachine().withLoadAverages(loadAtStart,
                        MachineFacts.loadAverage()), null, setupText,
                List.of(new BenchmarkReport.Section("Phases", List.of(), new BenchmarkReport.Table(phaseColumns, phaseRows)),
                        new BenchmarkReport.Section("Errors the clients saw, by kind", errorsByKind, null),
                        new BenchmarkReport.Section("Readiness: time from the fault (and from its end) until UP again, per"
                                + " service", List.of("A service that never answered DOWN during the phase is marked `stayed"
                                + " up`. Bound: " + READY_BOUND.toSeconds() + " s after the fault ended."),
                                new BenchmarkReport.Table(serviceColumns, readinessRows)),
                        new BenchmarkReport.Section("Verdict", verdict, null)),
                guarantees, List.of(), new Results(setup, phases, allHeld));
    }

    private static String readiness(Readiness r) {
        if (r == null) {
            return "?";
        }
        if (!r.upAtEnd()) {
            return "**not ready**";
        }
        if (!r.wentDown()) {
            return "stayed up";
        }
        return r.readyAfterFaultMillis() + " ms (" + r.readyAfterFaultEndedMillis() + " ms after the fault ended)";
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            sleep(wait / 1_000_000);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
