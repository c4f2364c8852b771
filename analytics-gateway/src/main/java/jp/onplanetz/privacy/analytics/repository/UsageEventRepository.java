package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jp.onplanetz.privacy.analytics.UsageEvent;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UsageEventRepository implements PanacheRepositoryBase<UsageEvent, UUID> {

    private static final String INSERT_NEW = """
            insert into usage_event (id, subject_pseudonym, anonymous_pseudonym, cookie_pseudonym, terminal_pseudonym,
                key_version, ip_prefix, occurred_at, event_type, page, gender, age_band, prefecture, region, job_class,
                company_size, company_sector, consented_for_analytics, ingested_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do nothing""";

    private final EntityManager em;

    public UsageEventRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Inserts the events in one JDBC batch, skipping those whose id is already stored (a redelivery). Bypasses the
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
            try (PreparedStatement ps = connection.prepareStatement(INSERT_NEW)) {
                for (UsageEvent e : events) {
                    ps.setObject(1, e.id);
                    ps.setString(2, e.subjectPseudonym);
                    ps.setString(3, e.anonymousPseudonym);
                    ps.setString(4, e.cookiePseudonym);
                    ps.setString(5, e.terminalPseudonym);
                    ps.setInt(6, e.keyVersion);
                    ps.setString(7, e.ipPrefix);
                    ps.setObject(8, e.occurredAt, Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setString(9, e.eventType);
                    ps.setString(10, e.page);
                    ps.setString(11, e.gender);
                    ps.setString(12, e.ageBand);
                    ps.setString(13, e.prefecture);
                    ps.setString(14, e.region);
                    ps.setString(15, e.jobClass);
                    ps.setString(16, e.companySize);
                    ps.setString(17, e.companySector);
                    ps.setBoolean(18, e.consentedForAnalytics);
                    ps.setTimestamp(19, Timestamp.from(e.ingestedAt.toInstant()));
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    // with reWriteBatchedInserts the driver may report SUCCESS_NO_INFO (-2) for rewritten rows
                    inserted[0] += n > 0 ? n : 0;
                }
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
