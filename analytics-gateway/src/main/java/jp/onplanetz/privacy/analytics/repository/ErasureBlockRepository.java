package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.ErasureBlock;

@ApplicationScoped
public class ErasureBlockRepository implements PanacheRepositoryBase<ErasureBlock, String> {
}
