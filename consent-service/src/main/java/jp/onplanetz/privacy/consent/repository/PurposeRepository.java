package jp.onplanetz.privacy.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.Purpose;

import java.util.List;

@ApplicationScoped
public class PurposeRepository implements PanacheRepositoryBase<Purpose, String> {
    public List<Purpose> allByCode() {
        return listAll(io.quarkus.panache.common.Sort.by("code"));
    }
}
