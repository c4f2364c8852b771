package jp.onplanetz.privacy.disclosurelog.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The register of uses on an APPI Art. 27(1) ground: appended from consent-service's events, read by officers. */
@ApplicationScoped
public class LegalExceptionUseRepository {

    public record LegalExceptionUse(UUID useId, String subjectId, String purpose, String recipient, List<String> categories,
            String reasonCode, String justification, String caller, Instant decidedAt, Instant receivedAt) {
    }

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

    @SuppressWarnings("unchecked")
    public List<LegalExceptionUse> page(int offset, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                select use_id, subject_id, purpose, recipient, array_to_string(categories, ','), reason_code, justification,
                       caller, decided_at, received_at
                from legal_exception_use order by decided_at desc, use_id offset ?1 limit ?2""")
                .setParameter(1, offset).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new LegalExceptionUse((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                List.of(((String) r[4]).split(",")), (String) r[5], (String) r[6], (String) r[7], NativeRows.instant(r[8]),
                NativeRows.instant(r[9]))).toList();
    }
}
