package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.ErasureBlock;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

@ApplicationScoped
public class ErasureBlockRepository implements PanacheRepositoryBase<ErasureBlock, String> {

    private static final String BLOCKED_SINCE = "select subject_id, blocked_at from erasure_block where subject_id = any(?)";

    /**
     * When each of these people was blocked, for those ever blocked: one statement with one array parameter, plain
     * values (the door's read; see ConsentProjectionRepository#heldOfSubjects).
     */
    public Map<String, OffsetDateTime> blockedSince(Collection<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return Map.of();
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            Map<String, OffsetDateTime> blocked = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(BLOCKED_SINCE)) {
                ps.setArray(1, c.createArrayOf("text", subjectIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        blocked.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
                    }
                }
            }
            return blocked;
        });
    }
}
