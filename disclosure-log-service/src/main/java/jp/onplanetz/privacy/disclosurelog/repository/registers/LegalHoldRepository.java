package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.LegalHold;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Legal holds and their releases: rows added, never changed (the release is a row of its own). */
@ApplicationScoped
public class LegalHoldRepository implements PanacheRepositoryBase<LegalHoldRow, UUID> {

    /** Each hold with its release, if it has one. */
    private static final String HOLDS = "select h, r from LegalHoldRow h left join LegalHoldReleaseRow r on r.holdId = h.id";

    public void place(UUID id, String subjectId, UUID recordId, String reason, String placedBy, Instant at) {
        LegalHoldRow hold = new LegalHoldRow();
        hold.id = id;
        hold.subjectId = subjectId;
        hold.recordId = recordId;
        hold.reason = reason;
        hold.placedBy = placedBy;
        hold.placedAt = at;
        persist(hold);
    }

    /**
     * A native insert: a concurrent release of the same hold must come back as false, not fail the transaction on
     * the primary key, which a persist would.
     *
     * @return false when the hold was released already (by an earlier or a concurrent release)
     */
    public boolean release(UUID id, String reason, String releasedBy, Instant at) {
        return getEntityManager().createNativeQuery("insert into legal_hold_release (hold_id, reason, released_by,"
                        + " released_at) values (?1, ?2, ?3, ?4) on conflict (hold_id) do nothing")
                .setParameter(1, id).setParameter(2, reason).setParameter(3, releasedBy)
                .setParameter(4, Timestamp.from(at)).executeUpdate() == 1;
    }

    public Optional<LegalHold> find(UUID id) {
        return holds(getEntityManager().createQuery(HOLDS + " where h.id = ?1", Object[].class).setParameter(1, id)
                .getResultList()).stream().findFirst();
    }

    public List<LegalHold> all() {
        return holds(getEntityManager().createQuery(HOLDS + " order by h.placedAt desc, h.id", Object[].class)
                .getResultList());
    }

    /**
     * A hold and its release are read as a pair (a Panache query returns one entity) and made into one value: the
     * rows are never changed, so nothing is to be written back through them.
     */
    private static List<LegalHold> holds(List<Object[]> rows) {
        return rows.stream().map(row -> {
            LegalHoldRow h = (LegalHoldRow) row[0];
            LegalHoldReleaseRow r = (LegalHoldReleaseRow) row[1];
            return new LegalHold(h.id, h.subjectId, h.recordId, h.reason, h.placedBy, h.placedAt,
                    r == null ? null : r.reason, r == null ? null : r.releasedBy, r == null ? null : r.releasedAt);
        }).toList();
    }
}
