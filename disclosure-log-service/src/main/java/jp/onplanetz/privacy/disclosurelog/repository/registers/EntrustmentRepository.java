package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.Entrustment;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EntrustmentRepository implements PanacheRepositoryBase<Entrustment, UUID> {

    /** One page of the register, in the order the entries were made. */
    public List<Entrustment> page(int page, int size) {
        return findAll(Sort.by("createdAt").and("id")).page(Page.of(page, size)).list();
    }
}
