package jp.onplanetz.privacy.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One thing that happened to a consent. Append-only (the database refuses updates and deletes), so the
 * history of what a subject agreed to and when can be shown to the subject and to a regulator.
 */
@Entity
@Table(name = "consent_history")
public class ConsentHistoryEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "consent_id", nullable = false, updatable = false)
    public UUID consentId;
    @Column(name = "subject_id", nullable = false, updatable = false)
    public String subjectId;
    @Column(nullable = false, updatable = false)
    public String action;
    @Column(name = "policy_version", nullable = false, updatable = false)
    public String policyVersion;
    @Column(name = "occurred_at", nullable = false, updatable = false)
    public OffsetDateTime occurredAt;
    @Column(nullable = false, updatable = false)
    public String actor;
    /** The event's payload as published: what changed and why, in the words of the event contract. */
    @Column(nullable = false, updatable = false)
    public String detail;
}
