package jp.onplanetz.privacy.disclosurelog.service.ledger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies the whole ledger as stored, against the checkpoints it signed: see {@link LogAudit} for what is
 * checked, and {@link LedgerDatabase} for how it is read (the command-line verifier reads it the same way). Each
 * log is read in its own read-only snapshot through a cursor, so memory stays flat however long the logs are and
 * appends going on meanwhile do not look like damage.
 * <p>
 * Checked against the checkpoints in the database. A rewriter who also replaced those would need the signing key;
 * a reader who does not trust the database at all checks against the copies on the checkpoint topic instead
 * (the command-line verifier takes those).
 */
@ApplicationScoped
public class LedgerVerificationService {

    public record Report(boolean intact, long entries, int checkpointsVerified, List<LogAudit.Result> logs,
            Instant startedAt, long millis) {
    }

    private final LedgerRepository ledger;
    private final CheckpointKey key;

    public LedgerVerificationService(LedgerRepository ledger, CheckpointKey key) {
        this.ledger = ledger;
        this.key = key;
    }

    public Report verifyAll() {
        return verify(key.verifier());
    }

    public Report verify(CheckpointVerifier verifier) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        List<LogAudit.Result> results = new ArrayList<>();
        Map<String, String> origins = QuarkusTransaction.requiringNew().call(ledger::origins);
        for (Map.Entry<String, String> log : origins.entrySet()) {
            results.add(QuarkusTransaction.requiringNew().timeout(3600).call(() -> ledger.read(db -> {
                db.beginConsistentRead();
                return db.audit(log.getKey(), log.getValue(), db.checkpoints(log.getKey()), verifier);
            })));
        }
        long entries = results.stream().mapToLong(LogAudit.Result::entries).sum();
        int checkpoints = results.stream().mapToInt(LogAudit.Result::checkpointsVerified).sum();
        return new Report(results.stream().allMatch(LogAudit.Result::intact), entries, checkpoints, results, start,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }
}
