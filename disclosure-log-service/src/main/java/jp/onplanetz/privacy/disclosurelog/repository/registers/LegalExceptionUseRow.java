package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code legal_exception_use}: a use on an APPI Art. 27(1) ground as consent-service reported it; its review
 * is a {@link LegalExceptionReviewRow}. Never changed.
 */
@Entity
@Immutable
@Table(name = "legal_exception_use")
public class LegalExceptionUseRow extends PanacheEntityBase {
    @Id
    @Column(name = "use_id")
    public UUID useId;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "subject_id")
    public String subjectId;
    public String purpose;
    public String recipient;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> categories;
    @Column(name = "reason_code")
    public String reasonCode;
    public String justification;
    public String caller;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "received_at")
    public Instant receivedAt;
}
