package jp.onplanetz.privacy.disclosurelog.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;
import jp.onplanetz.privacy.disclosurelog.repository.LedgerRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies the whole ledger as stored, against the checkpoints it signed: see {@link LogAudit} for what is
 * checked. Reads each log in its own read-only transaction through a cursor, so memory stays flat however long the
 * logs are.
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
    private final ObjectMapper json;

    public LedgerVerificationService(LedgerRepository ledger, CheckpointKey key, ObjectMapper json) {
        this.ledger = ledger;
        this.key = key;
        this.json = json;
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
            results.add(QuarkusTransaction.requiringNew().timeout(3600).call(() -> verifyLog(log.getKey(), log.getValue(), verifier)));
        }
        long entries = results.stream().mapToLong(LogAudit.Result::entries).sum();
        int checkpoints = results.stream().mapToInt(LogAudit.Result::checkpointsVerified).sum();
        return new Report(results.stream().allMatch(LogAudit.Result::intact), entries, checkpoints, results, start,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    private LogAudit.Result verifyLog(String logId, String origin, CheckpointVerifier verifier) {
        LogAudit audit = new LogAudit(logId, origin, ledger.checkpoints(logId), verifier);
        ledger.streamEntries(logId, audit::accept, this::indexMismatch);
        return audit.finish(ledger.head(logId).map(LedgerRepository.Head::nextSeq).orElse(0L));
    }

    /**
     * The query columns beside a record decide who finds it (its subject's download, the officer's query by
     * recipient and period): changing them would hide a record without touching its bytes, so they must say what
     * the bytes say.
     */
    private String indexMismatch(String payload, LedgerRepository.IndexColumns columns, String logId, long seq) {
        JsonNode record;
        try {
            record = json.readTree(payload);
        } catch (Exception e) {
            return "the record's bytes are not JSON";
        }
        List<String> differ = new ArrayList<>();
        if (!columns.kind().equals(record.path("kind").asText())) {
            differ.add("kind");
        }
        if (!columns.subjectId().equals(record.path("subject").path("id").asText())) {
            differ.add("subject_id");
        }
        if (!columns.counterparty().equals(RecordBodies.counterparty(record))) {
            differ.add("counterparty");
        }
        if (!columns.firstDay().toString().equals(record.path("period").path("firstDay").asText())) {
            differ.add("first_day");
        }
        if (!columns.lastDay().toString().equals(record.path("period").path("lastDay").asText())) {
            differ.add("last_day");
        }
        if (!columns.logId().equals(logId) || columns.seq() != seq) {
            differ.add("log_id/seq");
        }
        return differ.isEmpty() ? null : "the record's query columns " + differ + " no longer say what its bytes say";
    }
}
