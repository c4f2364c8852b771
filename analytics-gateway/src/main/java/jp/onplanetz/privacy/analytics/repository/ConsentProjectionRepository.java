package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.ConsentProjection;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ConsentProjectionRepository implements PanacheRepositoryBase<ConsentProjection, UUID> {

    private static final String HELD_OF_SUBJECTS = """
            select subject_id, state, granted_at, expires_at from consent_projection
            where subject_id = any(?) and purpose = ?""";

    /** What the door decides on about one consent: a plain value, read without the persistence context. */
    public record Held(String state, OffsetDateTime grantedAt, OffsetDateTime expiresAt) {
        public static Held of(ConsentProjection c) {
            return new Held(c.state, c.grantedAt, c.expiresAt);
        }
    }

    public List<ConsentProjection> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by grantedAt", subjectId);
    }

    /**
     * Every consent of these subjects to the purpose, by subject, in one statement with the subjects as one array
     * parameter (one plan whatever their number), read as plain values: the door reads thousands a second and
     * changes none, so managed entities would only be hydrated and dirty-checked for nothing.
     */
    public Map<String, List<Held>> heldOfSubjects(Collection<String> subjectIds, String purpose) {
        if (subjectIds.isEmpty()) {
            return Map.of();
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            Map<String, List<Held>> held = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(HELD_OF_SUBJECTS)) {
                ps.setArray(1, c.createArrayOf("text", subjectIds.toArray()));
                ps.setString(2, purpose);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(new Held(rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class)));
                    }
                }
            }
            return held;
        });
    }

    /** Every consent of the subject to the purpose, whatever its recipient and state (the subject_id, purpose index). */
    public List<ConsentProjection> ofSubjectForPurpose(String subjectId, String purpose) {
        return list("subjectId = ?1 and purpose = ?2", subjectId, purpose);
    }
}
