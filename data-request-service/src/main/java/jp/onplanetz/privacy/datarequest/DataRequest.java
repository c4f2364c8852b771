package jp.onplanetz.privacy.datarequest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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

    @Column(name = "verified_at")
    public OffsetDateTime verifiedAt;
    /** A {@link Party} code. */
    @Column(name = "verified_by")
    public String verifiedBy;
    @Column(name = "verified_by_id")
    public String verifiedById;
    /** A {@link VerificationMethod} code. */
    @Column(name = "verification_method")
    public String verificationMethod;
    /** What an operator recorded of the identity check (filed with the request, or with the later check). */
    @Column(name = "verification_note")
    public String verificationNote;
    /** Correction requests: field name to new value (null removes). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public Map<String, String> correction;
    /** Equal for the same request asked again by the same subject; see RequestFingerprint. */
    @Column(updatable = false)
    public String fingerprint;

    /** {@link ReviewReason} codes of the service's suggestion to refuse; null when none was made. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "review_reasons")
    public List<String> reviewReasons;
    /** The figures the suggestion rests on, as shown to the officer. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "review_figures")
    public Map<String, Object> reviewFigures;
    @Column(name = "review_flagged_at")
    public OffsetDateTime reviewFlaggedAt;
    /** proceed or refuse, once an officer decided on a suggestion. */
    @Column(name = "review_decision")
    public String reviewDecision;
    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;
    @Column(name = "reviewed_by_id")
    public String reviewedById;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "answer_by")
    public OffsetDateTime answerBy;
    /** How often the task was given out (1 at the start, one more for each re-assignment). */
    public int assignments;
    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "refused_at")
    public OffsetDateTime refusedAt;
    /** A {@link RefusalGround} code. */
    @Column(name = "refusal_ground")
    public String refusalGround;
    @Column(name = "refusal_explanation")
    public String refusalExplanation;
    @Column(name = "refused_by_id")
    public String refusedById;

    @Column(name = "overdue_flagged_at")
    public OffsetDateTime overdueFlaggedAt;

    public RequestStatus status() {
        return RequestStatus.ofCode(status).orElseThrow();
    }

    public RequestType type() {
        return RequestType.ofCode(requestType);
    }

    /** Verified, and held for a privacy officer because the service suggests a refusal. */
    public boolean awaitsReview() {
        return reviewReasons != null && reviewDecision == null && status().isOpen();
    }

    /** Still open after its due time: what the privacy officer must chase. */
    public boolean isOverdue(OffsetDateTime now) {
        return status().isOpen() && dueAt.isBefore(now);
    }
}
