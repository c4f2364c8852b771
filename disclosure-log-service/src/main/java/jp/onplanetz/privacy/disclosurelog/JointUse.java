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
 * One published notice of joint use: the four things a data subject must be able to read before the joint use
 * starts (items, joint users, purposes, the person responsible). Never changed: a change of the arrangement is a
 * new entry that {@link #supersedes} this one, and the database refuses updates and deletes.
 */
@Entity
@Table(name = "joint_use")
public class JointUse extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(nullable = false, updatable = false)
    public String title;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "data_items", nullable = false, updatable = false)
    public List<String> dataItems;
    @Column(name = "joint_users_scope", nullable = false, updatable = false)
    public String jointUsersScope;
    @Column(nullable = false, updatable = false)
    public String purposes;
    @Column(name = "responsible_name", nullable = false, updatable = false)
    public String responsibleName;
    @Column(name = "responsible_address", nullable = false, updatable = false)
    public String responsibleAddress;
    @Column(name = "responsible_representative", updatable = false)
    public String responsibleRepresentative;
    @Column(name = "starts_on", nullable = false, updatable = false)
    public LocalDate startsOn;
    /** The entry this one replaces, if it is a change of an earlier arrangement. */
    @Column(updatable = false)
    public UUID supersedes;
    @Column(name = "published_at", nullable = false, updatable = false)
    public OffsetDateTime publishedAt;
    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
}
