package jp.onplanetz.privacy.disclosurelog.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Legal holds and their releases: rows added, never changed (the release is a row of its own). */
@ApplicationScoped
public class LegalHoldRepository {

    public record LegalHold(UUID id, String subjectId, UUID recordId, String reason, String placedBy, Instant placedAt,
            String releaseReason, String releasedBy, Instant releasedAt) {
        @JsonProperty("active")
        public boolean active() {
            return releasedAt == null;
        }
    }

    private static final String SELECT = """
            select h.id, h.subject_id, h.record_id, h.reason, h.placed_by, h.placed_at, r.reason, r.released_by, r.released_at
            from legal_hold h left join legal_hold_release r on r.hold_id = h.id""";

    private final EntityManager em;

    public LegalHoldRepository(EntityManager em) {
        this.em = em;
    }

    public void place(UUID id, String subjectId, UUID recordId, String reason, String placedBy, Instant at) {
        em.createNativeQuery("insert into legal_hold (id, subject_id, record_id, reason, placed_by, placed_at)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, id).setParameter(2, subjectId).setParameter(3, recordId).setParameter(4, reason)
                .setParameter(5, placedBy).setParameter(6, Timestamp.from(at)).executeUpdate();
    }

    /** @return false when the hold was released already (by an earlier or a concurrent release) */
    public boolean release(UUID id, String reason, String releasedBy, Instant at) {
        return em.createNativeQuery("insert into legal_hold_release (hold_id, reason, released_by, released_at)"
                        + " values (?1, ?2, ?3, ?4) on conflict (hold_id) do nothing")
                .setParameter(1, id).setParameter(2, reason).setParameter(3, releasedBy)
                .setParameter(4, Timestamp.from(at)).executeUpdate() == 1;
    }

    public Optional<LegalHold> find(UUID id) {
        return rows(SELECT + " where h.id = ?1", id).stream().findFirst();
    }

    public List<LegalHold> all() {
        return rows(SELECT + " order by h.placed_at desc, h.id", null);
    }

    @SuppressWarnings("unchecked")
    private List<LegalHold> rows(String sql, UUID id) {
        var query = em.createNativeQuery(sql);
        if (id != null) {
            query.setParameter(1, id);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new LegalHold((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3], (String) r[4],
                NativeRows.instant(r[5]), (String) r[6], (String) r[7], NativeRows.instant(r[8]))).toList();
    }
}
