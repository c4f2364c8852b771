package jp.onplanetz.privacy.datarequest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jp.onplanetz.privacy.events.WireCoded;
import jp.onplanetz.privacy.events.datarequest.Outcome;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** One system's part of one request: given out when the request starts, settled by the system's answer. */
@Entity
@Table(name = "request_task")
@IdClass(RequestTask.Key.class)
public class RequestTask extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;
    @Id
    public String system;
    @Column(name = "assigned_at", nullable = false)
    public OffsetDateTime assignedAt;
    @Column(name = "answer_by", nullable = false)
    public OffsetDateTime answerBy;
    /** An {@link Outcome} code; null until the system answers. */
    public String outcome;
    public String detail;
    public Integer affected;
    /** A disclosure's data, as the system sent it; removed when the bundle's retention ends. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> data;
    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;
    @Column(name = "answer_event_id")
    public String answerEventId;
    @Column(name = "overdue_flagged_at")
    public OffsetDateTime overdueFlaggedAt;
    @Column(name = "data_purged_at")
    public OffsetDateTime dataPurgedAt;

    /** Settled: answered with anything but a failure. */
    public boolean settled() {
        return outcome != null && WireCoded.ofCode(Outcome.class, outcome).orElseThrow().settles();
    }

    /** Still owed after its time (not answered, or answered with a failure). */
    public boolean isOverdue(OffsetDateTime now) {
        return !settled() && answerBy.isBefore(now);
    }

    /** The composite key (request, system). */
    public static class Key implements Serializable {
        public UUID requestId;
        public String system;

        public Key() {
        }

        public Key(UUID requestId, String system) {
            this.requestId = requestId;
            this.system = system;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(requestId, k.requestId) && Objects.equals(system, k.system);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, system);
        }
    }
}
