package jp.onplanetz.privacy.disclosurelog.service.registers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.Entrustment;
import jp.onplanetz.privacy.disclosurelog.SupervisionCheck;
import jp.onplanetz.privacy.disclosurelog.SupervisionResult;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.repository.registers.EntrustmentRepository;
import jp.onplanetz.privacy.disclosurelog.repository.registers.SupervisionCheckRepository;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The entrustment register: entries and their supervision checks, added and read, never changed. No events:
 * an entrustment is not a provision to a third party, and nothing else in the suite acts on it.
 */
@ApplicationScoped
@Transactional
public class EntrustmentService {

    /** A new entry as the privacy officer describes it. */
    public record Registration(String subcontractorName, String subcontractorAddress,
            String subcontractorRepresentative, List<String> dataItems, String purpose,
            LocalDate confidentialityAgreementDate) {
    }

    /** One page of the register and how many entries it has in all. */
    public record Listing(List<Entrustment> items, long total) {
    }

    private final EntrustmentRepository entrustments;
    private final SupervisionCheckRepository checks;
    private final DisclosureLogConfig config;

    public EntrustmentService(EntrustmentRepository entrustments, SupervisionCheckRepository checks,
            DisclosureLogConfig config) {
        this.entrustments = entrustments;
        this.checks = checks;
        this.config = config;
    }

    public Entrustment register(Registration r, String actor) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        DataItems.check(r.dataItems(), invalid);
        // Data may be entrusted only once the subcontractor is bound to confidentiality: an agreement still
        // to be signed is not one yet.
        if (r.confidentialityAgreementDate().isAfter(today())) {
            invalid.add(new Problem.InvalidParam("confidentialityAgreementDate", "must not be in the future"));
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The request has invalid fields.", invalid));
        }
        Entrustment e = new Entrustment();
        e.id = UUID.randomUUID();
        e.subcontractorName = r.subcontractorName();
        e.subcontractorAddress = r.subcontractorAddress();
        e.subcontractorRepresentative = r.subcontractorRepresentative();
        // The same item named twice is one item entrusted.
        e.dataItems = List.copyOf(new LinkedHashSet<>(r.dataItems()));
        e.purpose = r.purpose();
        e.confidentialityAgreementDate = r.confidentialityAgreementDate();
        e.createdAt = DatabaseClock.now();
        e.createdBy = actor;
        entrustments.persist(e);
        return e;
    }

    /**
     * Records a check of the subcontractor. It cannot be dated in the future (it has not happened) nor before
     * the confidentiality agreement (there was no entrustment yet to supervise).
     */
    public SupervisionCheck recordCheck(UUID entrustmentId, LocalDate checkedOn, SupervisionResult result,
            String note, String actor) {
        Entrustment e = get(entrustmentId);
        if (checkedOn.isAfter(today())) {
            throw ProblemException.invalidField("checkedOn", "must not be in the future");
        }
        if (checkedOn.isBefore(e.confidentialityAgreementDate)) {
            throw ProblemException.invalidField("checkedOn",
                    "must not be before the confidentiality agreement of " + e.confidentialityAgreementDate);
        }
        if (result == SupervisionResult.ISSUES_FOUND && (note == null || note.isBlank())) {
            throw ProblemException.invalidField("note", "say what the issues were");
        }
        SupervisionCheck c = new SupervisionCheck();
        c.id = UUID.randomUUID();
        c.entrustmentId = e.id;
        c.checkedOn = checkedOn;
        c.result = result.code();
        c.note = note == null || note.isBlank() ? null : note;
        c.recordedBy = actor;
        c.recordedAt = DatabaseClock.now();
        checks.persist(c);
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Entrustment get(UUID id) {
        return entrustments.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("entrustment " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SupervisionCheck> checksOf(UUID entrustmentId) {
        return checks.of(entrustmentId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SupervisionCheck check(UUID entrustmentId, UUID checkId) {
        return checks.of(entrustmentId, checkId)
                .orElseThrow(() -> ProblemException.notFound("supervision check " + checkId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(int page, int size) {
        return new Listing(entrustments.page(page, size), entrustments.count());
    }

    private LocalDate today() {
        return LocalDate.now(config.zone());
    }

}
