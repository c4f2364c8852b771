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

    /** Every consent of the subject to the purpose, whatever its recipient and state (the subject_id, purpose index). */
    public List<ConsentProjection> ofSubjectForPurpose(String subjectId, String purpose) {
        return list("subjectId = ?1 and purpose = ?2", subjectId, purpose);
    }
}
