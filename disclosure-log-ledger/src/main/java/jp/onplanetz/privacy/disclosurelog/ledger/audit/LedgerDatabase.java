package jp.onplanetz.privacy.disclosurelog.ledger.audit;

import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointVerifier;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The ledger's tables (see the service's migration {@code V2__provision_ledger.sql}) as an audit reads them, in
 * plain JDBC on a connection the caller owns: the service's pooled, transaction-enlisted one, or the command-line
 * verifier's own. One implementation, so that the endpoint and the outside verifier check exactly the same thing.
 * <p>
 * Reads only, in the caller's transaction; {@link #beginConsistentRead()} first makes the reads of one log agree
 * with each other while the service goes on appending.
 */
public final class LedgerDatabase {

    /** A checkpoint as kept somewhere (a table row, a topic record): its size as stored beside it, and the note. */
    public record StoredCheckpoint(long treeSize, String note) {
    }

    /** Rows per round trip of the entry cursor: memory stays flat whatever the log's length. */
    static final int FETCH_SIZE = 5_000;

    private final Connection connection;

    public LedgerDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Makes the rest of the current transaction one snapshot, read-only. Without it a log's head, read after its
     * entries, may count entries appended meanwhile and look like entries went missing. Must be the transaction's
     * first statement (PostgreSQL's rule for SET TRANSACTION).
     */
    public void beginConsistentRead() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("set transaction isolation level repeatable read, read only");
        }
    }

    /** Every log's id and checkpoint origin, by id. */
    public Map<String, String> logs() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select log_id, origin from ledger_log order by log_id");
             ResultSet rs = ps.executeQuery()) {
            Map<String, String> logs = new LinkedHashMap<>();
            while (rs.next()) {
                logs.put(rs.getString(1), rs.getString(2));
            }
            return logs;
        }
    }

    /** The number of entries the log's head says it has; empty when the log has no head row. */
    public Optional<Long> headSize(String logId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select next_seq from ledger_head where log_id = ?")) {
            ps.setString(1, logId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The log's rows of {@code ledger_checkpoint}, by size, notes as stored (not parsed: a row may not be one). */
    public List<StoredCheckpoint> checkpoints(String logId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "select tree_size, note from ledger_checkpoint where log_id = ? order by tree_size")) {
            ps.setString(1, logId);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredCheckpoint> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(new StoredCheckpoint(rs.getLong(1), rs.getString(2)));
                }
                return list;
            }
        }
    }

    /**
     * Streams a log's entries in index order, each with its record's bytes (null once redacted), whether a
     * redaction is recorded, and what its query columns disagree with ({@link RecordIndex}), to {@code sink} until
     * it returns false.
     * <p>
     * PostgreSQL's driver reads through a cursor, {@value #FETCH_SIZE} rows at a time, only inside a transaction;
     * with autocommit on it would load the whole log into memory, so that is refused.
     */
    public void streamEntries(String logId, Predicate<LogAudit.StoredEntry> sink) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("streaming a log needs a transaction (autocommit off) for its cursor");
        }
        try (PreparedStatement ps = connection.prepareStatement("select e.seq, e.record_id, e.kind, e.recorded_at,"
                + " e.payload_sha256, e.leaf_hash, e.chain_link, p.payload, r.redacted_at, p.kind, p.subject_id,"
                + " p.counterparty, p.first_day, p.last_day, p.log_id, p.seq, e.retain_until"
                + " from ledger_entry e left join ledger_payload p on p.record_id = e.record_id"
                + " left join ledger_redaction r on r.record_id = e.record_id where e.log_id = ? order by e.seq")) {
            ps.setString(1, logId);
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String payload = rs.getString(8);
                    String mismatch = payload == null ? null : RecordIndex.mismatch(payload, new RecordIndex.Columns(
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getDate(13).toLocalDate(),
                            rs.getDate(14).toLocalDate(), rs.getString(15), rs.getLong(16)), logId, seq);
                    java.sql.Timestamp redactedAt = rs.getTimestamp(9);
                    LogAudit.StoredEntry e = new LogAudit.StoredEntry(seq, rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getDate(17).toLocalDate(), rs.getBytes(5), rs.getBytes(6),
                            rs.getBytes(7), payload, redactedAt == null ? null : redactedAt.toInstant(), mismatch);
                    if (!sink.test(e)) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * Checks one log as stored against the given checkpoints ({@link LogAudit}): its entries, one pass, then its
     * head. Whose checkpoints they are is the caller's choice: the table's ({@link #checkpoints}), or copies kept
     * outside the database.
     *
     * @param checkpoints any order; duplicates are harmless. A note that cannot be read is the log's first break:
     *                    whoever can write the table could otherwise hide a checkpoint by garbling it.
     */
    public LogAudit.Result audit(String logId, String origin, Collection<StoredCheckpoint> checkpoints,
            CheckpointVerifier verifier) throws SQLException {
        List<SignedCheckpoint> signed = new ArrayList<>(checkpoints.size());
        for (StoredCheckpoint c : checkpoints) {
            try {
                signed.add(SignedCheckpoint.parse(c.note()));
            } catch (IllegalArgumentException e) {
                return new LogAudit.Result(logId, 0, 0, Optional.of(new LogAudit.Break(c.treeSize(), null,
                        "checkpoint-unreadable", "the checkpoint of size " + c.treeSize() + " is not a signed note: "
                                + e.getMessage())));
            }
        }
        LogAudit audit = new LogAudit(logId, origin, signed, verifier);
        streamEntries(logId, audit::accept);
        return audit.finish(headSize(logId).orElse(0L));
    }
}
