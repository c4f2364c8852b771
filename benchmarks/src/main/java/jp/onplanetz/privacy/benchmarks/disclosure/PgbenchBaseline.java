package jp.onplanetz.privacy.benchmarks.disclosure;

import jp.onplanetz.privacy.benchmarks.measure.MachineCpu;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.disclosurelog.ledger.HashChain;
import jp.onplanetz.privacy.localstack.LocalStack;

import java.io.IOException;
import java.io.InputStream;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.CLIENTS;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.LOGS;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.PGBENCH;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.SCRATCH_DB;
import static jp.onplanetz.privacy.benchmarks.disclosure.DisclosureAppendBenchmark.SERVICE_DB;
import static jp.onplanetz.privacy.benchmarks.results.Units.seconds;
import static jp.onplanetz.privacy.benchmarks.support.StackDatabase.superuser;

/** The baseline: pgbench running the ledger's chained append in SQL on the stack's own server. */
final class PgbenchBaseline {

    private PgbenchBaseline() {
    }

    record PgbenchRun(String name, int logs, int clients, int threads, long seconds, double tps, long transactions,
            long failed, double latencyAverageMillis, MachineCpu.Share machine) {
    }

    /** pgbench against the scratch copy of the ledger's tables on the stack's own server. */
    record Pgbench(LocalStack stack, Path script, String version, String serverVersion) {

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
    static String pgbenchVersion() throws Exception {
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
}
