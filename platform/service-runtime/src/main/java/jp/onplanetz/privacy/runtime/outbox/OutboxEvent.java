package jp.onplanetz.privacy.runtime.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One event waiting in the outbox, written in the same transaction as the change it reports. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false, unique = true, updatable = false)
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String topic;

    @Column(name = "record_key", nullable = false, updatable = false)
    public String recordKey;

    @Column(name = "ce_type", nullable = false, updatable = false)
    public String type;

    @Column(name = "ce_source", nullable = false, updatable = false)
    public String source;

    @Column(name = "ce_subject", nullable = false, updatable = false)
    public String subject;

    @Column(name = "ce_time", nullable = false, updatable = false)
    public OffsetDateTime time;

    @Column(name = "ce_dataschema", nullable = false, updatable = false)
    public String dataSchema;

    @Column(nullable = false, updatable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;
}
