package jp.onplanetz.privacy.consent.service;

import jp.onplanetz.privacy.events.WireCoded;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.decision.PolicySnapshot;
import jp.onplanetz.privacy.consent.decision.ConsentStanding;
import jp.onplanetz.privacy.consent.decision.ConsentState;
import jp.onplanetz.privacy.consent.policy.PolicyChange;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis;
import jp.onplanetz.privacy.consent.repository.ConsentHistoryRepository;
import jp.onplanetz.privacy.consent.repository.ConsentRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.ConsentGranted;
import jp.onplanetz.privacy.events.payload.ConsentReconsentRequired;
import jp.onplanetz.privacy.events.payload.ConsentWithdrawn;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Grants, withdrawals and renewals of consent. Each change appends to the consent's history, updates its
 * current state and writes its event to the outbox in one transaction.
 */
@ApplicationScoped
@Transactional
public class ConsentService {

    /** How a consent was collected. */
    public enum Method implements WireCoded {
        @JsonProperty("web-form") WEB_FORM,
        @JsonProperty("mobile-app") MOBILE_APP,
        @JsonProperty("paper") PAPER,
        @JsonProperty("api") API;
    }

    /** What the subject agreed to, and how: the request of a grant. */
    public record Grant(String purpose, String recipient, OffsetDateTime expiresAt, Method method, String channel,
            String userAgent, String ipPrefix) {
    }

    /** The consent a grant left open, and whether the grant made it (false: an identical repeat). */
    public record Granted(ConsentRecord consent, boolean created) {
    }

    /** Where a consent stood at an instant, with the consent it is about. */
    public record StandingAt(ConsentRecord consent, ConsentStanding standing) {
    }

    private final ConsentRepository consents;
    private final ConsentHistoryRepository history;
    private final PolicyInForce policyInForce;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Event<ConsentChanged> changed;

    public ConsentService(ConsentRepository consents, ConsentHistoryRepository history, PolicyInForce policyInForce,
            Outbox outbox, ObjectMapper json, Event<ConsentChanged> changed) {
        this.consents = consents;
        this.history = history;
        this.policyInForce = policyInForce;
        this.outbox = outbox;
        this.json = json;
        this.changed = changed;
    }

