package jp.onplanetz.privacy.datarequest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One request of a data subject. What was asked, by whom and when never changes; only the state moves on.
 * It is never deleted: the record of how the company answered is itself evidence.
 */
@Entity
@Table(name = "data_request")
public class DataRequest extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "subject_id", nullable = false, updatable = false)
    public String subjectId;
    /** A {@link RequestType} code. */
    @Column(name = "request_type", nullable = false, updatable = false)
    public String requestType;
    /** A {@link DisclosureFormat} code, for disclosures only. */
    @Column(updatable = false)
    public String format;
    /** A {@link RequestStatus} code. */
    @Column(nullable = false)
    public String status;
    /** A {@link Party} code. */
    @Column(name = "filed_by", nullable = false, updatable = false)
    public String filedBy;
    @Column(name = "filed_by_id", nullable = false, updatable = false)
    public String filedById;
    @Column(name = "verification_note", updatable = false)
    public String verificationNote;
    @Column(name = "received_at", nullable = false, updatable = false)
    public OffsetDateTime receivedAt;
    @Column(name = "due_at", nullable = false, updatable = false)
    public OffsetDateTime dueAt;
    @Column(updatable = false)
    public String details;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "purpose_codes", updatable = false)
    public List<String> purposeCodes;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "recipient_codes", updatable = false)
    public List<String> recipientCodes;
    @Column(name = "cancelled_at")
    public OffsetDateTime cancelledAt;
    /** A {@link Party} code. */
    @Column(name = "cancelled_by")
    public String cancelledBy;
    @Column(name = "cancelled_by_id")
    public String cancelledById;

    public RequestStatus status() {
        return RequestStatus.ofCode(status).orElseThrow();
    }

    /** Still open after its due time: what the privacy officer must chase. */
    public boolean isOverdue(OffsetDateTime now) {
        return status().isOpen() && dueAt.isBefore(now);
    }
}
