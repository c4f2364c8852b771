package jp.onplanetz.privacy.benchmarks.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.benchmarks.measure.HttpLoad;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.measure.OwnCpu;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport;
import jp.onplanetz.privacy.benchmarks.results.MachineFacts;
import jp.onplanetz.privacy.benchmarks.results.ResultsFiles;
import jp.onplanetz.privacy.benchmarks.support.ServiceJvm;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.ledger.HashChain;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.localstack.LocalStack;
import jp.onplanetz.privacy.localstack.ServiceProcess;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final int LOGS = Integer.getInteger("bench.logs", 64);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /**
     * The service's JIT warm-up before its single records are measured. Time, not requests: at a few hundred
     * appends a second a short warm-up measures a half-compiled service (smoke runs here: 36 appends/s after 10 s,
     * 100/s after 45 s, on a busy machine).
     */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 60));
    /** Before batches are measured: most of their path is warm already from the single records. */
    private static final Duration BATCH_WARM_UP = Duration.ofSeconds(Long.getLong("bench.batch-warm-up-seconds", 20));
    private static final Duration PGBENCH_WARM_UP = Duration.ofSeconds(Long.getLong("bench.pgbench-warm-up-seconds", 10));
    private static final Duration MEASURED = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    private static final int BATCH_SIZE = Integer.getInteger("bench.batch-size", 100);
    private static final int BATCH_CLIENTS = Integer.getInteger("bench.batch-clients", 4);
    private static final int LOAD_BATCH_SIZE = Integer.getInteger("bench.load-batch-size", 1000);
    private static final long VERIFY_RECORDS = Long.getLong("bench.verify-records", 1_000_000L);
    private static final int VERIFY_RUNS = Integer.getInteger("bench.verify-runs", 2);
    private static final Path PGBENCH = Path.of(System.getProperty("bench.pgbench", "/usr/lib/postgresql/15/bin/pgbench"));
    /** A shorter run than the defaults: its figures are a smoke test's, and the results file says so. */
    private static final boolean SHORTENED = MEASURED.toSeconds() < 60 || WARM_UP.toSeconds() < 60
            || BATCH_WARM_UP.toSeconds() < 20 || PGBENCH_WARM_UP.toSeconds() < 10 || VERIFY_RECORDS < 1_000_000L || LOGS != 64;

    private static final double TARGET_RATIO = 0.7;
    private static final String SCRATCH_DB = "ledger_pgbench";
    private static final String SERVICE_DB = "disclosure_log";
    /** In the policy consent-service seeds (its migration V2). */
    private static final String RECIPIENT = "google-analytics";
    private static final ZoneId REGISTER_ZONE = ZoneId.of("Asia/Tokyo");
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(4);
    private static final Duration CHECKPOINT_WAIT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    private record Api(String baseUrl, String appender, String officer) {

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
    private record LoadPhase(HttpLoad.Result result, int clients, int recordsPerRequest, Duration wall, Duration generatorCpu,
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
    private interface Run {
        HttpLoad.Result get() throws InterruptedException;
    }

    // ---- the verification of a million records -------------------------------------------------------------

    private record VerifyRun(boolean intact, long entries, int checkpointsVerified, long serviceMillis, long wallMillis) {
        double entriesPerSecond() {
            return serviceMillis == 0 ? 0 : entries * 1000.0 / serviceMillis;
        }
    }

    private record Verification(long recordsBefore, LoadPhase load, long recordsAfter, double checkpointWaitSeconds,
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

    // ---- the pgbench baseline ------------------------------------------------------------------------------

    private record PgbenchRun(String name, int logs, int clients, int threads, long seconds, double tps, long transactions,
            long failed, double latencyAverageMillis, MachineCpu.Share machine) {
    }

    /** pgbench against the scratch copy of the ledger's tables on the stack's own server. */
    private record Pgbench(LocalStack stack, Path script, String version, String serverVersion) {

        private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
        private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
        private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
        private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

        /** Creates the scratch database and its tables, checks their shape against the service's, writes the script. */
        static Pgbench prepare(LocalStack stack, Path dir, String version) throws Exception {
            try (Connection c = superuser(stack, "postgres"); Statement st = c.createStatement()) {
                st.execute("drop database if exists " + SCRATCH_DB);
                st.execute("create database " + SCRATCH_DB); // autocommit: not inside a transaction block
            }
            String serverVersion;
            try (Connection c = superuser(stack, SCRATCH_DB); Statement st = c.createStatement()) {
                st.execute(LedgerTables.ddl(LocalStack.repositoryRoot().resolve(LedgerTables.MIGRATION)));
                st.execute(resource("ledger-pgbench-logs.sql").replace("${logs}", Integer.toString(LOGS)));
                try (ResultSet rs = st.executeQuery("show server_version")) {
                    rs.next();
                    serverVersion = rs.getString(1);
                }
            }
            List<String> theirs;
            List<String> ours;
            try (Connection service = superuser(stack, SERVICE_DB); Connection scratch = superuser(stack, SCRATCH_DB)) {
                theirs = shape(service);
                ours = shape(scratch);
            }
            if (!theirs.equals(ours)) {
                List<String> onlyService = new ArrayList<>(theirs);
                onlyService.removeAll(ours);
                List<String> onlyScratch = new ArrayList<>(ours);
                onlyScratch.removeAll(theirs);
                throw new IllegalStateException("the pgbench tables are not shaped as the service's ledger (did V2 change?):"
                        + " only the service has " + onlyService + "; only the scratch copy has " + onlyScratch);
            }
            System.out.println("pgbench scratch database " + SCRATCH_DB + ": " + LedgerTables.NAMES + " as in " + SERVICE_DB
                    + " (" + theirs.size() + " columns, keys, checks and indexes compared); PostgreSQL " + serverVersion);
            Files.createDirectories(dir);
            Path script = dir.resolve("ledger-append.pgbench");
            Files.writeString(script, resource("ledger-append.pgbench"));
            return new Pgbench(stack, script, version, serverVersion);
        }

        PgbenchRun run(String name, int logs, Duration duration) throws Exception {
            int threads = Math.max(1, Math.min(CLIENTS, Runtime.getRuntime().availableProcessors()));
            List<String> cmd = List.of(PGBENCH.toString(), "-h", "127.0.0.1", "-p", Integer.toString(stack.postgres().port()),
                    "-U", "postgres", "-n", "-M", "prepared", "-c", Integer.toString(CLIENTS), "-j", Integer.toString(threads),
                    "-T", Long.toString(duration.toSeconds()), "-D", "logs=" + logs, "-f", script.toString(), SCRATCH_DB);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", "postgres");
            MachineCpu cpu0 = MachineCpu.read();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("pgbench (" + name + ") failed: " + out);
            }
            MachineCpu.Share machine = MachineCpu.read().since(cpu0);
            PgbenchRun run = new PgbenchRun(name, logs, CLIENTS, threads, duration.toSeconds(), number(TPS, out, name),
                    (long) number(PROCESSED, out, name), FAILED.matcher(out).find() ? (long) number(FAILED, out, name) : 0,
                    number(LATENCY, out, name), machine);
            System.out.printf(Locale.ROOT, "pgbench  %-22s %9.1f tps (%d logs, %d clients)  latency avg %.2f ms  failed %d"
                    + "  machine busy %.0f%%%n", name, run.tps(), logs, CLIENTS, run.latencyAverageMillis(), run.failed(),
                    100 * machine.busy());
            if (run.failed() > 0) {
                throw new IllegalStateException("pgbench (" + name + ") had failed transactions: " + out);
            }
            return run;
        }

        /**
         * Recomputes one log of the baseline by the ledger's own code: each record's SHA-256, each entry's leaf hash
         * from its header columns, each link from the one before. Returns how many entries it checked.
         */
        long checkEntries(String logId) throws SQLException {
            long checked = 0;
            try (Connection c = superuser(stack, SCRATCH_DB)) {
                c.setAutoCommit(false); // a cursor: the log may hold a hundred thousand entries
                try (PreparedStatement ps = c.prepareStatement("select e.seq, e.record_id, e.kind, e.recorded_at, e.payload_sha256,"
                        + " e.leaf_hash, e.chain_link, p.payload, e.retain_until from ledger_entry e join ledger_payload p on p.record_id = e.record_id"
                        + " where e.log_id = ? order by e.seq")) {
                    ps.setFetchSize(5_000);
                    ps.setString(1, logId);
                    try (ResultSet rs = ps.executeQuery()) {
                        byte[] previous = HashChain.genesis();
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            byte[] payloadSha256 = EntryHeader.payloadSha256(rs.getString(8));
                            byte[] leaf = new EntryHeader(logId, seq, rs.getObject(2, UUID.class), rs.getString(3),
                                    rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getDate(9).toLocalDate(),
                                    payloadSha256).leafHash();
                            byte[] link = HashChain.link(previous, leaf);
                            if (seq != checked || !MessageDigest.isEqual(payloadSha256, rs.getBytes(5))
                                    || !MessageDigest.isEqual(leaf, rs.getBytes(6)) || !MessageDigest.isEqual(link, rs.getBytes(7))) {
                                throw new IllegalStateException("pgbench's entry " + logId + "/" + seq + " is not the entry the"
                                        + " ledger's code makes: the baseline does other work than the service");
                            }
                            previous = link;
                            checked++;
                        }
                    }
                }
                c.rollback();
            }
            System.out.println("pgbench entries of " + logId + " checked by EntryHeader and HashChain: " + checked);
            return checked;
        }

        private static double number(Pattern pattern, String out, String name) {
            Matcher m = pattern.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("pgbench (" + name + "): no '" + pattern + "' in its output: " + out);
            }
            return Double.parseDouble(m.group(1));
        }

        /** The ledger tables' columns, keys, checks and indexes, one line each, in a stable order. */
        private static List<String> shape(Connection c) throws SQLException {
            List<String> lines = new ArrayList<>();
            String[] queries = {
                "select table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')"
                    + " || case when is_nullable = 'NO' then ' not null' else '' end || coalesce(' default ' || column_default, '')"
                    + " from information_schema.columns where table_schema = 'public' and table_name = any (?)"
                    + " order by table_name, ordinal_position",
                "select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint"
                    + " where conrelid::regclass::text = any (?) order by 1",
                "select indexdef from pg_indexes where schemaname = 'public' and tablename = any (?) order by indexname"
            };
            for (String sql : queries) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, c.createArrayOf("text", LedgerTables.NAMES.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            lines.add(rs.getString(1));
                        }
                    }
                }
            }
            return lines;
        }

        private static String resource(String name) throws IOException {
            try (InputStream in = DisclosureAppendBenchmark.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + name + " missing beside " + DisclosureAppendBenchmark.class);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** pgbench's version, or a clear stop before anything starts when it is not there. */
    private static String pgbenchVersion() throws Exception {
        if (!Files.isExecutable(PGBENCH)) {
            throw new IllegalStateException("pgbench not found at " + PGBENCH + ": install Debian's PostgreSQL 15"
                    + " (apt-get install postgresql-15, or postgresql-client-15 for the client programs only), or name"
                    + " another pgbench with -Dbench.pgbench=/path/to/pgbench");
        }
        Process p = new ProcessBuilder(PGBENCH.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
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

    // ---- the results ---------------------------------------------------------------------------------------

    private record Figures(String loadAtStart, String loadAtEnd, Pgbench pgbench, List<PgbenchRun> pgbenchRuns, PgbenchRun oneLog,
            long pgbenchEntriesChecked, long warmUpErrors, LoadPhase singles, LoadPhase batches, Map<String, Object> payloadBytes,
            Verification verification, long serviceRssMiB) {

        double pgbenchTps() {
            return pgbenchRuns.stream().mapToDouble(PgbenchRun::tps).average().orElse(Double.NaN);
        }

        double ratio() {
            return singles.recordsPerSecond() / pgbenchTps();
        }

        boolean ratioMet() {
            return ratio() >= TARGET_RATIO;
        }
    }

    /** How the run was set up, as the JSON states it. */
    record Setup(int logs, int clients, long serviceWarmUpSeconds, long batchWarmUpSeconds, long pgbenchWarmUpSeconds,
            long measuredSeconds, String order, boolean postgresFsync, String postgresServer, String pgbench,
            String pgbenchOptions, String record, String caller, int batchSize, int batchClients, int loadBatchSize,
            long verifyRecords, String checkpointEvery, String serviceJvm, String loadGenerator) {
    }

    /** One load on the service as the JSON states it. */
    record LoadFigures(double recordsPerSecond, double requestsPerSecond, int recordsPerRequest, int clients, long requests,
            long errors, List<String> errorSamples, double measuredSeconds, double p50Ms, double p99Ms, double maxMs,
            double wallSeconds, double generatorCpuSeconds, double serviceCpuSeconds, double serviceCpuMsPerRecord,
            MachineCpu.Share machine) {

        static LoadFigures of(LoadPhase p) {
            HttpLoad.Result r = p.result();
            return new LoadFigures(round(p.recordsPerSecond(), 1), round(r.perSecond(), 1), p.recordsPerRequest(),
                    p.clients(), r.requests(), r.errors(), r.errorSamples(), round(seconds(r.window()), 1),
                    round(r.p50Millis(), 3), round(r.p99Millis(), 3), round(r.maxMillis(), 3), round(seconds(p.wall()), 1),
                    round(seconds(p.generatorCpu()), 1), round(seconds(p.serviceCpu()), 1),
                    round(p.serviceCpuMillisPerRecord(), 3), p.machine());
        }
    }

    record VerificationFigures(long recordsBeforeLoad, LoadFigures load, long records, double checkpointWaitSeconds,
            List<VerifyRun> runs, long databaseMiB) {
    }

    record Results(Setup setup, double pgbenchTps, List<PgbenchRun> pgbenchRuns, PgbenchRun pgbenchOneLog,
            long pgbenchEntriesCheckedByLedgerCode, LoadFigures serviceSingleRecord, LoadFigures serviceBatch,
            long warmUpErrors, Map<String, Object> averagePayloadBytes, VerificationFigures verification, double ratio,
            long disclosureLogRssMiBAfterLoad) {
    }

    private static BenchmarkReport report(Figures f) {
        Verification v = f.verification();
        PgbenchRun a = f.pgbenchRuns().get(0);
        PgbenchRun b = f.pgbenchRuns().get(1);
        LoadPhase s = f.singles();
        LoadPhase batches = f.batches();
        Setup setup = new Setup(LOGS, CLIENTS, WARM_UP.toSeconds(), BATCH_WARM_UP.toSeconds(), PGBENCH_WARM_UP.toSeconds(),
                MEASURED.toSeconds(), "pgbench warm-up, pgbench, service warm-up, service single records, pgbench, pgbench"
                        + " on one log, service batch warm-up, service batches, load, verification", true,
                "PostgreSQL " + f.pgbench().serverVersion() + " (zonky embedded binaries, the local stack's server)",
                f.pgbench().version(), "-M prepared -c " + CLIENTS + " -j " + a.threads()
                        + " -T <seconds> -D logs=<n> -f ledger-append.pgbench, database " + SCRATCH_DB,
                "provision to " + RECIPIENT + ", basis person-related-confirmation, random subject per record",
                LocalIdentities.DATA_REQUEST_SERVICE.serviceAccountUsername(), BATCH_SIZE, BATCH_CLIENTS, LOAD_BATCH_SIZE,
                VERIFY_RECORDS, "10s (the service's default)", ServiceJvm.described(),
                "same machine, the benchmark's JVM; Vert.x HTTP client on one event loop, HTTP/1.1 keep-alive");
        Results results = new Results(setup, round(f.pgbenchTps(), 1), f.pgbenchRuns(), f.oneLog(), f.pgbenchEntriesChecked(),
                LoadFigures.of(s), LoadFigures.of(batches), f.warmUpErrors(), f.payloadBytes(),
                new VerificationFigures(v.recordsBefore(), LoadFigures.of(v.load()), v.recordsAfter(),
                        round(v.checkpointWaitSeconds(), 1), v.runs(), v.databaseMiB()), round(f.ratio(), 3),
                f.serviceRssMiB());

        List<String> setupText = List.of(
                format("PostgreSQL %s (the local stack's server, fsync on); %s.", f.pgbench().serverVersion(),
                        f.pgbench().version()),
                format("disclosure-log-service runs from its packaged jar with **%d logs**"
                        + " (`privacyops.disclosure-log.ledger.logs`), PostgreSQL, Kafka and the local token issuer on the"
                        + " same machine; the load generator (Vert.x HTTP client, one event loop, HTTP/1.1 keep-alive) runs"
                        + " there too. Caller: %s's service account. Each record is a provision to `%s` on the recipient's"
                        + " confirmation of the person's consent, for a new random subject (so all logs are used). Services"
                        + " run with `%s`.", LOGS, LocalIdentities.DATA_REQUEST_SERVICE_CLIENT_ID, RECIPIENT,
                        ServiceJvm.described()),
                format("The baseline is pgbench on the same server in the same run: a scratch database `%s` with the"
                        + " ledger's four tables as disclosure-log-service's migration creates them (columns, keys, checks"
                        + " and indexes compared with the service's before the run) and `ledger-append.pgbench`: in one"
                        + " transaction, lock a random log's head `FOR UPDATE`, build the record's JSON, SHA-256 it, hash the"
                        + " entry header and the chain link with `sha256()`, insert the entry and the record, update the"
                        + " head, commit (`-M prepared`, %d clients, %d threads). %,d of its entries (log shard-00) were"
                        + " recomputed by the ledger's own `EntryHeader` and `HashChain` and matched.", SCRATCH_DB, CLIENTS,
                        a.threads(), f.pgbenchEntriesChecked()));
        List<List<String>> appendRows = List.of(
                pgbenchRow(format("pgbench, %d logs, before the service", a.logs()), a),
                List.of(format("**service, `POST /api/v1/records/provisions`** (after a %d s warm-up)", WARM_UP.toSeconds()),
                        format("**%.1f**", s.recordsPerSecond()), format("%d", s.result().errors()),
                        format("%.2f / %.2f / %.2f", s.result().p50Millis(), s.result().p99Millis(), s.result().maxMillis()),
                        cpuCell(s.machine())),
                pgbenchRow(format("pgbench, %d logs, after the service", b.logs()), b),
                pgbenchRow("pgbench, 1 log (for the record)", f.oneLog()),
                List.of(format("service, `POST …/provisions/batch`, %d records each, %d clients, after a %d s warm-up (apart"
                                + " from the ratio)", BATCH_SIZE, BATCH_CLIENTS, BATCH_WARM_UP.toSeconds()),
                        format("%.1f records/s (%.1f batches/s)", batches.recordsPerSecond(), batches.result().perSecond()),
                        format("%d", batches.result().errors()), format("%.2f / %.2f / %.2f per batch",
                                batches.result().p50Millis(), batches.result().p99Millis(), batches.result().maxMillis()),
                        cpuCell(batches.machine())));
        BenchmarkReport.Section appends = new BenchmarkReport.Section(format("Appends: %d clients each side, %d s measured",
                CLIENTS, MEASURED.toSeconds()), List.of(format("CPU seconds during the service's measured single-record run:"
                        + " generator %.1f, disclosure-log-service %.1f over %.1f s wall: %.2f ms of the service's CPU per"
                        + " record (batches: %.2f ms). Average record bytes: service %s, pgbench %s.",
                seconds(s.generatorCpu()), seconds(s.serviceCpu()), seconds(s.wall()), s.serviceCpuMillisPerRecord(),
                batches.serviceCpuMillisPerRecord(), f.payloadBytes().get("service"), f.payloadBytes().get("pgbench")),
                errorNote(f)),
                new BenchmarkReport.Table(List.of("run", "appends/s", "errors", "latency ms (p50 / p99 / max, or average)",
                        "machine CPU busy / steal"), appendRows));
        List<List<String>> verifyRows = new ArrayList<>();
        for (int i = 0; i < v.runs().size(); i++) {
            VerifyRun r = v.runs().get(i);
            verifyRows.add(List.of(Integer.toString(i + 1), r.intact() ? "yes" : "**no**", format("%,d", r.entries()),
                    Integer.toString(r.checkpointsVerified()), format("%,d", r.serviceMillis()), format("%,d", r.wallMillis()),
                    format("%,.0f", r.entriesPerSecond())));
        }
        BenchmarkReport.Section verification = new BenchmarkReport.Section("Verifying the whole ledger", List.of(
                format("%,d records were added through the batch endpoint (%d per batch, %d clients: %.0f records/s, %d"
                        + " errors), so the ledger held %,d (%d MiB database). After every log's newest signed checkpoint"
                        + " covered its head (waited %.1f s), `POST /api/v1/ledger/verifications` walked every log: leaves,"
                        + " chain, record bytes, query columns, every checkpoint's root.", v.recordsAfter() - v.recordsBefore(),
                        LOAD_BATCH_SIZE, BATCH_CLIENTS, v.load().recordsPerSecond(), v.load().result().errors(),
                        v.recordsAfter(), v.databaseMiB(), v.checkpointWaitSeconds()),
                format("disclosure-log-service resident memory at the end: %d MiB.", f.serviceRssMiB())),
                new BenchmarkReport.Table(List.of("run", "intact", "entries", "checkpoints verified", "service's `millis`",
                        "wall ms", "entries/s"), verifyRows));
        BenchmarkReport.Target ratio = new BenchmarkReport.Target(format("service single-record appends/s ÷ pgbench tps (%d"
                + " logs, mean of the two runs) >= %.1f", LOGS, TARGET_RATIO), format("%.1f ÷ %.1f = **%.3f**",
                s.recordsPerSecond(), f.pgbenchTps(), f.ratio()), f.ratioMet());
        return BenchmarkReport.now("disclosure-appends", format("Disclosure log: appends per second against pgbench, and"
                        + " verifying %,d records", v.recordsAfter()), "scripts/bench-disclosure-appends.sh",
                MachineFacts.ofThisMachine().withLoadAverages(f.loadAtStart(), f.loadAtEnd()),
                SHORTENED ? "smoke settings on a shared machine: the figures show that the benchmark works, not what the"
                        + " service does." : null,
                setupText, List.of(appends, verification), List.of(ratio), notes(), results);
    }

    private static List<String> pgbenchRow(String run, PgbenchRun r) {
        return List.of(run, format("%.1f tps", r.tps()), format("%d failed", r.failed()),
                format("avg %.2f", r.latencyAverageMillis()), cpuCell(r.machine()));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** What the ratio compares, honestly: the service does more per append than the SQL baseline. */
    private static List<String> notes() {
        return List.of(
                "The service's side is HTTP/1.1 and JSON both ways, a bearer token on each request (the generator reuses"
                        + " one: quarkus-oidc verifies its signature, issuer, audience and expiry once, then the service's"
                        + " verified-token cache answers for it until its exp, at most 60 s; roles are checked on every"
                        + " request), bean validation of the record, the recipient looked up in the policy (cached, refreshed"
                        + " every 30 s from consent-service), a JTA transaction through Agroal, and the load generator on the"
                        + " same two cores; pgbench talks to PostgreSQL directly.",
                "The service commits single records in groups (by default 4 committer threads, each taking what queued"
                        + " while it was busy; a group is one transaction, and no caller is answered before its group commits); pgbench"
                        + " commits each append alone. The disclosure_log_append_group_records metric shows the group sizes.",
                "Per record the service also inserts a basis_check row (its person-related basis is confirmed at once);"
                        + " the pgbench script writes the entry, the record and the head only.",
                "The service hashes in Java (SHA-256 of the record, the header and the link); pgbench with sha256() in SQL,"
                        + " inside the same statement that locks the head. Both make the same bytes: pgbench's entries were"
                        + " checked by the ledger's own code.",
                "The service locks heads with `log_id = any(?) order by log_id for update` (one head for a single record);"
                        + " pgbench with `log_id = ? for update` in a CTE. The service picks the log by SHA-256 of the"
                        + " subject id, pgbench uniformly at random: both spread evenly.",
                "The service signs a checkpoint of every grown log every 10 s (reads the leaf hashes added since the last"
                        + " one, grows the Merkle root from the frontier it kept, signs, inserts it and an outbox row, which a"
                        + " relay sends to Kafka); its cost falls in the service's runs. The other three services run idle beside it during every run, pgbench's too.",
                "The service's database holds the records of the earlier phases; pgbench's scratch tables hold pgbench's"
                        + " own. Both start each run warm (pgbench after a warm-up run, the service after its JIT warm-up)."
                        + " Service CPU figures include its JIT compiler and GC threads.",
                "The verification runs on the service's datasource in one read-only transaction per log, streaming through"
                        + " a cursor; its figure includes parsing every record's JSON to compare the query columns.");
    }

    private static String errorNote(Figures f) {
        List<String> samples = new ArrayList<>(f.singles().result().errorSamples());
        samples.addAll(f.batches().result().errorSamples());
        samples.addAll(f.verification().load().result().errorSamples());
        return samples.isEmpty() && f.warmUpErrors() == 0 ? "Every answer under load, warm-ups included, was a 201."
                : "Non-201 answers: " + f.warmUpErrors() + " in the warm-ups; first few measured: " + String.join(" | ", samples);
    }

    private static String cpuCell(MachineCpu.Share s) {
        return String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100 * s.busy(), 100 * s.steal());
    }
}
