package jp.onplanetz.privacy.analytics.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The one row of the policy in force (V6). */
@ApplicationScoped
public class PolicyInForceRepository {

    public record StoredPolicy(int versionNumber, String policyVersion, String content) {
    }

    private final EntityManager em;

    public PolicyInForceRepository(EntityManager em) {
        this.em = em;
    }

    /** Keeps the version unless a later one is stored already; @return whether it is now the one in force */
    public boolean keepIfNewer(int versionNumber, String policyVersion, Instant publishedAt, String content, Instant now) {
        return em.createNativeQuery("""
                insert into policy_in_force (id, version_number, policy_version, published_at, content, received_at)
                values (1, ?1, ?2, ?3, ?4, ?5)
                on conflict (id) do update set version_number = excluded.version_number,
                    policy_version = excluded.policy_version, published_at = excluded.published_at,
                    content = excluded.content, received_at = excluded.received_at
                where policy_in_force.version_number < excluded.version_number""")
                .setParameter(1, versionNumber).setParameter(2, policyVersion).setParameter(3, Timestamp.from(publishedAt))
                .setParameter(4, content).setParameter(5, Timestamp.from(now)).executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    public Optional<StoredPolicy> current() {
        List<Object[]> rows = em.createNativeQuery("select version_number, policy_version, content from policy_in_force")
                .getResultList();
        return rows.stream().findFirst().map(r -> new StoredPolicy(((Number) r[0]).intValue(), (String) r[1], (String) r[2]));
    }
}
