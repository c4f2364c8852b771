package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.ConsentProjection;
import jp.onplanetz.privacy.analytics.repository.ConsentProjectionRepository;
import jp.onplanetz.privacy.events.payload.ConsentGranted;
import jp.onplanetz.privacy.events.payload.ConsentReconsentRequired;
import jp.onplanetz.privacy.events.payload.ConsentWithdrawn;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Applies consent events to the projection. Idempotence is the caller's inbox check. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ConsentProjectionService {

    private final ConsentProjectionRepository projections;

    public ConsentProjectionService(ConsentProjectionRepository projections) {
        this.projections = projections;
    }

    /** A grant; a renewing one also supersedes the consent it names. */
    public void granted(String eventId, ConsentGranted e) {
        if (e.supersedes() != null) {
            superseded(eventId, e.supersedes());
        }
        ConsentProjection p = projectionOf(e.consentId(), e.subjectId(), e.purpose(), e.recipient());
        p.grantedAt = e.grantedAt();
        p.expiresAt = e.expiresAt();
        // A withdrawal can only follow its grant on the topic (one key, one partition): a grant never reopens it.
        if (p.state == null) {
            p.state = "granted";
        }
        touch(p, eventId);
    }

    /**
     * A policy change voided the consent until the subject renews it. Only a consent that counts moves
     * there: a late delivery must not reopen one already superseded or withdrawn.
     */
    public void reconsentRequired(String eventId, ConsentReconsentRequired e) {
        ConsentProjection p = projectionOf(e.consentId(), e.subjectId(), e.purpose(), e.recipient());
        if (p.state == null || p.state.equals("granted")) {
            p.state = "reconsent-required";
        }
        touch(p, eventId);
    }

    /** A renewing grant names the consent it replaces; that one no longer counts. */
    private void superseded(String eventId, UUID consentId) {
        projections.findByIdOptional(consentId).filter(p -> !p.state.equals("withdrawn")).ifPresent(p -> {
            p.state = "superseded";
            touch(p, eventId);
        });
    }

    public void withdrawn(String eventId, ConsentWithdrawn e) {
        ConsentProjection p = projectionOf(e.consentId(), e.subjectId(), e.purpose(), e.recipient());
        p.state = "withdrawn";
        p.withdrawnAt = e.withdrawnAt();
        touch(p, eventId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentProjection> ofSubject(String subjectId) {
        return projections.ofSubject(subjectId);
    }

    /** The consent's projection (new if this is the first event about it), with the fields every event carries. */
    private ConsentProjection projectionOf(UUID consentId, String subjectId, String purpose, String recipient) {
        ConsentProjection p = projections.findByIdOptional(consentId).orElseGet(ConsentProjection::new);
        p.consentId = consentId;
        p.subjectId = subjectId;
        p.purpose = purpose;
        p.recipient = recipient;
        return p;
    }

    private void touch(ConsentProjection p, String eventId) {
        p.lastEventId = eventId;
        p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        projections.persist(p);
    }
}
