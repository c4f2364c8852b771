package jp.onplanetz.privacy.consent.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.Purpose;
import jp.onplanetz.privacy.consent.repository.ConsentRepository;
import jp.onplanetz.privacy.consent.repository.PurposeRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.StoredTime;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Grants and withdrawals; each commits with its event in the outbox. */
@ApplicationScoped
@Transactional
public class ConsentService {

    /** How a consent was collected. */
    public enum Method {
        @com.fasterxml.jackson.annotation.JsonProperty("web-form") WEB_FORM,
        @com.fasterxml.jackson.annotation.JsonProperty("mobile-app") MOBILE_APP,
        @com.fasterxml.jackson.annotation.JsonProperty("paper") PAPER,
        @com.fasterxml.jackson.annotation.JsonProperty("api") API;

        public String code() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final ConsentRepository consents;
    private final PurposeRepository purposes;
    private final Outbox outbox;

    public ConsentService(ConsentRepository consents, PurposeRepository purposes, Outbox outbox) {
        this.consents = consents;
        this.purposes = purposes;
        this.outbox = outbox;
    }

    public ConsentRecord grant(String subjectId, String purposeCode, String recipient, OffsetDateTime expiresAt,
            Method method, String actor) {
        Purpose purpose = purposes.findByIdOptional(purposeCode)
                .orElseThrow(() -> ProblemException.invalidField("purpose", "unknown purpose '" + purposeCode + "'"));
        if (purpose.thirdParty && recipient == null) {
            throw ProblemException.invalidField("recipient", "a third-party purpose needs the recipient");
        }
        if (!purpose.thirdParty && recipient != null) {
            throw ProblemException.invalidField("recipient", "purpose '" + purposeCode + "' gives no data to a third party");
        }
        OffsetDateTime now = StoredTime.now();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        ConsentRecord c = new ConsentRecord();
        c.id = UUID.randomUUID();
        c.subjectId = subjectId;
        c.purpose = purpose.code;
        c.recipient = recipient;
        c.method = method.code();
        c.grantedAt = now;
        c.expiresAt = expiresAt == null ? null : expiresAt.withOffsetSameInstant(ZoneOffset.UTC);
        c.grantedBy = actor;
        consents.persist(c);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("consentId", c.id.toString());
        event.put("subjectId", subjectId);
        event.put("purpose", c.purpose);
        event.put("recipient", c.recipient);
        event.put("grantedAt", c.grantedAt);
        event.put("expiresAt", c.expiresAt);
        event.put("method", c.method);
        event.put("actor", actor);
        outbox.publish(EventCatalogue.CONSENT_GRANTED, subjectId, event);
        return c;
    }

    /** Withdraws one consent; withdrawing one already withdrawn is a conflict, not a silent success. */
    public ConsentRecord withdraw(String subjectId, UUID consentId, String actor) {
        ConsentRecord c = consents.ofSubject(subjectId, consentId)
                .orElseThrow(() -> ProblemException.notFound("consent " + consentId));
        if (c.isWithdrawn()) {
            throw ProblemException.conflict("already-withdrawn", "consent " + consentId + " was withdrawn at " + c.withdrawnAt);
        }
        c.withdrawnAt = StoredTime.now();
        c.withdrawnBy = actor;

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("consentId", c.id.toString());
        event.put("subjectId", subjectId);
        event.put("purpose", c.purpose);
        event.put("recipient", c.recipient);
        event.put("withdrawnAt", c.withdrawnAt);
        event.put("actor", actor);
        outbox.publish(EventCatalogue.CONSENT_WITHDRAWN, subjectId, event);
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentRecord> ofSubject(String subjectId) {
        return consents.ofSubject(subjectId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Purpose> purposes() {
        return purposes.allByCode();
    }

}
