package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.ConsentProjection;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentProjectionRepository implements PanacheRepositoryBase<ConsentProjection, UUID> {
    public List<ConsentProjection> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by grantedAt", subjectId);
    }

    /** {@link #ofSubjectForPurpose} for many subjects in one query, by subject. */
    public java.util.Map<String, List<ConsentProjection>> ofSubjectsForPurpose(java.util.Collection<String> subjectIds,
            String purpose) {
        if (subjectIds.isEmpty()) {
            return java.util.Map.of();
        }
        return list("subjectId in ?1 and purpose = ?2", subjectIds, purpose).stream()
                .collect(java.util.stream.Collectors.groupingBy(c -> c.subjectId));
    }

    /** Every consent of the subject to the purpose, whatever its recipient and state (the subject_id, purpose index). */
    public List<ConsentProjection> ofSubjectForPurpose(String subjectId, String purpose) {
        return list("subjectId = ?1 and purpose = ?2", subjectId, purpose);
    }
}
