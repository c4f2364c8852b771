package jp.onplanetz.privacy.datarequest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.datarequest.DataHolderSystem;

import java.util.List;

@ApplicationScoped
public class DataHolderSystemRepository implements PanacheRepositoryBase<DataHolderSystem, String> {

    /** The systems a request starting now goes to. */
    public List<DataHolderSystem> active() {
        return list("active", Sort.by("code"), true);
    }

    public List<DataHolderSystem> all() {
        return listAll(Sort.by("code"));
    }
}
