package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code legal_hold_release}: the release of the hold {@code holdId}. Never changed. */
@Entity
@Immutable
@Table(name = "legal_hold_release")
public class LegalHoldReleaseRow extends PanacheEntityBase {
    @Id
    @Column(name = "hold_id")
    public UUID holdId;
    public String reason;
    @Column(name = "released_by")
    public String releasedBy;
    @Column(name = "released_at")
    public Instant releasedAt;
}
