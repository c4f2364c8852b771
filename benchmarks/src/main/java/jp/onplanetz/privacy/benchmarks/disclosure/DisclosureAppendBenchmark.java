package jp.onplanetz.privacy.benchmarks.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.benchmarks.disclosure.DisclosureReport.Figures;
import jp.onplanetz.privacy.benchmarks.disclosure.PgbenchBaseline.Pgbench;
import jp.onplanetz.privacy.benchmarks.disclosure.PgbenchBaseline.PgbenchRun;
import jp.onplanetz.privacy.benchmarks.measure.HttpLoad;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.measure.OwnCpu;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.benchmarks.support.ServiceJvm;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.ledger.HashChain;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureReport.report;
import static jp.onplanetz.privacy.benchmarks.disclosure.PgbenchBaseline.pgbenchVersion;
import static jp.onplanetz.privacy.benchmarks.results.MachineFacts.loadAverage;
import static jp.onplanetz.privacy.benchmarks.results.Units.round;
import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;
import static jp.onplanetz.privacy.benchmarks.support.StackCalls.expectStatus;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.superuser;

/**
 * Appends per second to disclosure-log-service's ledger with many logs in parallel, against pgbench running the
 * same chained append in SQL on the same PostgreSQL server in the same run; and the time to verify the whole ledger
 * once it holds a million records.
 *
 * <p>The baseline: a scratch database on the stack's server with the ledger's tables (columns, keys, checks and
 * indexes compared with the service's own before anything runs), and {@code ledger-append.pgbench}, which in one
 * transaction locks a random log's head, computes the record's bytes, their SHA-256, the entry's leaf hash and chain
 * link in SQL, inserts the entry and the record and moves the head on, as {@code LedgerService} does for one record.
 * Its entries are then checked by the ledger's own code ({@link EntryHeader}, {@link HashChain}): the baseline does
 * the same hashing, not something cheaper. pgbench runs before and after the service with the same number of
 * clients, so that a drift of the shared machine hits both sides; the target is that the service's single-record
 * appends reach at least {@value #TARGET_RATIO} of pgbench's transactions per second (mean of the two runs). pgbench
 * on one log is measured for the record, and records per second through the batch endpoint apart (not part of the
 * ratio).
 *
 * <p>Then records go in through the batch endpoint until the ledger holds {@code bench.verify-records}; once every
 * log's newest signed checkpoint covers its head, {@code POST /api/v1/ledger/verifications} is timed.
 *
 * <p>Settings (system properties; the defaults are the full run, about 20 minutes): {@code bench.logs} (64),
 * {@code bench.clients} (16, both sides), {@code bench.warm-up-seconds} (60, the service's JIT, single records),
 * {@code bench.batch-warm-up-seconds} (20), {@code bench.pgbench-warm-up-seconds} (10),
 * {@code bench.seconds} (60 per measured run), {@code bench.batch-size} (100), {@code bench.batch-clients} (4),
 * {@code bench.load-batch-size} (1000), {@code bench.verify-records} (1000000), {@code bench.verify-runs} (2),
 * {@code bench.pgbench} (Debian's PostgreSQL 15 pgbench).
 *
 * <p>Not a test: it writes {@code benchmarks/results/disclosure-appends.{json,md}}. Non-201 answers under load are
 * counted and reported, not hidden; a pgbench baseline that fails, or whose entries do not verify, stops the run.
 */
public final class DisclosureAppendBenchmark {

