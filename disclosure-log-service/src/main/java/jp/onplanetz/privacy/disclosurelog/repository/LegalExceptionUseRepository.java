package jp.onplanetz.privacy.disclosurelog.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The register of uses on an APPI Art. 27(1) ground: appended from consent-service's events, read by officers, each
 * use closed by one review (a row of its own beside the use: neither is ever changed).
 */
@ApplicationScoped
public class LegalExceptionUseRepository {

    /** {@code review}: null while the use awaits its review. */
    public record LegalExceptionUse(UUID useId, String subjectId, String purpose, String recipient, List<String> categories,
            String reasonCode, String justification, String caller, Instant decidedAt, Instant receivedAt, Review review) {
    }

    /** {@code remediation}: what was done about a use not upheld; null when upheld. */
    public record Review(String outcome, String remediation, String note, String reviewedBy, Instant reviewedAt) {
    }

    /** Which uses a page lists: all, those awaiting review, or those reviewed. */
    public enum ReviewState {
        ANY, OPEN, CLOSED
    }

    private static final String SELECT = """
            select u.use_id, u.subject_id, u.purpose, u.recipient, array_to_string(u.categories, ','), u.reason_code,
                   u.justification, u.caller, u.decided_at, u.received_at,
                   r.outcome, r.remediation, r.note, r.reviewed_by, r.reviewed_at
            from legal_exception_use u left join legal_exception_review r on r.use_id = u.use_id""";

    private final EntityManager em;

    public LegalExceptionUseRepository(EntityManager em) {
        this.em = em;
    }

    public void insert(String eventId, LegalExceptionUse u) {
        em.createNativeQuery("""
                insert into legal_exception_use (use_id, event_id, subject_id, purpose, recipient, categories, reason_code,
                    justification, caller, decided_at, received_at)
                values (?1, ?2, ?3, ?4, ?5, cast(?6 as text[]), ?7, ?8, ?9, ?10, ?11) on conflict (use_id) do nothing""")
                .setParameter(1, u.useId()).setParameter(2, eventId).setParameter(3, u.subjectId())
                .setParameter(4, u.purpose()).setParameter(5, u.recipient())
                .setParameter(6, "{" + String.join(",", u.categories()) + "}")
                .setParameter(7, u.reasonCode()).setParameter(8, u.justification()).setParameter(9, u.caller())
                .setParameter(10, Timestamp.from(u.decidedAt())).setParameter(11, Timestamp.from(u.receivedAt()))
                .executeUpdate();
    }

    /**
     * Records the review of a use.
     *
     * @return false when the use was reviewed already (by an earlier or a concurrent review)
     */
    public boolean review(UUID useId, Review r) {
        return em.createNativeQuery("""
                insert into legal_exception_review (use_id, outcome, remediation, note, reviewed_by, reviewed_at)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (use_id) do nothing""")
                .setParameter(1, useId).setParameter(2, r.outcome()).setParameter(3, r.remediation())
                .setParameter(4, r.note()).setParameter(5, r.reviewedBy()).setParameter(6, Timestamp.from(r.reviewedAt()))
                .executeUpdate() == 1;
    }

    public Optional<LegalExceptionUse> find(UUID useId) {
        return rows(SELECT + " where u.use_id = ?1", useId).stream().findFirst();
    }

    public List<LegalExceptionUse> page(ReviewState state, int offset, int limit) {
        return rows(SELECT + where(state) + " order by u.decided_at desc, u.use_id offset ?1 limit ?2", offset, limit);
    }

    public long count(ReviewState state) {
        return ((Number) em.createNativeQuery("select count(*) from legal_exception_use u"
                + " left join legal_exception_review r on r.use_id = u.use_id" + where(state)).getSingleResult()).longValue();
    }

    private static String where(ReviewState state) {
        return switch (state) {
            case ANY -> "";
            case OPEN -> " where r.use_id is null";
            case CLOSED -> " where r.use_id is not null";
        };
    }

    @SuppressWarnings("unchecked")
    private List<LegalExceptionUse> rows(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new LegalExceptionUse((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                List.of(((String) r[4]).split(",")), (String) r[5], (String) r[6], (String) r[7], NativeRows.instant(r[8]),
                NativeRows.instant(r[9]), r[10] == null ? null : new Review((String) r[10], (String) r[11], (String) r[12],
                        (String) r[13], NativeRows.instant(r[14])))).toList();
    }
}