    /**
     * Records a grant under the current policy version. Repeating an identical grant changes nothing and
     * returns the consent it made; a different grant while one counts is a conflict (withdraw it first); a
     * grant while the old consent awaits renewal or has expired renews it (the old one is superseded).
     */
    public Granted grant(String subjectId, Grant g, String actor) {
        // Shared lock: a publication (which takes it exclusively) cannot slip between our reading the
        // current version and our commit, so no consent is ever stored against a superseded version unseen.
        outbox.lockKeyShared(EventCatalogue.POLICY_KEY);
        outbox.lockKey(subjectId);
        PolicySnapshot version = policyInForce.get()
                .orElseThrow(() -> new IllegalStateException("no policy version is published yet"));
        PolicyContent policy = version.content();
        PolicyContent.Purpose purpose = policy.purpose(g.purpose())
                .orElseThrow(() -> ProblemException.invalidField("purpose", "unknown purpose '" + g.purpose() + "'"));
        if (purpose.legalBasis() == LegalBasis.CONTRACT) {
            throw ProblemException.invalidField("purpose", "purpose '" + purpose.code()
                    + "' rests on providing the contracted service: it is not asked for consent");
        }
        if (purpose.thirdParty()) {
            if (g.recipient() == null) {
                throw ProblemException.invalidField("recipient", "a third-party purpose needs the recipient");
            }
            PolicyContent.Recipient recipient = policy.recipient(g.recipient()).orElseThrow(() ->
                    ProblemException.invalidField("recipient", "unknown recipient '" + g.recipient() + "'"));
            if (!recipient.purposes().contains(purpose.code())) {
                throw ProblemException.invalidField("recipient", "recipient '" + g.recipient()
                        + "' does not receive data for '" + purpose.code() + "'");
            }
        } else if (g.recipient() != null) {
            throw ProblemException.invalidField("recipient", "purpose '" + purpose.code() + "' gives no data to a third party");
        }
        OffsetDateTime now = DatabaseClock.now();
        OffsetDateTime expiresAt = g.expiresAt() == null ? null : g.expiresAt().withOffsetSameInstant(ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }

        Optional<ConsentRecord> open = consents.open(subjectId, purpose.code(), g.recipient());
        UUID supersedes = null;
        if (open.isPresent()) {
            ConsentRecord existing = open.get();
            boolean counts = existing.state() == ConsentState.State.GRANTED
                    && (existing.expiresAt == null || existing.expiresAt.isAfter(now));
            if (counts && existing.policyVersion.equals(version.hash())) {
                if (Objects.equals(existing.expiresAt == null ? null : existing.expiresAt.toInstant(),
                        expiresAt == null ? null : expiresAt.toInstant()) && existing.method.equals(g.method().code())) {
                    return new Granted(existing, false);
                }
                throw ProblemException.conflict("duplicate-grant", "consent " + existing.id + " to '" + purpose.code()
                        + "' already counts on other terms; withdraw it first to grant anew");
            }
            // It awaits renewal, expired, or was given under an older version: this grant renews it.
            supersedes = existing.id;
            closeAs(existing, ConsentState.State.SUPERSEDED, now, actor);
            // Hibernate flushes inserts before updates; the one-open-consent index needs the old one closed first.
            consents.flush();
        }

        ConsentRecord c = new ConsentRecord();
        c.id = UUID.randomUUID();
        c.subjectId = subjectId;
        c.purpose = purpose.code();
        c.recipient = g.recipient();
        c.categories = purpose.categories();
        c.policyVersion = version.hash();
        c.method = g.method().code();
        c.channel = g.channel();
        c.userAgent = g.userAgent();
        c.ipPrefix = g.ipPrefix();
        c.grantedAt = now;
        c.expiresAt = expiresAt;
        c.grantedBy = actor;
        c.state = ConsentState.State.GRANTED.code();
        c.updatedAt = now;
        consents.persist(c);

        ConsentGranted event = new ConsentGranted(c.id, subjectId, c.purpose, c.recipient, c.grantedAt, c.expiresAt,
                c.method, actor, c.policyVersion, c.categories, c.channel, supersedes);
        append(c, "granted", now, actor, c.policyVersion, event);
        outbox.publish(EventCatalogue.CONSENT_GRANTED, subjectId, event);
        changed.fire(new ConsentChanged(List.of(c.toState())));
        return new Granted(c, true);
    }

    /** Withdraws one consent: one call. Withdrawing one already closed is a conflict, not a silent success. */
    public ConsentRecord withdraw(String subjectId, UUID consentId, String actor) {
        outbox.lockKey(subjectId);
        ConsentRecord c = consents.ofSubject(subjectId, consentId)
                .orElseThrow(() -> ProblemException.notFound("consent " + consentId + " of this subject"));
        if (!c.toState().isOpen()) {
            throw ProblemException.conflict("already-closed", "consent " + consentId + " is " + c.state
                    + (c.withdrawnAt == null ? "" : " since " + c.withdrawnAt));
        }
        closeAs(c, ConsentState.State.WITHDRAWN, DatabaseClock.now(), actor);
        return c;
    }

    /**
     * Withdraws every open consent of the subject that {@code concerned} selects (all of them, or those of some
     * purposes or recipients: a data subject's request), in the caller's transaction, each exactly as one
     * withdrawal: its history entry, {@code consent.withdrawn.v1} and the decision projection. Consents already
     * withdrawn or superseded are left as they are, so repeating a request withdraws nothing more.
     *
     * @return the consents it withdrew, in the order they were granted (none if nothing open was selected)
     */
    public List<ConsentRecord> withdrawOpen(String subjectId, Predicate<ConsentRecord> concerned, String actor) {
        outbox.lockKey(subjectId);
        OffsetDateTime now = DatabaseClock.now();
        List<ConsentRecord> withdrawn = new ArrayList<>();
        for (ConsentRecord c : consents.ofSubject(subjectId)) {
            if (c.toState().isOpen() && concerned.test(c)) {
                closeAs(c, ConsentState.State.WITHDRAWN, now, actor);
                withdrawn.add(c);
            }
        }
        return withdrawn;
    }