    static final int LOGS = Integer.getInteger("bench.logs", 64);
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /**
     * The service's JIT warm-up before its single records are measured. Time, not requests: at a few hundred
     * appends a second a short warm-up measures a half-compiled service, whose rate still climbs for most of a
     * minute on a busy machine.
     */
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 60));
    /** Before batches are measured: most of their path is warm already from the single records. */
    static final Duration BATCH_WARM_UP = Duration.ofSeconds(Long.getLong("bench.batch-warm-up-seconds", 20));
    static final Duration PGBENCH_WARM_UP = Duration.ofSeconds(Long.getLong("bench.pgbench-warm-up-seconds", 10));
    static final Duration MEASURED = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    static final int BATCH_SIZE = Integer.getInteger("bench.batch-size", 100);
    static final int BATCH_CLIENTS = Integer.getInteger("bench.batch-clients", 4);
    static final int LOAD_BATCH_SIZE = Integer.getInteger("bench.load-batch-size", 1000);
    static final long VERIFY_RECORDS = Long.getLong("bench.verify-records", 1_000_000L);
    static final int VERIFY_RUNS = Integer.getInteger("bench.verify-runs", 2);
    static final Path PGBENCH = Path.of(System.getProperty("bench.pgbench", "/usr/lib/postgresql/15/bin/pgbench"));
    /** A shorter run than the defaults: its figures are a smoke test's, and the results file says so. */
    static final boolean SHORTENED = MEASURED.toSeconds() < 60 || WARM_UP.toSeconds() < 60
            || BATCH_WARM_UP.toSeconds() < 20 || PGBENCH_WARM_UP.toSeconds() < 10 || VERIFY_RECORDS < 1_000_000L || LOGS != 64;

    static final double TARGET_RATIO = 0.7;
    static final String SCRATCH_DB = "ledger_pgbench";
    static final String SERVICE_DB = "disclosure_log";
    /** In the policy consent-service seeds (its migration V2). */
    static final String RECIPIENT = "google-analytics";
    static final ZoneId REGISTER_ZONE = ZoneId.of("Asia/Tokyo");
    static final Duration TOKEN_LIFETIME = Duration.ofHours(4);
    static final Duration CHECKPOINT_WAIT = Duration.ofMinutes(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private DisclosureAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String pgbenchVersion = pgbenchVersion();
        ServiceJvm.useMeasuredHeapUnlessGiven();
        Path repo = LocalStack.repositoryRoot();
        Path work = repo.resolve(".local/bench-stack");
        LocalStack.Options options = new LocalStack.Options(work, false, true)
                .withServiceSetting(Services.DISCLOSURE_LOG, "privacyops.disclosure-log.ledger.logs", Integer.toString(LOGS));
        String loadAtStart = loadAverage();
        try (LocalStack stack = LocalStack.start(options)) {
            ServiceProcess service = stack.service(Services.DISCLOSURE_LOG);
            Api api = new Api(service.baseUrl(),
                    stack.serviceAccountToken(LocalIdentities.DATA_REQUEST_SERVICE, TOKEN_LIFETIME),
                    stack.issuer().mint(LocalIdentities.OFFICER.id(), LocalIdentities.OFFICER.username(),
                            LocalIdentities.OFFICER.realmRoles(), TOKEN_LIFETIME));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            checkService(http, api);

            Pgbench pgbench = Pgbench.prepare(stack, work.resolve("pgbench"), pgbenchVersion);
            try (HttpLoad load = new HttpLoad()) {
                HttpLoad.Target single = new HttpLoad.Target("single record", api::appendOne, 201);
                HttpLoad.Target batch = new HttpLoad.Target("batch of " + BATCH_SIZE, () -> api.appendBatch(BATCH_SIZE), 201);

                // pgbench, the service, pgbench again: a drift of the shared machine shows, and hits both sides.
                pgbench.run("warm-up", LOGS, PGBENCH_WARM_UP);
                PgbenchRun before = pgbench.run("before the service", LOGS, MEASURED);
                HttpLoad.Result singleWarmUp = warmUp(load, single, CLIENTS, WARM_UP);
                LoadPhase singles = LoadPhase.measure(service, () -> load.closedLoop(single, CLIENTS, Duration.ZERO, MEASURED),
                        CLIENTS, 1);
                PgbenchRun after = pgbench.run("after the service", LOGS, MEASURED);
                PgbenchRun oneLog = pgbench.run("one log", 1, MEASURED);
                long pgbenchEntriesChecked = pgbench.checkEntries("shard-00");
                HttpLoad.Result batchWarmUp = warmUp(load, batch, BATCH_CLIENTS, BATCH_WARM_UP);
                LoadPhase batches = LoadPhase.measure(service, () -> load.closedLoop(batch, BATCH_CLIENTS, Duration.ZERO, MEASURED),
                        BATCH_CLIENTS, BATCH_SIZE);
                Map<String, Object> payloadBytes = new LinkedHashMap<>();
                payloadBytes.put("service", averagePayloadBytes(stack, SERVICE_DB));
                payloadBytes.put("pgbench", averagePayloadBytes(stack, SCRATCH_DB));

                Verification verification = verifyMillion(stack, service, http, api, load);
                ResultsFiles.write(repo.resolve("benchmarks/results"), report(new Figures(loadAtStart, loadAverage(), pgbench, List.of(before, after), oneLog,
                        pgbenchEntriesChecked, singleWarmUp.errors() + batchWarmUp.errors(), singles, batches, payloadBytes,
                        verification, service.residentMiB())));
            }
        }
    }

    // ---- the service ---------------------------------------------------------------------------------------

    /** disclosure-log-service's record and ledger API, as data-request-service's account and as a privacy officer. */
    record Api(String baseUrl, String appender, String officer) {

        HttpRequest appendOne() {
            return post("/api/v1/records/provisions", appender, provision(UUID.randomUUID().toString()));
        }

        HttpRequest appendBatch(int size) {
            StringBuilder body = new StringBuilder(size * 420 + 16).append("{\"records\":[");
            for (int i = 0; i < size; i++) {
                body.append(i == 0 ? "" : ",").append(provision(UUID.randomUUID().toString()));
            }
            return post("/api/v1/records/provisions/batch", appender, body.append("]}").toString());
        }

        HttpRequest logs() {
            return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ledger/logs"))
                    .header("Authorization", "Bearer " + officer).header("Accept", "application/json").GET().build();
        }

        HttpRequest verify() {
            return post("/api/v1/ledger/verifications", officer, "");
        }

        private HttpRequest post(String path, String bearer, String body) {
            return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        /**
         * A provision of cookie ids to the seeded policy's recipient on its confirmation of the person's consent
         * (person-related information): the service records it without asking consent-service anything. A new
         * random subject each time, so the records spread over all the logs.
         */
        private static String provision(String subject) {
            LocalDate yesterday = LocalDate.now(REGISTER_ZONE).minusDays(1);
            return "{\"subjectId\":\"" + subject + "\",\"subjectIdentification\":\"member number 10-2048\",\"recipient\":\""
                    + RECIPIENT + "\",\"firstDay\":\"" + yesterday + "\",\"items\":[\"cookie-id\",\"pages viewed\"],"
                    + "\"purpose\":\"third-party-ad-effect\",\"basis\":{\"type\":\"person-related-confirmation\","
                    + "\"confirmedOn\":\"" + yesterday.minusDays(1) + "\",\"confirmationMethod\":"
                    + "\"the recipient's written statement of 2026-11-01\",\"recipientConsentConfirmed\":true}}";
        }
    }

    /** Before anything is timed: the service runs as many logs as asked, and appends answer 201. */
    private static void checkService(HttpClient http, Api api) throws Exception {
        JsonNode logs = JSON.readTree(expectStatus(http, api.logs(), 200, "the ledger's logs"));
        if (logs.size() != LOGS) {
            throw new IllegalStateException("disclosure-log-service runs " + logs.size() + " logs, not " + LOGS
                    + ": did privacyops.disclosure-log.ledger.logs reach it?");
        }
        JsonNode appended = JSON.readTree(expectStatus(http, api.appendOne(), 201, "one record"));
        JsonNode batch = JSON.readTree(expectStatus(http, api.appendBatch(BATCH_SIZE), 201, "a batch"));
        if (appended.path("logId").asText().isEmpty() || batch.path("records").size() != BATCH_SIZE) {
            throw new IllegalStateException("unexpected answers: " + appended + " / " + batch.path("records").size() + " records");
        }
        System.out.println("disclosure-log-service: " + LOGS + " logs, a record and a batch of " + BATCH_SIZE + " appended");
    }

    /**
     * The load before a measured one, apart from it so that the CPU figures are of the measured window only. Its
     * errors are counted in the results too.
     */
    private static HttpLoad.Result warmUp(HttpLoad load, HttpLoad.Target target, int clients, Duration time)
            throws InterruptedException {
        HttpLoad.Result r = load.closedLoop(target, clients, time, Duration.ZERO);
        System.out.printf(Locale.ROOT, "service  %-22s warmed up for %d s, %d errors%s%n", target.name(), time.toSeconds(),
                r.errors(), r.errors() == 0 ? "" : ": " + String.join(" | ", r.errorSamples()));
        return r;
    }

    /** One load on the service, with the CPU it took: the generator, the service and the machine as a whole. */
    record LoadPhase(HttpLoad.Result result, int clients, int recordsPerRequest, Duration wall, Duration generatorCpu,
            Duration serviceCpu, MachineCpu.Share machine) {

        static LoadPhase measure(ServiceProcess service, Run run, int clients, int recordsPerRequest) throws InterruptedException {
            long wall0 = System.nanoTime();
            Duration generator0 = OwnCpu.sinceStart();
            Duration service0 = service.cpuTime().orElse(Duration.ZERO);
            MachineCpu cpu0 = MachineCpu.read();
            HttpLoad.Result r = run.get();
            LoadPhase p = new LoadPhase(r, clients, recordsPerRequest, Duration.ofNanos(System.nanoTime() - wall0),
                    OwnCpu.sinceStart().minus(generator0), service.cpuTime().orElse(Duration.ZERO).minus(service0),
                    MachineCpu.read().since(cpu0));
            System.out.printf(Locale.ROOT, "service  %-22s %9.1f records/s (%.1f requests/s, %d clients)  p50 %.2f ms  p99 %.2f ms"
                            + "  errors %d  CPU s: generator %.1f, service %.1f over %.1f s; machine busy %.0f%%%n",
                    r.name(), p.recordsPerSecond(), r.perSecond(), clients, r.p50Millis(), r.p99Millis(), r.errors(),
                    seconds(p.generatorCpu), seconds(p.serviceCpu), seconds(p.wall), 100 * p.machine.busy());
            if (r.errors() > 0) {
                System.out.println("         errors: " + String.join(" | ", r.errorSamples()));
            }
            return p;
        }

        double recordsPerSecond() {
            return result.perSecond() * recordsPerRequest;
        }

        /** The service's CPU time per record appended (answers in the window; the window is the whole call). */
        double serviceCpuMillisPerRecord() {
            long records = result.requests() * recordsPerRequest;
            return records == 0 ? Double.NaN : serviceCpu.toNanos() / 1e6 / records;
        }

    }

    @FunctionalInterface
    interface Run {
        HttpLoad.Result get() throws InterruptedException;
    }

    // ---- the verification of a million records -------------------------------------------------------------

    record VerifyRun(boolean intact, long entries, int checkpointsVerified, long serviceMillis, long wallMillis) {
        double entriesPerSecond() {
            return serviceMillis == 0 ? 0 : entries * 1000.0 / serviceMillis;
        }
    }

    record Verification(long recordsBefore, LoadPhase load, long recordsAfter, double checkpointWaitSeconds,
            List<VerifyRun> runs, long databaseMiB) {
    }

    /**
     * Fills the ledger to {@code bench.verify-records} records through the batch endpoint (whole batches, so up to a
     * batch more), waits until each log's newest signed checkpoint covers all of it, and times the verification.
     */
    private static Verification verifyMillion(LocalStack stack, ServiceProcess service, HttpClient http, Api api,
            HttpLoad load) throws Exception {
        long before = ledgerSize(http, api);
        long batchesToLoad = Math.max(0, (VERIFY_RECORDS - before + LOAD_BATCH_SIZE - 1) / LOAD_BATCH_SIZE);
        System.out.printf(Locale.ROOT, "loading %d batches of %d records (the ledger holds %d)%n", batchesToLoad,
                LOAD_BATCH_SIZE, before);
        HttpLoad.Target loadTarget = new HttpLoad.Target("load, batches of " + LOAD_BATCH_SIZE,
                () -> api.appendBatch(LOAD_BATCH_SIZE), 201);
        LoadPhase loading = LoadPhase.measure(service, () -> load.closedLoopCount(loadTarget, BATCH_CLIENTS, batchesToLoad),
                BATCH_CLIENTS, LOAD_BATCH_SIZE);
        long after = ledgerSize(http, api);

        long t0 = System.nanoTime();
        awaitCheckpoints(http, api);
        double waited = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "every log's newest checkpoint covers its head (waited %.1f s)%n", waited);

        List<VerifyRun> runs = new ArrayList<>();
        for (int i = 0; i < VERIFY_RUNS; i++) {
            long w0 = System.nanoTime();
            JsonNode report = JSON.readTree(expectStatus(http, api.verify(), 200, "the verification"));
            long wall = (System.nanoTime() - w0) / 1_000_000;
            VerifyRun run = new VerifyRun(report.path("intact").asBoolean(false), report.path("entries").asLong(),
                    report.path("checkpointsVerified").asInt(), report.path("millis").asLong(), wall);
            runs.add(run);
            System.out.printf(Locale.ROOT, "verification %d: intact %s, %d entries, %d checkpoints, %d ms (service), %d ms (wall),"
                    + " %.0f entries/s%n", i + 1, run.intact(), run.entries(), run.checkpointsVerified(), run.serviceMillis(),
                    run.wallMillis(), run.entriesPerSecond());
            if (!run.intact()) {
                System.out.println("         the ledger did not verify: " + report);
            }
        }
        return new Verification(before, loading, after, waited, runs, databaseMiB(stack, SERVICE_DB));
    }

    private static long ledgerSize(HttpClient http, Api api) throws Exception {
        long size = 0;
        for (JsonNode log : JSON.readTree(expectStatus(http, api.logs(), 200, "the ledger's logs"))) {
            size += log.path("size").asLong();
        }
        return size;
    }

    /** Until every log's newest checkpoint is of its whole size (the service signs every 10 s by default). */
    private static void awaitCheckpoints(HttpClient http, Api api) throws Exception {
        long deadline = System.nanoTime() + CHECKPOINT_WAIT.toNanos();
        while (true) {
            int behind = 0;
            for (JsonNode log : JSON.readTree(expectStatus(http, api.logs(), 200, "the ledger's logs"))) {
                if (log.path("latestCheckpoint").path("treeSize").asLong(-1) != log.path("size").asLong()) {
                    behind++;
                }
            }
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(behind + " logs still without a checkpoint of their size after " + CHECKPOINT_WAIT);
            }
            Thread.sleep(1000);
        }
    }


    private static double averagePayloadBytes(LocalStack stack, String database) throws SQLException {
        try (Connection c = superuser(stack, database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select avg(octet_length(payload)) from ledger_payload")) {
            rs.next();
            return round(rs.getDouble(1), 0);
        }
    }

    private static long databaseMiB(LocalStack stack, String database) throws SQLException {
        try (Connection c = superuser(stack, database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1) / (1024 * 1024);
        }
    }

}
