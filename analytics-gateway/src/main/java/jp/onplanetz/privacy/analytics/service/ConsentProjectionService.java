package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.ConsentProjection;
import jp.onplanetz.privacy.analytics.repository.ConsentProjectionRepository;

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

    public void granted(String eventId, JsonNode e) {
        ConsentProjection p = projectionOf(e);
        p.grantedAt = time(e, "grantedAt");
        p.expiresAt = time(e, "expiresAt");
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
    public void reconsentRequired(String eventId, JsonNode e) {
        ConsentProjection p = projectionOf(e);
        if (p.state == null || p.state.equals("granted")) {
            p.state = "reconsent-required";
        }
        touch(p, eventId);
    }

    /** A renewing grant names the consent it replaces; that one no longer counts. */
    public void superseded(String eventId, UUID consentId) {
        projections.findByIdOptional(consentId).filter(p -> !p.state.equals("withdrawn")).ifPresent(p -> {
            p.state = "superseded";
            touch(p, eventId);
        });
    }

    public void withdrawn(String eventId, JsonNode e) {
        ConsentProjection p = projectionOf(e);
        p.state = "withdrawn";
        p.withdrawnAt = time(e, "withdrawnAt");
        touch(p, eventId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentProjection> ofSubject(String subjectId) {
        return projections.ofSubject(subjectId);
    }

    /** The consent's projection (new if this is the first event about it), with the fields every event carries. */
    private ConsentProjection projectionOf(JsonNode e) {
        UUID id = UUID.fromString(e.get("consentId").asText());
        ConsentProjection p = projections.findByIdOptional(id).orElseGet(ConsentProjection::new);
        p.consentId = id;
        p.subjectId = e.get("subjectId").asText();
        p.purpose = e.get("purpose").asText();
        p.recipient = text(e, "recipient");
        return p;
    }

    private void touch(ConsentProjection p, String eventId) {
        p.lastEventId = eventId;
        p.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        projections.persist(p);
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static OffsetDateTime time(JsonNode e, String field) {
        String t = text(e, field);
        return t == null ? null : OffsetDateTime.parse(t);
    }
}
