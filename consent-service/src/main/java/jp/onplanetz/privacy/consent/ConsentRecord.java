package jp.onplanetz.privacy.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One consent a subject gave to one purpose (and, for a third-party purpose, to one recipient). A
 * withdrawal closes it; it is never deleted, so the record of what was agreed when survives.
 */
@Entity
@Table(name = "consent_record")
public class ConsentRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "subject_id", nullable = false, updatable = false)
    public String subjectId;
    @Column(nullable = false, updatable = false)
    public String purpose;
    @Column(updatable = false)
    public String recipient;
    @Column(nullable = false, updatable = false)
    public String method;
    @Column(name = "granted_at", nullable = false, updatable = false)
    public OffsetDateTime grantedAt;
    @Column(name = "expires_at", updatable = false)
    public OffsetDateTime expiresAt;
    @Column(name = "granted_by", nullable = false, updatable = false)
    public String grantedBy;
    @Column(name = "withdrawn_at")
    public OffsetDateTime withdrawnAt;
    @Column(name = "withdrawn_by")
    public String withdrawnBy;

    public boolean isWithdrawn() {
        return withdrawnAt != null;
    }
}
