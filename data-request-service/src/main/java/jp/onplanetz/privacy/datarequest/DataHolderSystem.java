package jp.onplanetz.privacy.datarequest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * A system that holds personal data and must carry out requests: one of the suite's services, or an outside system
 * registered by a privacy officer. It reads the task topic and answers under its code as CloudEvents source
 * ({@code /privacy-ops/<code>}).
 */
@Entity
@Table(name = "data_holder_system")
public class DataHolderSystem extends PanacheEntityBase {
    @Id
    public String code;
    @Column(nullable = false)
    public String name;
    public String description;
    public String contact;
    @Column(name = "part_of_suite", nullable = false, updatable = false)
    public boolean partOfSuite;
    @Column(nullable = false)
    public boolean active;
    @Column(name = "registered_at", nullable = false, updatable = false)
    public OffsetDateTime registeredAt;
    @Column(name = "registered_by", nullable = false, updatable = false)
    public String registeredBy;
    @Column(name = "retired_at")
    public OffsetDateTime retiredAt;
    @Column(name = "retired_by")
    public String retiredBy;
}
