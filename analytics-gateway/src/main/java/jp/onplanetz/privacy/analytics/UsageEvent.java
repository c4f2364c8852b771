package jp.onplanetz.privacy.analytics;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One usage event as the gateway keeps it: pseudonyms and generalised attributes, never a raw identifier. The
 * raw event exists only in memory between the door and this row.
 */
@Entity
@Table(name = "usage_event")
public class UsageEvent extends PanacheEntityBase {
    /**
     * The table's key is (id, occurred_at), as a table partitioned by occurred_at needs; the id alone names the
     * event (it is made from the event's time and its delivery id, see TimeOrderedIds), so it is the entity's id.
     */
    @Id
    public UUID id;
    @Column(name = "subject_pseudonym")
    public String subjectPseudonym;
    @Column(name = "anonymous_pseudonym")
    public String anonymousPseudonym;
    @Column(name = "cookie_pseudonym")
    public String cookiePseudonym;
    @Column(name = "terminal_pseudonym")
    public String terminalPseudonym;
    @Column(name = "key_version", nullable = false)
    public int keyVersion;
    @Column(name = "ip_prefix")
    public String ipPrefix;
    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt;
    @Column(name = "event_type", nullable = false)
    public String eventType;
    public String page;
    @Column(nullable = false)
    public String gender;
    @Column(name = "age_band", nullable = false)
    public String ageBand;
    @Column(nullable = false)
    public String prefecture;
    @Column(nullable = false)
    public String region;
    @Column(name = "job_class", nullable = false)
    public String jobClass;
    @Column(name = "company_size", nullable = false)
    public String companySize;
    @Column(name = "company_sector", nullable = false)
    public String companySector;
    @Column(name = "consented_for_analytics", nullable = false)
    public boolean consentedForAnalytics;
    @Column(name = "ingested_at", nullable = false)
    public OffsetDateTime ingestedAt;
}
