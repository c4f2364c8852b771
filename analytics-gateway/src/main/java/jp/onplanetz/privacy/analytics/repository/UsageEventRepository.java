package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jp.onplanetz.privacy.analytics.UsageEvent;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UsageEventRepository implements PanacheRepositoryBase<UsageEvent, UUID> {

    /**
     * One statement for the whole batch, its columns as arrays: PostgreSQL then plans and executes one insert instead
     * of one per row (a JDBC batch of single-row inserts cost the door a quarter of its time waiting on the server),
     * and the update count stays exact, which the driver's reWriteBatchedInserts would not report. Every array is
     * sent as text[] and cast here, so no driver-specific array types are needed.
     */
    private static final String INSERT_NEW = """
            insert into usage_event (id, subject_pseudonym, anonymous_pseudonym, cookie_pseudonym, terminal_pseudonym,
                key_version, ip_prefix, occurred_at, event_type, page, gender, age_band, prefecture, region, job_class,
                company_size, company_sector, consented_for_analytics, ingested_at)
            select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::boolean[], ?::timestamptz[])
            on conflict (id) do nothing""";
    private static final int COLUMNS = 19;

    private final EntityManager em;

    public UsageEventRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Inserts the events in one statement, skipping those whose id is already stored (a redelivery). Bypasses the
     * persistence context on purpose: thousands of entities a second would only be dirty-checked for nothing.
     *
     * @return how many were new
     */
    public int insertNew(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int[] inserted = new int[1];
        em.unwrap(Session.class).doWork(connection -> {
            String[][] columns = new String[COLUMNS][events.size()];
            for (int row = 0; row < events.size(); row++) {
                UsageEvent e = events.get(row);
                String[] values = {e.id.toString(), e.subjectPseudonym, e.anonymousPseudonym, e.cookiePseudonym,
                        e.terminalPseudonym, String.valueOf(e.keyVersion), e.ipPrefix, e.occurredAt.toString(),
                        e.eventType, e.page, e.gender, e.ageBand, e.prefecture, e.region, e.jobClass, e.companySize,
                        e.companySector, String.valueOf(e.consentedForAnalytics), e.ingestedAt.toString()};
                for (int column = 0; column < COLUMNS; column++) {
                    columns[column][row] = values[column];
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(INSERT_NEW)) {
                for (int column = 0; column < COLUMNS; column++) {
                    ps.setArray(column + 1, connection.createArrayOf("text", columns[column]));
                }
                inserted[0] = ps.executeUpdate();
            }
        });
        return inserted[0];
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
