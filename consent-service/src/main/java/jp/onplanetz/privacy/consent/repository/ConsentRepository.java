package jp.onplanetz.privacy.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.ConsentRecord;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ConsentRepository implements PanacheRepositoryBase<ConsentRecord, UUID> {

    public List<ConsentRecord> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by grantedAt", subjectId);
    }

    public Optional<ConsentRecord> ofSubject(String subjectId, UUID id) {
        return find("subjectId = ?1 and id = ?2", subjectId, id).firstResultOptional();
    }
}
