package jp.onplanetz.privacy.analytics.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * usage_event's partitions, one per UTC day of occurred_at, named {@code usage_event_pYYYYMMDD}.
 * <p>
 * A day is made as a plain table shaped like usage_event and then attached: attaching locks usage_event only
 * against other schema changes (SHARE UPDATE EXCLUSIVE), so the door's inserts and the readers go on meanwhile,
 * where {@code create table ... partition of} would lock them all out. A day is dropped after a concurrent detach,
 * which waits for the transactions still reading it instead of locking the table.
 */
@ApplicationScoped
public class UsageEventPartitions {

    /** Replicas and the door add days one at a time: two could otherwise make the same day at once. */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtextextended('analytics-gateway.usage-event-partitions', 0))";
    private static final String PREFIX = "usage_event_p";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String ATTACHED = """
            select c.relname, i.inhdetachpending from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'usage_event'::regclass""";

    private final AgroalDataSource dataSource;

    public UsageEventPartitions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The days that have a partition, in order. */
    public SortedSet<LocalDate> days() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return attached(c, false);
        }
    }

    /**
     * Makes the partitions of the days that have none, in the connection's transaction (the door's, when a batch
     * meets a missing day; then the new days are there exactly when its rows are).
     *
     * @return the days made
     */
    public List<LocalDate> ensure(Connection c, Collection<LocalDate> days) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(LOCK);
        }
        SortedSet<LocalDate> existing = attached(c, false);
        List<LocalDate> made = new ArrayList<>();
        for (LocalDate day : new TreeSet<>(days)) {
            if (existing.contains(day)) {
                continue;
            }
            String table = PREFIX + DAY.format(day);
            try (Statement st = c.createStatement()) {
                st.execute("create table " + table
                        + " (like usage_event including defaults including constraints)");
                st.execute("alter table usage_event attach partition " + table + " for values from ('"
                        + day.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime() + "') to ('"
                        + day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime() + "')");
            }
            made.add(day);
        }
        return made;
    }

    /** {@link #ensure(Connection, Collection)} in a transaction of its own. */
    public List<LocalDate> ensure(Collection<LocalDate> days) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<LocalDate> made = ensure(c, days);
                c.commit();
                return made;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Detaches and drops every day before {@code firstKept}, each in its own statements outside any transaction (a
     * concurrent detach cannot run inside one). A detach interrupted earlier (a crash) is finished first.
     *
     * @return the days dropped
     */
    public List<LocalDate> dropBefore(LocalDate firstKept) throws SQLException {
        List<LocalDate> dropped = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (LocalDate day : attached(c, true)) {
                if (!day.isBefore(firstKept)) {
                    continue;
                }
                String table = PREFIX + DAY.format(day);
                try (Statement st = c.createStatement()) {
                    st.execute("alter table usage_event detach partition " + table
                            + (pending(c, table) ? " finalize" : " concurrently"));
                    st.execute("drop table " + table);
                }
                dropped.add(day);
            }
        }
        return dropped;
    }

    private static boolean pending(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ATTACHED + " and c.relname = ? and i.inhdetachpending")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static SortedSet<LocalDate> attached(Connection c, boolean withPending) throws SQLException {
        SortedSet<LocalDate> days = new TreeSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(ATTACHED)) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.startsWith(PREFIX) && (withPending || !rs.getBoolean(2))) {
                    days.add(LocalDate.parse(name.substring(PREFIX.length()), DAY));
                }
            }
        }
        return days;
    }
}
