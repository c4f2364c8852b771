package jp.onplanetz.privacy.analytics;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One window of a definition, released with noisy figures or refused for lack of budget. */
@Entity
@Table(name = "statistics_release")
public class StatisticsRelease extends PanacheEntityBase {
    public static final String RELEASED = "released";
    public static final String REFUSED = "refused";

    @Id
    public UUID id;
    @Column(name = "definition_id", nullable = false)
    public UUID definitionId;
    @Column(nullable = false)
    public String recipient;
    @Column(name = "window_start", nullable = false)
    public OffsetDateTime windowStart;
    @Column(name = "window_end", nullable = false)
    public OffsetDateTime windowEnd;
    @Column(nullable = false)
    public String status;
    @Column(nullable = false)
    public BigDecimal epsilon;
    @Column(name = "budget_period", nullable = false)
    public String budgetPeriod;
    /** JSON array of {values, count}; noisy counts only. Null when refused. */
    public String cells;
    @Column(name = "suppressed_cells")
    public Integer suppressedCells;
    @Column(name = "decided_at", nullable = false)
    public OffsetDateTime decidedAt;
}
