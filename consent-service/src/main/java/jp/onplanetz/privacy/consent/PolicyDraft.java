package jp.onplanetz.privacy.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The one draft the privacy officers edit; publishing freezes a copy of it as a {@link PolicyVersion}. */
@Entity
@Table(name = "policy_draft")
public class PolicyDraft extends PanacheEntityBase {
    public static final short ID = 1;
    @Id
    public Short id;
    @Column(nullable = false)
    public String content;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
