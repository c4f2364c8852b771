package jp.onplanetz.privacy.disclosurelog.service.registers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.repository.registers.LegalExceptionUseRepository;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse.Review;
import jp.onplanetz.privacy.disclosurelog.LegalExceptionUse.ReviewState;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.DataUseLegalExceptionReviewed;
import jp.onplanetz.privacy.events.payload.DataUseRecorded;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The review that closes a use made on an APPI Art. 27(1) ground. consent-service lets a privacy officer claim such a
 * ground on their own word and flags the use for review; another look, recorded with its outcome and reasons, is
 * what makes the claim answerable. Once per use; the review and its event commit together.
 */
@ApplicationScoped
@Transactional
public class LegalExceptionReviewService {

    /** The closed list of outcomes (see the event's schema for what each means). */
    public static final String UPHELD = "upheld";
    public static final String NOT_UPHELD = "not-upheld";
    public static final String OUTCOMES = UPHELD + "|" + NOT_UPHELD;

    private final LegalExceptionUseRepository register;
    private final Outbox outbox;

    public LegalExceptionReviewService(LegalExceptionUseRepository register, Outbox outbox) {
        this.register = register;
        this.outbox = outbox;
    }

    /**
     * Enters a use consent-service permitted on a legal exception into the register, where it awaits its review. A use
     * reported again (under another event id) stays one entry.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void registerUse(String eventId, DataUseRecorded use) {
        register.insert(eventId, new LegalExceptionUse(use.useId(), use.subjectId(), use.purpose(), use.recipient(),
                use.categories(), use.legalException(), use.justification(), use.caller(), use.decidedAt().toInstant(),
                Instant.now(), null));
    }

    /**
     * @throws ProblemException 400 naming {@code remediation} when it is missing for a use not upheld or given for
     *         one upheld; 404 for an unknown use; 409 when the use was reviewed already
     */
    public LegalExceptionUse review(UUID useId, String outcome, String remediation, String note, String officer) {
        if (NOT_UPHELD.equals(outcome) && remediation == null) {
            throw ProblemException.invalidField("remediation", "required when the outcome is not-upheld: what was done about the use");
        }
        if (UPHELD.equals(outcome) && remediation != null) {
            throw ProblemException.invalidField("remediation", "only for the outcome not-upheld");
        }
        LegalExceptionUse use = get(useId);
        Review review = new Review(outcome, remediation, note, officer, DatabaseClock.now().toInstant());
        if (use.review() != null || !register.review(useId, review)) {
            throw ProblemException.conflict("already-reviewed", "the use " + useId + " was reviewed already");
        }
        outbox.publish(EventCatalogue.DATA_USE_LEGAL_EXCEPTION_REVIEWED, use.subjectId(), new DataUseLegalExceptionReviewed(use.useId(),
                use.subjectId(), use.purpose(), use.recipient(), use.reasonCode(), use.decidedAt(), outcome, remediation,
                note, officer, review.reviewedAt()));
        return get(useId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LegalExceptionUse get(UUID useId) {
        return register.find(useId).orElseThrow(() -> ProblemException.notFound("legal-exception use " + useId));
    }

    /** One page of the register, and how many uses the filter matches in all. */
    public record Listing(List<LegalExceptionUse> items, long total) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing page(ReviewState state, int offset, int limit) {
        return new Listing(register.page(state, offset, limit), register.count(state));
    }
}
