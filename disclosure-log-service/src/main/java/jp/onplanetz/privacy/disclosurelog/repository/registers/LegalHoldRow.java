package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code legal_hold}: a hold as placed; its release is a {@link LegalHoldReleaseRow}. Never changed. */
@Entity
@Immutable
@Table(name = "legal_hold")
public class LegalHoldRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "subject_id")
    public String subjectId;
    @Column(name = "record_id")
    public UUID recordId;
    public String reason;
    @Column(name = "placed_by")
    public String placedBy;
    @Column(name = "placed_at")
    public Instant placedAt;
}
