package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code legal_exception_review}: the one review of the use {@code useId}. Never changed. */
@Entity
@Immutable
@Table(name = "legal_exception_review")
public class LegalExceptionReviewRow extends PanacheEntityBase {
    @Id
    @Column(name = "use_id")
    public UUID useId;
    public String outcome;
    public String remediation;
    public String note;
    @Column(name = "reviewed_by")
    public String reviewedBy;
    @Column(name = "reviewed_at")
    public Instant reviewedAt;
}
