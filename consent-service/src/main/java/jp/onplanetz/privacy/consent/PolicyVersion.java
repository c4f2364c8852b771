package jp.onplanetz.privacy.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A published policy version: immutable (the database refuses updates and deletes), named by its hash. */
@Entity
@Table(name = "policy_version")
public class PolicyVersion extends PanacheEntityBase {
    @Id
    @Column(name = "version_number")
    public Integer number;
    @Column(nullable = false, updatable = false)
    public String hash;
    /** The canonical JSON whose SHA-256 is {@link #hash}. */
    @Column(nullable = false, updatable = false)
    public String content;
    @Column(name = "previous_hash", updatable = false)
    public String previousHash;
    @Column(name = "published_at", nullable = false, updatable = false)
    public OffsetDateTime publishedAt;
    @Column(name = "published_by", nullable = false, updatable = false)
    public String publishedBy;
    @Column(updatable = false)
    public String summary;
    @Column(nullable = false, updatable = false)
    public String classification;
    /** The classified changes against the previous version, as JSON. */
    @Column(nullable = false, updatable = false)
    public String changes;
}
