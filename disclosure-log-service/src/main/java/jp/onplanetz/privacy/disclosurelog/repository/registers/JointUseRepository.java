package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.JointUse;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class JointUseRepository implements PanacheRepositoryBase<JointUse, UUID> {

    /** One page of the register, in the order the entries were published. */
    public List<JointUse> page(int page, int size) {
        return findAll(Sort.by("publishedAt").and("id")).page(Page.of(page, size)).list();
    }

    /** The entries no later entry replaces: what the public notice shows. */
    public List<JointUse> current() {
        return list("from JointUse j where not exists (from JointUse s where s.supersedes = j.id)",
                Sort.by("startsOn").and("publishedAt").and("id"));
    }

    public Optional<JointUse> successorOf(UUID id) {
        return find("supersedes", id).firstResultOptional();
    }

    /** For each of {@code ids} that has been replaced, the id of the entry that replaced it. */
    public Map<UUID, UUID> successorsOf(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return list("supersedes in ?1", ids).stream().collect(Collectors.toMap(s -> s.supersedes, s -> s.id));
    }
}
