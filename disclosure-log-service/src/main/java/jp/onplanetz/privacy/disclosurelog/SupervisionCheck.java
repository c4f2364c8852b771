package jp.onplanetz.privacy.disclosurelog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One check of how a subcontractor handles the entrusted data (APPI Art. 25), as recorded; never changed. */
@Entity
@Table(name = "entrustment_supervision_check")
public class SupervisionCheck extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "entrustment_id", nullable = false, updatable = false)
    public UUID entrustmentId;
    @Column(name = "checked_on", nullable = false, updatable = false)
    public LocalDate checkedOn;
    /** A {@link SupervisionResult} code. */
    @Column(nullable = false, updatable = false)
    public String result;
    @Column(updatable = false)
    public String note;
    @Column(name = "recorded_by", nullable = false, updatable = false)
    public String recordedBy;
    @Column(name = "recorded_at", nullable = false, updatable = false)
    public OffsetDateTime recordedAt;
}
