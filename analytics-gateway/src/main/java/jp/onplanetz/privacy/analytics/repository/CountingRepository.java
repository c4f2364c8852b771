package jp.onplanetz.privacy.analytics.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.jdbc.Work;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The counting state ({@code counting_person}, {@code cell_partial}, {@code counting_retraction}) in plain JDBC on
 * the connection of the caller's transaction (Hibernate's, which the outbox writes through too): one statement per
 * read or write of a whole batch, and no entities to hydrate or dirty-check for state that is rewritten batch by
 * batch.
 */
@ApplicationScoped
public class CountingRepository {

    /** One person's row: which (definition, window) of whom. */
    public record PersonWindow(String person, UUID definition, Instant windowStart)
            implements Comparable<PersonWindow> {

        @Override
        public int compareTo(PersonWindow o) {
            int c = person.compareTo(o.person);
            c = c != 0 ? c : definition.compareTo(o.definition);
            return c != 0 ? c : windowStart.compareTo(o.windowStart);
        }
    }

    /**
     * A person's kept cells of one window as stored.
     *
     * @param version null for a row not stored yet
     */
    public record PersonCells(PersonWindow key, List<String> cells, String source, Long version) {
        public PersonCells {
            cells = List.copyOf(cells);
        }
    }

    /** One source's count of one cell; ordered, so that every transaction locks partials in the same order. */
    public record Partial(UUID definition, Instant windowStart, String cell, String source)
            implements Comparable<Partial> {

        @Override
        public int compareTo(Partial o) {
            int c = definition.compareTo(o.definition);
            c = c != 0 ? c : windowStart.compareTo(o.windowStart);
            c = c != 0 ? c : cell.compareTo(o.cell);
            return c != 0 ? c : source.compareTo(o.source);
        }
    }

    private final EntityManager em;

    public CountingRepository(EntityManager em) {
        this.em = em;
    }

