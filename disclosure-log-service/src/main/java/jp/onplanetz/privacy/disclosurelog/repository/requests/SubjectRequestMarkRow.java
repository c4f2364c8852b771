package jp.onplanetz.privacy.disclosurelog.repository.requests;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code subject_request_mark}, as {@link SubjectRequestMarkRepository} reads it; never changed. */
@Entity
@Immutable
@Table(name = "subject_request_mark")
public class SubjectRequestMarkRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "subject_id")
    public String subjectId;
    @Column(name = "request_id")
    public UUID requestId;
    @Column(name = "request_type")
    public String requestType;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> purposes;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> recipients;
    @Column(name = "marked_at")
    public Instant markedAt;
    @Column(name = "event_id")
    public String eventId;

    SubjectRequestMark mark() {
        return new SubjectRequestMark(id, subjectId, requestId, requestType, List.copyOf(purposes),
                List.copyOf(recipients), markedAt, eventId);
    }
}
