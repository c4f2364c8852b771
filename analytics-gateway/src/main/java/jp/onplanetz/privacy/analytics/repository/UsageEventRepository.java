package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.runtime.jdbc.BinaryCopyRows;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UsageEventRepository implements PanacheRepositoryBase<UsageEvent, UUID> {

    private static final List<String> COLUMNS = List.of("id", "subject_pseudonym", "anonymous_pseudonym",
            "cookie_pseudonym", "terminal_pseudonym", "key_version", "ip_prefix", "occurred_at", "event_type", "page",
            "gender", "age_band", "prefecture", "region", "job_class", "company_size", "company_sector",
            "consented_for_analytics", "ingested_at");
    /**
     * For a batch the COPY refused for an id already stored (a redelivery): one statement, its columns as arrays
     * sent as text[] and cast here, so no driver-specific array types are needed.
     */
    private static final String INSERT_NEW = """
            insert into usage_event (%s)
            select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::boolean[], ?::timestamptz[])
            on conflict (id, occurred_at) do nothing""".formatted(String.join(", ", COLUMNS));
    private static final String UNIQUE_VIOLATION = "23505";
    /** What PostgreSQL reports for a row whose day has no partition (and for a failed CHECK). */
    private static final String CHECK_VIOLATION = "23514";

    private final EntityManager em;
    private final UsageEventPartitions partitions;

    public UsageEventRepository(EntityManager em, UsageEventPartitions partitions) {
        this.em = em;
        this.partitions = partitions;
    }

    /**
     * Stores the events by binary COPY, skipping those whose id is already stored (a redelivery), in the caller's
     * transaction. Bypasses the persistence context on purpose: thousands of entities a second would only be
     * dirty-checked for nothing.
     * <p>
     * The COPY runs inside a savepoint. A COPY cannot skip a row, so when it meets an id already stored the batch is
     * rolled back to the savepoint and inserted again with {@code on conflict do nothing}: slower, and only for the
     * batches a crash or a rebalance makes the door read twice. A day with no partition (the maintenance did not
     * run, or not yet) is made then and the batch copied again, so no batch is lost for want of one.
     *
     * @return how many were new
     */
    public int insertNew(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        BinaryCopyRows rows = new BinaryCopyRows(COLUMNS.size());
        for (UsageEvent e : events) {
            rows.row().uuid(e.id).text(e.subjectPseudonym).text(e.anonymousPseudonym).text(e.cookiePseudonym)
                    .text(e.terminalPseudonym).int4(e.keyVersion).text(e.ipPrefix).timestamptz(e.occurredAt.toInstant())
                    .text(e.eventType).text(e.page).text(e.gender).text(e.ageBand).text(e.prefecture).text(e.region)
                    .text(e.jobClass).text(e.companySize).text(e.companySector).bool(e.consentedForAnalytics)
                    .timestamptz(e.ingestedAt.toInstant());
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try {
                return copy(connection, rows, events);
            } catch (SQLException refused) {
                if (!CHECK_VIOLATION.equals(refused.getSQLState())) {
                    throw refused;
                }
                List<LocalDate> days = events.stream().map(e -> e.occurredAt.atZoneSameInstant(ZoneOffset.UTC)
                        .toLocalDate()).distinct().toList();
                if (partitions.ensure(connection, days).isEmpty()) {
                    throw refused; // every day was there: a CHECK refused a row
                }
                return copy(connection, rows, events);
            }
        });
    }

    /** The COPY in a savepoint; a duplicate id rolls back to it and inserts the batch skipping stored ids. */
    private int copy(Connection connection, BinaryCopyRows rows, List<UsageEvent> events) throws SQLException {
        // plain SQL: the pool refuses JDBC savepoint rollbacks on a connection of a JTA transaction
        try (Statement st = connection.createStatement()) {
            st.execute("savepoint usage_event_copy");
            try {
                long copied = rows.copyInto(connection, "usage_event", COLUMNS);
                st.execute("release savepoint usage_event_copy");
                return (int) copied;
            } catch (SQLException refused) {
                st.execute("rollback to savepoint usage_event_copy");
                st.execute("release savepoint usage_event_copy");
                if (!UNIQUE_VIOLATION.equals(refused.getSQLState())) {
                    throw refused;
                }
            }
        }
        return insertSkippingStored(connection, events);
    }

    private static int insertSkippingStored(Connection connection, List<UsageEvent> events) throws SQLException {
        String[][] columns = new String[COLUMNS.size()][events.size()];
        for (int row = 0; row < events.size(); row++) {
            UsageEvent e = events.get(row);
            // times cut to microseconds as the COPY cuts them: PostgreSQL would round the text of a finer time, and
            // a redelivered row would then differ in its key (id, occurred_at) from the one stored and not conflict
            String[] values = {e.id.toString(), e.subjectPseudonym, e.anonymousPseudonym, e.cookiePseudonym,
                    e.terminalPseudonym, String.valueOf(e.keyVersion), e.ipPrefix,
                    e.occurredAt.truncatedTo(ChronoUnit.MICROS).toString(), e.eventType, e.page, e.gender, e.ageBand,
                    e.prefecture, e.region, e.jobClass, e.companySize, e.companySector,
                    String.valueOf(e.consentedForAnalytics), e.ingestedAt.truncatedTo(ChronoUnit.MICROS).toString()};
            for (int column = 0; column < values.length; column++) {
                columns[column][row] = values[column];
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_NEW)) {
            for (int column = 0; column < columns.length; column++) {
                ps.setArray(column + 1, connection.createArrayOf("text", columns[column]));
            }
            return ps.executeUpdate();
        }
    }

    /**
     * One person's events: under any of their pseudonyms (one per key of the ring), signed in or as the anonymous
     * visitor they consented as (both are made with {@code IdentifierKind.SUBJECT}).
     */
    private static final String OF_PERSON = "subjectPseudonym in ?1 or anonymousPseudonym in ?1";

    public long countOfPerson(Collection<String> pseudonyms) {
        return count(OF_PERSON, pseudonyms);
    }

    /** At most {@code limit} of the person's events, the most recent first. */
    public List<UsageEvent> latestOfPerson(Collection<String> pseudonyms, int limit) {
        return find(OF_PERSON, Sort.descending("occurredAt", "id"), pseudonyms).range(0, limit - 1).list();
    }

    /** @return how many events were deleted */
    public long deleteOfPerson(Collection<String> pseudonyms) {
        return delete(OF_PERSON, pseudonyms);
    }
}
