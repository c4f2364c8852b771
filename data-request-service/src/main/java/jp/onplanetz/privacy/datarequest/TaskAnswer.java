package jp.onplanetz.privacy.datarequest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An answer as it arrived, one row per event, whatever it changed: the trail of what every system said about a
 * request (the disclosed data itself is kept only on the task).
 */
@Entity
@Table(name = "task_answer")
public class TaskAnswer extends PanacheEntityBase {

    /** What an answer did to its task. */
    public enum Effect implements jp.onplanetz.privacy.events.WireCoded {
        /** It became the task's answer. */
        APPLIED,
        /** The system had already settled its part; the first settling answer stands. */
        ALREADY_ANSWERED,
        /** The request was cancelled or refused (or completed) before the answer came: kept, nothing moves. */
        REQUEST_CLOSED
    }

    @Id
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "request_id", nullable = false, updatable = false)
    public UUID requestId;
    @Column(nullable = false, updatable = false)
    public String system;
    @Column(nullable = false, updatable = false)
    public String outcome;
    @Column(nullable = false, updatable = false)
    public String detail;
    @Column(updatable = false)
    public Integer affected;
    @Column(name = "had_data", nullable = false, updatable = false)
    public boolean hadData;
    @Column(name = "answered_at", nullable = false, updatable = false)
    public OffsetDateTime answeredAt;
    @Column(name = "received_at", nullable = false, updatable = false)
    public OffsetDateTime receivedAt;
    @Column(nullable = false, updatable = false)
    public String effect;
}
