package jp.onplanetz.privacy.testinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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

/**
 * A real PostgreSQL server from binaries shipped in a Maven jar (zonky), so that a fresh machine with only
 * a JDK can run the suite. Listens on 127.0.0.1 only.
 */
public final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
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
            // Said either way: zonky's own defaults turn synchronous_commit (and with it durability) off, so leaving
            // a durable server to PostgreSQL's defaults silently measured a server that acknowledged commits before
            // they were on disk.
            String onOff = durable ? "on" : "off";
            builder.setServerConfig("fsync", onOff).setServerConfig("synchronous_commit", onOff)
                    .setServerConfig("full_page_writes", onOff);
            return new PostgresServer(builder.start());
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

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
