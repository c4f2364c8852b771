package jp.onplanetz.privacy.analytics;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What a recipient gets for each window: defined by a privacy officer, retired but never changed. */
@Entity
@Table(name = "release_definition")
public class ReleaseDefinition extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(nullable = false)
    public String recipient;
    @Column(name = "recipient_name", nullable = false)
    public String recipientName;
    @Column(nullable = false)
    public String purpose;
    /** Comma-separated, in cell order. */
    @Column(nullable = false)
    public String dimensions;
    @Column(nullable = false)
    public String measure;
    @Column(name = "window_seconds", nullable = false)
    public long windowSeconds;
    @Column(name = "starts_at", nullable = false)
    public OffsetDateTime startsAt;
    @Column(nullable = false)
    public BigDecimal epsilon;
    @Column(name = "min_people_per_cell", nullable = false)
    public int minPeoplePerCell;
    @Column(name = "max_cells_per_person", nullable = false)
    public int maxCellsPerPerson;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "retired_at")
    public OffsetDateTime retiredAt;

    public List<String> dimensionList() {
        return Arrays.asList(dimensions.split(","));
    }
}
