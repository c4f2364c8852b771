package jp.onplanetz.privacy.testinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from binaries shipped in a Maven jar (zonky), so that a fresh machine with only
 * a JDK can run the suite. Listens on 127.0.0.1 only.
 */
public final class PostgresServer implements AutoCloseable {

    /**
     * How {@link #stop} ends the server. {@code FAST} is {@code pg_ctl stop -m fast}: sessions are ended, a
     * checkpoint is written. {@code IMMEDIATE} is {@code -m immediate}: every process quits at once with no
     * checkpoint, as in a crash, and the next start replays the WAL.
     */
    public enum StopMode { FAST, IMMEDIATE }

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory.toAbsolutePath();
    }

    /**
     * @param port 0 for any free port
     * @param durable false for tests (no fsync: a crash of the test machine loses nothing we need);
     *                true for benchmarks, whose figures must include the cost of durability
     */
    public static PostgresServer start(int port, boolean durable, Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? FreePorts.find() : port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB");
            // Said either way: zonky's own defaults turn synchronous_commit (and with it durability) off, so a
            // durable server left to the defaults would acknowledge commits before they are on disk.
            String onOff = durable ? "on" : "off";
            builder.setServerConfig("fsync", onOff).setServerConfig("synchronous_commit", onOff)
                    .setServerConfig("full_page_writes", onOff);
            return new PostgresServer(builder.start(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A server setting as the running server reports it ({@code show <name>}), e.g. fsync: on. */
    public String setting(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a setting name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read setting " + name, e);
        }
    }

    /** Creates the service's role and database if they do not exist yet. */
    public void ensureDatabase(ServiceDatabases.ServiceDatabase db) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", db.role())) {
                st.execute("create role " + db.role() + " login password '" + db.password() + "'");
            }
            // CREATE DATABASE cannot run inside a transaction block: autocommit is on here.
            if (!exists(c, "select 1 from pg_database where datname = ?", db.database())) {
                st.execute("create database " + db.database() + " owner " + db.role());
            }
            st.execute("revoke all on database " + db.database() + " from public");
            if (db.hasOwnAppRole()) {
                if (!exists(c, "select 1 from pg_roles where rolname = ?", db.appRole())) {
                    st.execute("create role " + db.appRole() + " login password '" + db.appPassword() + "'");
                }
                // Only connect: what it may do with each table the service's migrations grant.
                st.execute("grant connect on database " + db.database() + " to " + db.appRole());
            }
            if (db.hasAuditRole()) {
                if (!exists(c, "select 1 from pg_roles where rolname = ?", db.auditRole())) {
                    st.execute("create role " + db.auditRole() + " login password '" + db.auditPassword() + "'");
                }
                st.execute("grant connect on database " + db.database() + " to " + db.auditRole());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + db.database(), e);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stops the server as an operator or a failure would ({@code pg_ctl stop}), leaving its data directory as it is,
     * for {@link #startAgain}. Fault-injection programs use it; connections open now break.
     */
    public void stop(StopMode mode) {
        pgCtl(List.of("stop", "-m", mode.name().toLowerCase(java.util.Locale.ROOT), "-w", "-t", "120"));
    }

    /**
     * Starts the server again on the same data directory, port and settings after {@link #stop} (the command line
     * PostgreSQL itself kept in {@code postmaster.opts}); returns once it accepts connections. Its output goes to
     * {@code postgres-restart.log} beside the data directory.
     */
    public void startAgain() {
        List<String> opts = postmasterOptions();
        pgCtl(List.of("start", "-w", "-t", "300", "-l", dataDirectory.resolveSibling("postgres-restart.log").toString(),
                "-o", String.join(" ", opts)));
    }

    /** The arguments the server was started with, without its binary and data directory, quoted for pg_ctl's shell. */
    private List<String> postmasterOptions() {
        List<String> args = postmasterCommand();
        List<String> opts = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("-D")) {
                i++;
                continue;
            }
            opts.add("\"" + args.get(i).replace("\"", "\\\"") + "\"");
        }
        return opts;
    }

    /** {@code postmaster.opts}: the server's binary and arguments, as it wrote them at its first start. */
    private List<String> postmasterCommand() {
        try {
            String line = Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
            List<String> args = new ArrayList<>();
            Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)").matcher(line);
            while (m.find()) {
                args.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return args;
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.opts in " + dataDirectory, e);
        }
    }

    private void pgCtl(List<String> args) {
        Path pgCtl = Path.of(postmasterCommand().get(0)).resolveSibling("pg_ctl");
        List<String> cmd = new ArrayList<>();
        // As zonky starts it: PostgreSQL refuses to run as root, and a user namespace makes it someone else.
        if (LinuxUtils.isUnshareAvailable()) {
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(List.of(pgCtl.toString(), "-D", dataDirectory.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("pg_ctl " + args.get(0) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
