package jp.onplanetz.privacy.analytics;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The gateway's copy of one consent's current state, fed by consent events. */
@Entity
@Table(name = "consent_projection")
public class ConsentProjection extends PanacheEntityBase {
    @Id
    @Column(name = "consent_id")
    public UUID consentId;
    @Column(name = "subject_id", nullable = false)
    public String subjectId;
    @Column(nullable = false)
    public String purpose;
    public String recipient;
    @Column(nullable = false)
    public String state;
    @Column(name = "granted_at")
    public OffsetDateTime grantedAt;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    @Column(name = "withdrawn_at")
    public OffsetDateTime withdrawnAt;
    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
