package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse.Review;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse.ReviewState;

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
public class LegalExceptionUseRepository implements PanacheRepositoryBase<LegalExceptionUseRow, UUID> {

    /** Each use with its review, if it has one. */
    private static final String USES = "select u, r from LegalExceptionUseRow u"
            + " left join LegalExceptionReviewRow r on r.useId = u.useId";

    /**
     * A native insert: a use reported twice under two event ids must stay one use, not fail the consumer's
     * transaction on the primary key, which a persist would.
     */
    public void insert(String eventId, LegalExceptionUse u) {
        getEntityManager().createNativeQuery("""
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
     * Records the review of a use. A native insert, for the reason {@link #insert} is: a concurrent review of the
     * same use comes back as false.
     *
     * @return false when the use was reviewed already (by an earlier or a concurrent review)
     */
    public boolean review(UUID useId, Review r) {
        return getEntityManager().createNativeQuery("""
                insert into legal_exception_review (use_id, outcome, remediation, note, reviewed_by, reviewed_at)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (use_id) do nothing""")
                .setParameter(1, useId).setParameter(2, r.outcome()).setParameter(3, r.remediation())
                .setParameter(4, r.note()).setParameter(5, r.reviewedBy())
                .setParameter(6, Timestamp.from(r.reviewedAt()))
                .executeUpdate() == 1;
    }

    public Optional<LegalExceptionUse> find(UUID useId) {
        return uses(getEntityManager().createQuery(USES + " where u.useId = ?1", Object[].class).setParameter(1, useId)
                .getResultList()).stream().findFirst();
    }

    public List<LegalExceptionUse> page(ReviewState state, int offset, int limit) {
        return uses(getEntityManager().createQuery(USES + where(state) + " order by u.decidedAt desc, u.useId",
                Object[].class).setFirstResult(offset).setMaxResults(limit).getResultList());
    }

    public long count(ReviewState state) {
        return getEntityManager().createQuery("select count(u) from LegalExceptionUseRow u"
                + " left join LegalExceptionReviewRow r on r.useId = u.useId" + where(state), Long.class).getSingleResult();
    }

    private static String where(ReviewState state) {
        return switch (state) {
            case ANY -> "";
            case OPEN -> " where r.useId is null";
            case CLOSED -> " where r.useId is not null";
        };
    }

    /**
     * A use and its review are read as a pair (a Panache query returns one entity) and made into one value: the rows
     * are never changed, so nothing is to be written back through them.
     */
    private static List<LegalExceptionUse> uses(List<Object[]> rows) {
        return rows.stream().map(row -> {
            LegalExceptionUseRow u = (LegalExceptionUseRow) row[0];
            LegalExceptionReviewRow r = (LegalExceptionReviewRow) row[1];
            return new LegalExceptionUse(u.useId, u.subjectId, u.purpose, u.recipient, List.copyOf(u.categories),
                    u.reasonCode, u.justification, u.caller, u.decidedAt, u.receivedAt, r == null ? null
                            : new Review(r.outcome, r.remediation, r.note, r.reviewedBy, r.reviewedAt));
        }).toList();
    }
}
