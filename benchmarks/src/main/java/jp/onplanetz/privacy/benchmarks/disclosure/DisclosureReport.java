package jp.onplanetz.privacy.benchmarks.disclosure;

import jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.LoadPhase;
import jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.Verification;
import jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.VerifyRun;
import jp.onplanetz.privacy.benchmarks.disclosure.PgbenchBaseline.Pgbench;
import jp.onplanetz.privacy.benchmarks.disclosure.PgbenchBaseline.PgbenchRun;
import jp.onplanetz.privacy.benchmarks.measure.HttpLoad;
import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.benchmarks.results.BenchmarkReport;
import jp.onplanetz.privacy.benchmarks.results.MachineFacts;
import jp.onplanetz.privacy.benchmarks.support.ServiceJvm;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.BATCH_CLIENTS;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.BATCH_SIZE;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.BATCH_WARM_UP;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.CLIENTS;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.LOAD_BATCH_SIZE;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.LOGS;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.MEASURED;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.PGBENCH_WARM_UP;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.RECIPIENT;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.SCRATCH_DB;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.SHORTENED;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.TARGET_RATIO;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.VERIFY_RECORDS;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.WARM_UP;
import static jp.onplanetz.privacy.benchmarks.results.Units.round;
import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;

/** The run's figures as the results files state them (the layout is the shared template's). */
final class DisclosureReport {

    private DisclosureReport() {
    }

    record Figures(String loadAtStart, String loadAtEnd, Pgbench pgbench, List<PgbenchRun> pgbenchRuns, PgbenchRun oneLog,
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

    static BenchmarkReport report(Figures f) {
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

    static List<String> pgbenchRow(String run, PgbenchRun r) {
        return List.of(run, format("%.1f tps", r.tps()), format("%d failed", r.failed()),
                format("avg %.2f", r.latencyAverageMillis()), cpuCell(r.machine()));
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** What the ratio compares, honestly: the service does more per append than the SQL baseline. */
    static List<String> notes() {
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

    static String errorNote(Figures f) {
        List<String> samples = new ArrayList<>(f.singles().result().errorSamples());
        samples.addAll(f.batches().result().errorSamples());
        samples.addAll(f.verification().load().result().errorSamples());
        return samples.isEmpty() && f.warmUpErrors() == 0 ? "Every answer under load, warm-ups included, was a 201."
                : "Non-201 answers: " + f.warmUpErrors() + " in the warm-ups; first few measured: " + String.join(" | ", samples);
    }

    static String cpuCell(MachineCpu.Share s) {
        return String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100 * s.busy(), 100 * s.steal());
    }
}
