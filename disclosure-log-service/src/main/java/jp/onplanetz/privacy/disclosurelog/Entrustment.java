package jp.onplanetz.privacy.disclosurelog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One entry of the entrustment register: which personal data items a subcontractor handles for us, for
 * what, and under which confidentiality agreement. Entries are never changed: a new arrangement is a new entry.
 */
@Entity
@Table(name = "entrustment")
public class Entrustment extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "subcontractor_name", nullable = false, updatable = false)
    public String subcontractorName;
    @Column(name = "subcontractor_address", nullable = false, updatable = false)
    public String subcontractorAddress;
    @Column(name = "subcontractor_representative", updatable = false)
    public String subcontractorRepresentative;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "data_items", nullable = false, updatable = false)
    public List<String> dataItems;
    @Column(nullable = false, updatable = false)
    public String purpose;
    @Column(name = "confidentiality_agreement_date", nullable = false, updatable = false)
    public LocalDate confidentialityAgreementDate;
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
}
