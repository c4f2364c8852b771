package jp.onplanetz.privacy.disclosurelog.service.registers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.repository.registers.LegalHoldRepository;
import jp.onplanetz.privacy.disclosurelog.LegalHold;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Legal holds: while one stands over a record, or over every record of a subject, retention does not remove it
 * (litigation, a regulator's inquiry). The database function that redacts checks the holds itself, so a hold
 * protects even against a redaction run that started before it was placed and commits after.
 */
@ApplicationScoped
@Transactional
public class LegalHoldService {

    private final LegalHoldRepository holds;
    private final LedgerRepository ledger;

    public LegalHoldService(LegalHoldRepository holds, LedgerRepository ledger) {
        this.holds = holds;
        this.ledger = ledger;
    }

    public LegalHold place(String subjectId, UUID recordId, String reason, String actor) {
        if ((subjectId == null) == (recordId == null)) {
            throw new ProblemException(Problem.invalid("A hold covers one subject's records or one record.", List.of(
                    new Problem.InvalidParam(subjectId == null ? "subjectId" : "recordId",
                            "give exactly one of subjectId and recordId"))));
        }
        if (recordId != null && !ledger.exists(recordId)) {
            throw ProblemException.invalidField("recordId", "no record " + recordId);
        }
        UUID id = UUID.randomUUID();
        holds.place(id, subjectId, recordId, reason, actor, DatabaseClock.now().toInstant());
        return holds.find(id).orElseThrow();
    }

    public LegalHold release(UUID id, String reason, String actor) {
        LegalHold hold = get(id);
        Instant at = DatabaseClock.now().toInstant();
        if (!hold.active() || !holds.release(id, reason, actor, at)) {
            throw ProblemException.conflict("hold-released", "legal hold " + id + " was released already");
        }
        return get(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LegalHold get(UUID id) {
        return holds.find(id).orElseThrow(() -> ProblemException.notFound("legal hold " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<LegalHold> all() {
        return holds.all();
    }
}
