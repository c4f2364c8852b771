package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.UsageEvent;

import java.util.UUID;

@ApplicationScoped
public class UsageEventRepository implements PanacheRepositoryBase<UsageEvent, UUID> {
}
