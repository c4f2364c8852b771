package jp.onplanetz.privacy.analytics;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A person whose usage events were erased on their request, and whose later events the door drops until they
 * consent again (a suppression list entry). Keyed by the raw subject id: see V5 for why.
 */
@Entity
@Table(name = "erasure_block")
public class ErasureBlock extends PanacheEntityBase {
    @Id
    @Column(name = "subject_id")
    public String subjectId;
    /** The latest request's erasure: only a consent granted after it lets events in again. */
    @Column(name = "blocked_at", nullable = false)
    public OffsetDateTime blockedAt;
    @Column(name = "request_id", nullable = false)
    public UUID requestId;
    @Column(name = "request_type", nullable = false)
    public String requestType;
}
