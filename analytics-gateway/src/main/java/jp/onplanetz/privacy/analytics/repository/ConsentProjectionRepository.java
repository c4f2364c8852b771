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
}
