package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jp.onplanetz.privacy.disclosurelog.ReleaseStatus;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;
import jp.onplanetz.privacy.events.WireCoded;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code statistics_release}: a release or a refusal, the other kind's columns null (the table's checks
 * insist). Never changed.
 */
@Entity
@Immutable
@Table(name = "statistics_release")
public class StatisticsReleaseRow extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "event_id")
    public String eventId;
    /** A {@link ReleaseStatus} code. */
    public String status;
    @Column(name = "release_id")
    public UUID releaseId;
    @Column(name = "definition_id")
    public UUID definitionId;
    public String recipient;
    public String purpose;
    @Column(name = "window_start")
    public Instant windowStart;
    @Column(name = "window_end")
    public Instant windowEnd;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> dimensions;
    public String measure;
    public BigDecimal epsilon;
    @Column(name = "max_cells_per_person")
    public Integer maxCellsPerPerson;
    @Column(name = "minimum_people_per_cell")
    public Integer minimumPeoplePerCell;
    @Column(name = "released_cells")
    public Integer releasedCells;
    @Column(name = "suppressed_cells")
    public Integer suppressedCells;
    @Column(name = "budget_period")
    public String budgetPeriod;
    @Column(name = "budget_spent")
    public BigDecimal budgetSpent;
    @Column(name = "budget_cap")
    public BigDecimal budgetCap;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "received_at")
    public Instant receivedAt;

    static StatisticsReleaseRow of(StatisticsRelease r) {
        StatisticsReleaseRow row = new StatisticsReleaseRow();
        row.id = r.id();
        row.eventId = r.eventId();
        row.status = r.status().code();
        row.releaseId = r.releaseId();
        row.definitionId = r.definitionId();
        row.recipient = r.recipient();
        row.purpose = r.purpose();
        row.windowStart = r.windowStart();
        row.windowEnd = r.windowEnd();
        row.dimensions = r.dimensions();
        row.measure = r.measure();
        row.epsilon = r.epsilon();
        row.maxCellsPerPerson = r.maxCellsPerPerson();
        row.minimumPeoplePerCell = r.minimumPeoplePerCell();
        row.releasedCells = r.releasedCells();
        row.suppressedCells = r.suppressedCells();
        row.budgetPeriod = r.budgetPeriod();
        row.budgetSpent = r.budgetSpent();
        row.budgetCap = r.budgetCap();
        row.occurredAt = r.occurredAt();
        row.receivedAt = r.receivedAt();
        return row;
    }

    StatisticsRelease release() {
        return new StatisticsRelease(id, eventId, WireCoded.ofCode(ReleaseStatus.class, status).orElseThrow(), releaseId,
                definitionId, recipient, purpose, windowStart, windowEnd,
                dimensions == null ? null : List.copyOf(dimensions), measure, epsilon, maxCellsPerPerson,
                minimumPeoplePerCell, releasedCells, suppressedCells, budgetPeriod, budgetSpent, budgetCap, occurredAt,
                receivedAt);
    }
}
