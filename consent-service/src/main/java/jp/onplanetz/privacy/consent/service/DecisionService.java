package jp.onplanetz.privacy.consent.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.consent.decision.ConsentDecider;
import jp.onplanetz.privacy.consent.decision.ConsentProjection;
import jp.onplanetz.privacy.consent.decision.Decision;
import jp.onplanetz.privacy.consent.decision.PolicySnapshot;
import jp.onplanetz.privacy.consent.repository.ConsentRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.DataUseRecorded;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The purpose decision. A check is a read of the in-memory projection. A use is decided again under the
 * subject's lock against the database (so a withdrawal committed a moment ago always wins) and answered
 * PERMIT only with its data-use event in the outbox, in the same transaction.
 */
@ApplicationScoped
public class DecisionService {

    /** The question: may data of {@code subjectId} in {@code categories} be used for {@code purpose} (by {@code recipient})? */
    public record Question(String subjectId, String purpose, List<String> categories, String recipient) {
    }

    /** An APPI Art. 27(1) ground claimed for a use, with the claimant's written justification. */
    public record LegalException(String ground, String justification) {
    }

    /** A use's answer; {@code useId} is the recorded use's id (null when denied). */
    public record UseOutcome(Decision decision, UUID useId, Instant decidedAt, boolean reviewRequired) {
    }

    private final ConsentProjection projection;
    private final ConsentRepository consents;
    private final PolicyInForce policyInForce;
    private final Outbox outbox;

    public DecisionService(ConsentProjection projection, ConsentRepository consents, PolicyInForce policyInForce,
            Outbox outbox) {
        this.projection = projection;
        this.consents = consents;
        this.policyInForce = policyInForce;
        this.outbox = outbox;
    }

    /**
     * @throws ProblemException 503 while the projection is not loaded (a replica starting): every answer would be a
     *         DENY, which a caller takes as final; readiness says the same, but a caller may reach the port before it
     *         is consulted
     */
    public Decision check(Question q) {
        if (!projection.isLoaded() || projection.policy().isEmpty()) {
            throw new ProblemException(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "decisions-unavailable",
                    "Consent decisions are not available yet: this instance is still loading consents. Try again."));
        }
        return ConsentDecider.decide(projection.policy().orElse(null), q.purpose(), q.categories(), q.recipient(),
                projection.openConsent(q.subjectId(), q.purpose(), q.recipient()), Instant.now());
    }

    @Transactional
    public UseOutcome use(Question q, String caller) {
        // Deny fast from memory: a denial writes nothing, so it needs no lock.
        Decision fast = check(q);
        if (!fast.permitted()) {
            return new UseOutcome(fast, null, Instant.now(), false);
        }
        outbox.lockKey(q.subjectId());
        PolicySnapshot policy = policyInForce.get().orElse(null);
        Decision decision = ConsentDecider.decide(policy, q.purpose(), q.categories(), q.recipient(),
                consents.open(q.subjectId(), q.purpose(), q.recipient()).map(c -> c.toState()), Instant.now());
        if (!decision.permitted()) {
            return new UseOutcome(decision, null, Instant.now(), false);
        }
        return record(q, decision, caller, null, policy);
    }

    /**
     * A use on an APPI Art. 27(1) ground, without consent. The caller's role was checked by the resource;
     * the categories must still be known (the record must say what was given), but the purpose and
     * recipient may lie outside the policy (a court, the police, a public health authority).
     */
    @Transactional
    public UseOutcome useOnLegalGround(Question q, LegalException ground, String caller) {
        PolicySnapshot policy = projection.policy().orElse(null);
        if (policy == null) {
            return new UseOutcome(Decision.denied(Decision.Reason.NO_POLICY, "no policy version is published", null), null,
                    Instant.now(), false);
        }
        ConsentDecider.Expansion expansion = ConsentDecider.expand(policy.content(), q.categories());
        if (expansion.unknown() != null) {
            return new UseOutcome(ConsentDecider.unknownCategory(expansion, policy.hash()), null, Instant.now(), false);
        }
        outbox.lockKey(q.subjectId());
        Decision decision = new Decision(true, Decision.Reason.LEGAL_EXCEPTION, "APPI Art. 27(1): " + ground.ground(),
                Decision.Basis.LEGAL_EXCEPTION, null, policy.hash(), expansion.items());
        return record(q, decision, caller, ground, policy);
    }

    private UseOutcome record(Question q, Decision decision, String caller, LegalException ground, PolicySnapshot policy) {
        UUID useId = UUID.randomUUID();
        var decidedAt = DatabaseClock.now();
        // The record of provision must identify the recipient (APPI Rules Art. 20): say it as the policy the
        // decision was made under said it, so that the record does not depend on a later version.
        DataUseRecorded.RecipientIdentity identity = q.recipient() == null ? null : policy.content()
                .recipient(q.recipient())
                .map(r -> new DataUseRecorded.RecipientIdentity(r.name(), r.address(), r.representative()))
                .orElse(null);
        DataUseRecorded event = new DataUseRecorded(useId, q.subjectId(), q.purpose(), decision.categories(),
                q.recipient(), identity, decision.basis().code(), decision.consentId(), decision.policyVersion(),
                ground == null ? null : ground.ground(), ground == null ? null : ground.justification(), caller,
                ground != null, decidedAt);
        outbox.publish(EventCatalogue.DATA_USE_RECORDED, q.subjectId(), event);
        return new UseOutcome(decision, useId, decidedAt.toInstant(), ground != null);
    }
}
