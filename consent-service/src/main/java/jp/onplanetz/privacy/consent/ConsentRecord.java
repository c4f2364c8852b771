package jp.onplanetz.privacy.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jp.onplanetz.privacy.consent.decision.ConsentState;
import jp.onplanetz.privacy.consent.repository.CodeListConverter;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The current state of one consent a subject gave to one purpose (and, for a third-party purpose, to one
 * recipient): a projection of its {@link ConsentHistoryEntry history}, changed only together with it. What
 * was agreed (purpose, recipient, categories, policy version, evidence) never changes after the grant.
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
    /** The category items the purpose used in the policy version consented to. */
    @Convert(converter = CodeListConverter.class)
    @Column(nullable = false, updatable = false)
    public List<String> categories;
    @Column(name = "policy_version", nullable = false, updatable = false)
    public String policyVersion;
    @Column(nullable = false, updatable = false)
    public String method;
    @Column(updatable = false)
    public String channel;
    @Column(name = "user_agent", updatable = false)
    public String userAgent;
    /** The client's IP address cut to its network (IPv4 /24, IPv6 /48): evidence, not a tracker. */
    @Column(name = "ip_prefix", updatable = false)
    public String ipPrefix;
    @Column(name = "granted_at", nullable = false, updatable = false)
    public OffsetDateTime grantedAt;
    @Column(name = "expires_at", updatable = false)
    public OffsetDateTime expiresAt;
    @Column(name = "granted_by", nullable = false, updatable = false)
    public String grantedBy;
    @Column(nullable = false)
    public String state;
    @Column(name = "withdrawn_at")
    public OffsetDateTime withdrawnAt;
    @Column(name = "withdrawn_by")
    public String withdrawnBy;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public ConsentState.State state() {
        return ConsentState.State.ofCode(state);
    }

    public ConsentState toState() {
        return new ConsentState(id, subjectId, purpose, recipient, state(), policyVersion, categories,
                expiresAt == null ? null : expiresAt.toInstant());
    }
}
