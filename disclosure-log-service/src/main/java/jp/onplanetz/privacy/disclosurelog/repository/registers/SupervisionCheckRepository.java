package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.SupervisionCheck;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SupervisionCheckRepository implements PanacheRepositoryBase<SupervisionCheck, UUID> {

    /** The checks of one entrustment, oldest first: the history of its supervision. */
    public List<SupervisionCheck> of(UUID entrustmentId) {
        return list("entrustmentId", Sort.by("checkedOn").and("recordedAt").and("id"), entrustmentId);
    }

    public Optional<SupervisionCheck> of(UUID entrustmentId, UUID checkId) {
        return find("entrustmentId = ?1 and id = ?2", entrustmentId, checkId).firstResultOptional();
    }
}