    /** Every stored row of these people, by key. */
    public Map<PersonWindow, PersonCells> cellsOf(Collection<String> people) {
        Map<PersonWindow, PersonCells> rows = new HashMap<>();
        if (people.isEmpty()) {
            return rows;
        }
        work(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    select person, definition, window_start, cells, source, version from counting_person
                    where person = any(?)""")) {
                ps.setArray(1, texts(connection, people));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PersonCells row = personCells(rs);
                        rows.put(row.key(), row);
                    }
                }
            }
        });
        return rows;
    }

    /** The retraction moment of those of these people who were ever retracted. */
    public Map<String, Instant> retractedUntil(Collection<String> people) {
        Map<String, Instant> until = new HashMap<>();
        if (people.isEmpty()) {
            return until;
        }
        work(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "select person, until from counting_retraction where person = any(?)")) {
                ps.setArray(1, texts(connection, people));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        until.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                    }
                }
            }
        });
        return until;
    }

    /**
     * Stores changed rows: a new row ({@code version} null) is inserted at version 1, a stored one updated only if
     * still at its version.
     *
     * @return false if another transaction inserted or changed any of them meanwhile (nothing should then be kept)
     */
    public boolean store(List<PersonCells> changed) {
        if (changed.isEmpty()) {
            return true;
        }
        boolean[] unchangedMeanwhile = {true};
        work(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into counting_person (person, definition, window_start, cells, source, version)
                    values (?, ?, ?, ?, ?, 1) on conflict do nothing""");
                 PreparedStatement update = connection.prepareStatement("""
                         update counting_person set cells = ?, version = version + 1
                         where person = ? and definition = ? and window_start = ? and version = ?""")) {
                List<PersonCells> inserted = new ArrayList<>();
                List<PersonCells> updated = new ArrayList<>();
                for (PersonCells row : changed) {
                    PersonWindow key = row.key();
                    Array cells = connection.createArrayOf("text", row.cells().toArray());
                    if (row.version() == null) {
                        insert.setString(1, key.person());
                        insert.setObject(2, key.definition());
                        insert.setObject(3, utc(key.windowStart()));
                        insert.setArray(4, cells);
                        insert.setString(5, row.source());
                        insert.addBatch();
                        inserted.add(row);
                    } else {
                        update.setArray(1, cells);
                        update.setString(2, key.person());
                        update.setObject(3, key.definition());
                        update.setObject(4, utc(key.windowStart()));
                        update.setLong(5, row.version());
                        update.addBatch();
                        updated.add(row);
                    }
                }
                for (int n : inserted.isEmpty() ? new int[0] : insert.executeBatch()) {
                    unchangedMeanwhile[0] &= n == 1;
                }
                for (int n : updated.isEmpty() ? new int[0] : update.executeBatch()) {
                    unchangedMeanwhile[0] &= n == 1;
                }
            }
        });
        return unchangedMeanwhile[0];
    }

    /**
     * Adds the differences to the partials (in their order: rows are locked in the same order by every batch, so
     * two batches cannot wait for each other).
     *
     * @return every touched partial's new absolute count
     * @throws IllegalStateException if a count would go below zero: a person taken out of a cell they were never
     *                               counted in, a bug; the transaction must not commit
     */
    public SortedMap<Partial, Long> addToPartials(SortedMap<Partial, Long> deltas) {
        SortedMap<Partial, Long> counts = new TreeMap<>();
        if (deltas.isEmpty()) {
            return counts;
        }
        work(connection -> {
            int n = deltas.size();
            Object[] definitions = new Object[n];
            Object[] windows = new Object[n];
            Object[] cells = new Object[n];
            Object[] sources = new Object[n];
            Object[] differences = new Object[n];
            int i = 0;
            for (Map.Entry<Partial, Long> delta : deltas.entrySet()) {
                definitions[i] = delta.getKey().definition().toString();
                windows[i] = delta.getKey().windowStart().toString();
                cells[i] = delta.getKey().cell();
                sources[i] = delta.getKey().source();
                differences[i] = delta.getValue().toString();
                i++;
            }
            try (PreparedStatement ps = connection.prepareStatement("""
                    insert into cell_partial as p (definition, window_start, cell, source, people)
                    select * from unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::bigint[])
                    on conflict (definition, window_start, cell, source)
                        do update set people = p.people + excluded.people
                    returning definition, window_start, cell, source, people""")) {
                ps.setArray(1, connection.createArrayOf("text", definitions));
                ps.setArray(2, connection.createArrayOf("text", windows));
                ps.setArray(3, connection.createArrayOf("text", cells));
                ps.setArray(4, connection.createArrayOf("text", sources));
                ps.setArray(5, connection.createArrayOf("text", differences));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Partial partial = new Partial(rs.getObject(1, UUID.class),
                                rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4));
                        if (rs.getLong(5) < 0) {
                            throw new IllegalStateException("a partial count would go below zero: " + partial);
                        }
                        counts.put(partial, rs.getLong(5));
                    }
                }
            }
        });
        return counts;
    }

    /**
     * Deletes these people's rows of the windows that began at or before {@code until}.
     *
     * @return the deleted rows, whose cells are to be taken out of the partials
     */
    public List<PersonCells> deleteUpTo(Collection<String> people, Instant until) {
        List<PersonCells> deleted = new ArrayList<>();
        work(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    delete from counting_person where person = any(?) and window_start <= ?
                    returning person, definition, window_start, cells, source, version""")) {
                ps.setArray(1, texts(connection, people));
                ps.setObject(2, utc(until));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deleted.add(personCells(rs));
                    }
                }
            }
        });
        return deleted;
    }

    /** Records (or moves forward) the retraction moment of these people. */
    public void retracted(Collection<String> people, Instant until) {
        work(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    insert into counting_retraction (person, until) select unnest(?::text[]), ?
                    on conflict (person) do update set until = greatest(counting_retraction.until, excluded.until)""")) {
                ps.setArray(1, texts(connection, people));
                ps.setObject(2, utc(until));
                ps.executeUpdate();
            }
        });
    }

    private static PersonCells personCells(ResultSet rs) throws SQLException {
        return new PersonCells(new PersonWindow(rs.getString(1), rs.getObject(2, UUID.class),
                rs.getObject(3, OffsetDateTime.class).toInstant()),
                List.of((String[]) rs.getArray(4).getArray()), rs.getString(5), rs.getLong(6));
    }

    private static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** Runs on the connection Hibernate holds for the current transaction. */
    private void work(Work work) {
        em.unwrap(Session.class).doWork(work);
    }
}
