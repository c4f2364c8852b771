package jp.onplanetz.privacy.disclosurelog.service.ledger;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;

/**
 * Removes the bytes of records whose retention has run out, unless a legal hold covers them. The ledger entry
 * (hashes, no personal data) stays, so the chain and the tree still verify; the redaction itself is recorded.
 * The database function does the work as the owner: the service's own role cannot delete a record.
 */
@ApplicationScoped
public class RetentionService {

    private static final int BATCH = 1_000;

    private final LedgerRepository ledger;

    public RetentionService(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @Scheduled(cron = "${privacyops.disclosure-log.redaction-cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void redactExpired() {
        int total = redactExpiredNow();
        if (total > 0) {
            Log.infof("Redacted %d records at the end of their retention", total);
        }
    }

    /** Redacts in batches until nothing expired is left; returns how many. */
    public int redactExpiredNow() {
        int total = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> ledger.redactExpired(BATCH));
            total += n;
        } while (n == BATCH);
        return total;
    }
}
