package jp.onplanetz.privacy.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.PolicyDraft;
import jp.onplanetz.privacy.consent.PolicyVersion;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<PolicyVersion, Integer> {

    public Optional<PolicyVersion> latest() {
        return find("order by number desc").firstResultOptional();
    }

    /** The newest version's number: a cheap way to learn whether a cached version is still the newest. */
    public Integer latestNumber() {
        return getEntityManager().createQuery("select max(v.number) from PolicyVersion v", Integer.class).getSingleResult();
    }

    public Optional<PolicyVersion> byHash(String hash) {
        return find("hash", hash).firstResultOptional();
    }

    public List<PolicyVersion> newestFirst() {
        return list("order by number desc");
    }

    public PolicyDraft draft() {
        return getEntityManager().find(PolicyDraft.class, PolicyDraft.ID);
    }

    /** The draft, locked until the transaction ends: edits and publishing queue behind each other. */
    public PolicyDraft draftForUpdate() {
        return getEntityManager().find(PolicyDraft.class, PolicyDraft.ID, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }
}