    /** Called by a publication: the consent stops counting until the subject consents again. */
    void requireRenewal(ConsentRecord c, List<PolicyChange> voiding, String newVersion, OffsetDateTime now) {
        c.state = ConsentState.State.RECONSENT_REQUIRED.code();
        c.updatedAt = now;
        ConsentReconsentRequired event = new ConsentReconsentRequired(c.id, c.subjectId, c.purpose, c.recipient,
                newVersion, c.policyVersion, PolicyChange.published(voiding), now);
        append(c, "reconsent-required", now, "policy-publication", newVersion, event);
        outbox.publish(EventCatalogue.CONSENT_RECONSENT_REQUIRED, c.subjectId, event);
        changed.fire(new ConsentChanged(List.of(c.toState())));
    }

    /** Closes a consent: a withdrawal is its own event; a supersession travels in the renewing grant's event. */
    private void closeAs(ConsentRecord c, ConsentState.State state, OffsetDateTime now, String actor) {
        c.state = state.code();
        c.updatedAt = now;
        if (state == ConsentState.State.WITHDRAWN) {
            c.withdrawnAt = now;
            c.withdrawnBy = actor;
            ConsentWithdrawn event = new ConsentWithdrawn(c.id, c.subjectId, c.purpose, c.recipient, now, actor);
            append(c, "withdrawn", now, actor, c.policyVersion, event);
            outbox.publish(EventCatalogue.CONSENT_WITHDRAWN, c.subjectId, event);
        } else {
            // A supersession is published inside the renewing grant's event (its supersedes field).
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("consentId", c.id.toString());
            detail.put("supersededAt", now);
            append(c, "superseded", now, actor, c.policyVersion, detail);
        }
        changed.fire(new ConsentChanged(List.of(c.toState())));
    }

    /**
     * @param policyVersion the version the entry is under: the consent's own, or for a renewal required the new one
     * @param detail        the entry's facts: the event it published, or what the action adds
     */
    private void append(ConsentRecord c, String action, OffsetDateTime at, String actor, String policyVersion,
            Object detail) {
        ConsentHistoryEntry h = new ConsentHistoryEntry();
        h.consentId = c.id;
        h.subjectId = c.subjectId;
        h.action = action;
        h.policyVersion = policyVersion;
        h.occurredAt = at;
        h.actor = actor;
        h.detail = write(detail);
        history.persist(h);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentRecord> ofSubject(String subjectId) {
        return consents.ofSubject(subjectId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ConsentRecord ofSubject(String subjectId, UUID consentId) {
        return consents.ofSubject(subjectId, consentId)
                .orElseThrow(() -> ProblemException.notFound("consent " + consentId + " of this subject"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentHistoryEntry> history(UUID consentId) {
        return history.ofConsent(consentId);
    }

    /**
     * Where a consent stood at {@code at}, from its history. What the record adds (purpose, recipient,
     * categories, expiry) never changes after the grant, so the record and the history need not be read
     * in one transaction.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StandingAt standing(UUID consentId, Instant at) {
        ConsentRecord c = consents.findByIdOptional(consentId)
                .orElseThrow(() -> ProblemException.notFound("consent " + consentId));
        List<ConsentStanding.Entry> entries = history.ofConsent(consentId).stream()
                .map(h -> new ConsentStanding.Entry(h.seq, ConsentState.State.ofCode(h.action), h.policyVersion,
                        h.occurredAt.toInstant()))
                .toList();
        return new StandingAt(c, ConsentStanding.at(entries, c.expiresAt == null ? null : c.expiresAt.toInstant(), at));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
