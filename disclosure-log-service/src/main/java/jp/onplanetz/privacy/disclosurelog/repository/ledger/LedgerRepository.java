package jp.onplanetz.privacy.disclosurelog.repository.ledger;

import jp.onplanetz.privacy.disclosurelog.RecordFilter;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.RecordIndex;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The ledger's tables (entries, their payloads and redactions, heads, checkpoints, basis checks, and the request ids
 * of idempotent appends), in plain JDBC: appends are batched, hashes are bytes, and the verifier streams millions of
 * rows through a cursor; none of that fits an entity manager, so this is the service's one repository that is not
 * Panache. Every method runs in the caller's transaction (the
 * pool enlists the connection). What an audit reads is {@link LedgerDatabase}'s, shared with the command-line
 * verifier: see {@link #read}.
 */
@ApplicationScoped
public class LedgerRepository {

    /** A log's head: the index the next entry gets, and the link of the last one. */
    public record Head(String logId, long nextSeq, byte[] lastLink) {
    }

    /** An entry to insert, with its record's bytes and the columns the queries use. */
    public record NewEntry(String logId, long seq, UUID recordId, String kind, Instant recordedAt, byte[] payloadSha256,
            byte[] leafHash, byte[] chainLink, String subjectId, String counterparty, LocalDate firstDay,
            LocalDate lastDay, LocalDate retainUntil, String payload) {
    }

    /** A record as stored, {@code payload} and {@code subjectId} null after redaction. */
    public record StoredRecord(UUID recordId, String kind, String logId, long seq, Instant recordedAt, byte[] leafHash,
            String payload, boolean redacted, byte[] payloadSha256, String subjectId) {
    }

    /**
     * What the ledger holds about one subject: how many records of each kind (redacted ones have no subject any
     * more and are not counted), and the last day any of them is kept.
     */
    public record SubjectHoldings(long provisions, long receivings, LocalDate lastRetainedDay) {
        public long records() {
            return provisions + receivings;
        }
    }

    public record BasisCheck(UUID recordId, String outcome, String reason, String detail, Instant checkedAt) {
    }

    private final AgroalDataSource db;

    public LedgerRepository(AgroalDataSource db) {
        this.db = db;
    }

    public void ensureLog(String logId, String origin, Instant now, byte[] genesis) {
        update("insert into ledger_log (log_id, origin, created_at) values (?, ?, ?) on conflict do nothing",
                ps -> {
                    ps.setString(1, logId);
                    ps.setString(2, origin);
                    ps.setTimestamp(3, Timestamp.from(now));
                });
        update("insert into ledger_head (log_id, next_seq, last_link) values (?, 0, ?) on conflict do nothing", ps -> {
            ps.setString(1, logId);
            ps.setBytes(2, genesis);
        });
    }

    public Map<String, String> origins() {
        return read(LedgerDatabase::logs);
    }

    /**
     * The ledger as an audit reads it, on this transaction's connection: the same reads the command-line verifier
     * makes, so the endpoint and the outside verifier cannot drift apart.
     */
    public <T> T read(AuditRead<T> read) {
        try (Connection c = db.getConnection()) {
            return read.apply(new LedgerDatabase(c));
        } catch (SQLException e) {
            throw new IllegalStateException("ledger read failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface AuditRead<T> {
        T apply(LedgerDatabase ledger) throws SQLException;
    }

    /** Locks the heads (in log order, so that two batches never wait on each other in a cycle). */
    public Map<String, Head> lockHeads(Collection<String> logIds) {
        return query("select log_id, next_seq, last_link from ledger_head where log_id = any (?) order by log_id for update",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", logIds.toArray())), rs -> {
                    Map<String, Head> heads = new LinkedHashMap<>();
                    while (rs.next()) {
                        Head h = head(rs);
                        heads.put(h.logId(), h);
                    }
                    return heads;
                });
    }

    public Optional<Head> head(String logId) {
        return query("select log_id, next_seq, last_link from ledger_head where log_id = ?", ps -> ps.setString(1, logId),
                rs -> rs.next() ? Optional.of(head(rs)) : Optional.empty());
    }

    public void append(List<NewEntry> entries, Collection<Head> newHeads) {
        try (Connection c = db.getConnection()) {
            batch(c, "insert into ledger_entry (log_id, seq, record_id, kind, recorded_at, retain_until, payload_sha256,"
                    + " leaf_hash, chain_link) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", entries, (ps, e) -> {
                        ps.setString(1, e.logId());
                        ps.setLong(2, e.seq());
                        ps.setObject(3, e.recordId());
                        ps.setString(4, e.kind());
                        ps.setTimestamp(5, Timestamp.from(e.recordedAt()));
                        ps.setDate(6, Date.valueOf(e.retainUntil()));
                        ps.setBytes(7, e.payloadSha256());
                        ps.setBytes(8, e.leafHash());
                        ps.setBytes(9, e.chainLink());
                    });
            batch(c, "insert into ledger_payload (record_id, log_id, seq, kind, subject_id, counterparty, first_day,"
                    + " last_day, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", entries, (ps, e) -> {
                        ps.setObject(1, e.recordId());
                        ps.setString(2, e.logId());
                        ps.setLong(3, e.seq());
                        ps.setString(4, e.kind());
                        ps.setString(5, e.subjectId());
                        ps.setString(6, e.counterparty());
                        ps.setDate(7, Date.valueOf(e.firstDay()));
                        ps.setDate(8, Date.valueOf(e.lastDay()));
                        ps.setString(9, e.payload());
                    });
            batch(c, "update ledger_head set next_seq = ?, last_link = ? where log_id = ?", newHeads, (ps, h) -> {
                ps.setLong(1, h.nextSeq());
                ps.setBytes(2, h.lastLink());
                ps.setString(3, h.logId());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("ledger append failed: " + e.getMessage(), e);
        }
    }

    public boolean exists(UUID recordId) {
        return query("select 1 from ledger_entry where record_id = ?", ps -> ps.setObject(1, recordId), ResultSet::next);
    }

    private static final String RECORD_COLUMNS = "e.record_id, e.kind, e.log_id, e.seq, e.recorded_at, e.leaf_hash,"
            + " p.payload, r.record_id is not null, e.payload_sha256, p.subject_id";
    private static final String RECORD_FROM = " from ledger_entry e left join ledger_payload p on p.record_id = e.record_id"
            + " left join ledger_redaction r on r.record_id = e.record_id";

    public Optional<StoredRecord> record(UUID recordId) {
        return query("select " + RECORD_COLUMNS + RECORD_FROM + " where e.record_id = ?", ps -> ps.setObject(1, recordId),
                rs -> rs.next() ? Optional.of(storedRecord(rs)) : Optional.empty());
    }

    /** The subject's records (redacted ones have no subject any more, and are gone from here), oldest first. */
    public List<StoredRecord> ofSubject(String subjectId) {
        return query("select " + RECORD_COLUMNS + RECORD_FROM + " where p.subject_id = ? order by p.first_day, e.recorded_at",
                ps -> ps.setString(1, subjectId), LedgerRepository::storedRecords);
    }

    /** How many records of each kind are about the subject, and until when the last of them is kept. */
    public SubjectHoldings holdingsOf(String subjectId) {
        return query("select p.kind, count(*), max(e.retain_until) from ledger_payload p"
                + " join ledger_entry e on e.record_id = p.record_id where p.subject_id = ? group by p.kind",
                ps -> ps.setString(1, subjectId), rs -> {
                    long provisions = 0;
                    long receivings = 0;
                    LocalDate last = null;
                    while (rs.next()) {
                        if (RecordIndex.PROVISION.equals(rs.getString(1))) {
                            provisions = rs.getLong(2);
                        } else {
                            receivings = rs.getLong(2);
                        }
                        LocalDate until = rs.getDate(3).toLocalDate();
                        last = last == null || until.isAfter(last) ? until : last;
                    }
                    return new SubjectHoldings(provisions, receivings, last);
                });
    }

    /**
     * The subject's records, the most recently recorded first, handed to {@code take} one at a time (read through
     * a cursor in the caller's transaction) until it answers false or none is left.
     */
    public void newestOfSubject(String subjectId, Predicate<StoredRecord> take) {
        query("select " + RECORD_COLUMNS + RECORD_FROM + " where p.subject_id = ?"
                + " order by e.recorded_at desc, e.log_id desc, e.seq desc", ps -> {
                    ps.setString(1, subjectId);
                    ps.setFetchSize(200);
                }, rs -> {
                    while (rs.next() && take.test(storedRecord(rs))) {
                        // the sink keeps what it takes
                    }
                    return null;
                });
    }

    public List<StoredRecord> find(RecordFilter f, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select " + RECORD_COLUMNS + RECORD_FROM + " where p.record_id is not null");
        List<Object> args = new ArrayList<>();
        if (f.kind() != null) {
            sql.append(" and p.kind = ?");
            args.add(f.kind());
        }
        if (f.subjectId() != null) {
            sql.append(" and p.subject_id = ?");
            args.add(f.subjectId());
        }
        if (f.counterparty() != null) {
            sql.append(" and p.counterparty = ?");
            args.add(f.counterparty());
        }
        // A record belongs to the period when any of its days of provision falls in it.
        if (f.from() != null) {
            sql.append(" and p.last_day >= ?");
            args.add(Date.valueOf(f.from()));
        }
        if (f.to() != null) {
            sql.append(" and p.first_day <= ?");
            args.add(Date.valueOf(f.to()));
        }
        sql.append(" order by p.first_day, e.recorded_at, e.record_id offset ? limit ?");
        args.add(offset);
        args.add(limit);
        return query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }, LedgerRepository::storedRecords);
    }

    /** The leaf hashes of the first {@code treeSize} entries of a log, in index order. */
    public byte[][] leafHashes(String logId, long treeSize) {
        return leafHashes(logId, 0, treeSize);
    }

    /** The leaf hashes of a log's entries {@code from <= seq < to}, in index order; every one must be there. */
    public byte[][] leafHashes(String logId, long from, long to) {
        return query("select leaf_hash from ledger_entry where log_id = ? and seq >= ? and seq < ? order by seq", ps -> {
            ps.setString(1, logId);
            ps.setLong(2, from);
            ps.setLong(3, to);
            ps.setFetchSize(10_000);
        }, rs -> {
            byte[][] hashes = new byte[Math.toIntExact(to - from)][];
            int i = 0;
            while (rs.next()) {
                hashes[i++] = rs.getBytes(1);
            }
            if (i != hashes.length) {
                throw new IllegalStateException(
                        "log " + logId + " has " + i + " entries in [" + from + ", " + to + "), not " + hashes.length);
            }
            return hashes;
        });
    }

    // ---- checkpoints ---------------------------------------------------------------------------------------

    public void insertCheckpoint(String logId, long treeSize, byte[] root, Instant signedAt, String note) {
        update("insert into ledger_checkpoint (log_id, tree_size, root_hash, signed_at, note) values (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, logId);
            ps.setLong(2, treeSize);
            ps.setBytes(3, root);
            ps.setTimestamp(4, Timestamp.from(signedAt));
            ps.setString(5, note);
        });
    }

    public Optional<SignedCheckpoint> latestCheckpoint(String logId) {
        return query("select note from ledger_checkpoint where log_id = ? order by tree_size desc limit 1",
                ps -> ps.setString(1, logId), rs -> rs.next() ? Optional.of(SignedCheckpoint.parse(rs.getString(1))) : Optional.empty());
    }

    public Optional<SignedCheckpoint> checkpoint(String logId, long treeSize) {
        return query("select note from ledger_checkpoint where log_id = ? and tree_size = ?", ps -> {
            ps.setString(1, logId);
            ps.setLong(2, treeSize);
        }, rs -> rs.next() ? Optional.of(SignedCheckpoint.parse(rs.getString(1))) : Optional.empty());
    }

    // ---- basis checks --------------------------------------------------------------------------------------

    public void insertBasisCheck(BasisCheck check) {
        update("insert into basis_check (record_id, outcome, reason, detail, checked_at) values (?, ?, ?, ?, ?)"
                + " on conflict (record_id) do nothing", ps -> {
                    ps.setObject(1, check.recordId());
                    ps.setString(2, check.outcome());
                    ps.setString(3, check.reason());
                    if (check.detail() == null) {
                        ps.setNull(4, Types.VARCHAR);
                    } else {
                        ps.setString(4, check.detail());
                    }
                    ps.setTimestamp(5, Timestamp.from(check.checkedAt()));
                });
    }

    public Map<UUID, BasisCheck> basisChecks(Collection<UUID> recordIds) {
        return query("select record_id, outcome, reason, detail, checked_at from basis_check where record_id = any (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", recordIds.toArray())), rs -> {
                    Map<UUID, BasisCheck> m = new LinkedHashMap<>();
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        m.put(id, new BasisCheck(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getTimestamp(5).toInstant()));
                    }
                    return m;
                });
    }

    /** Queues records for the check of their consent against consent-service. */
    public void enqueueBasisChecks(List<UUID> recordIds, Instant at) {
        try (Connection c = db.getConnection()) {
            batch(c, "insert into basis_check_pending (record_id, enqueued_at) values (?, ?)", recordIds, (ps, id) -> {
                ps.setObject(1, id);
                ps.setTimestamp(2, Timestamp.from(at));
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not queue basis checks: " + e.getMessage(), e);
        }
    }

    /** Records whose consent is still to be checked, oldest first. */
    public List<StoredRecord> awaitingBasisCheck(int limit) {
        return query("select " + RECORD_COLUMNS + RECORD_FROM + " join basis_check_pending q on q.record_id = e.record_id"
                + " where p.record_id is not null order by q.enqueued_at limit ?", ps -> ps.setInt(1, limit),
                LedgerRepository::storedRecords);
    }

    /** Writes the answer and takes the record off the queue, in the caller's transaction. */
    public void completeBasisCheck(BasisCheck check) {
        insertBasisCheck(check);
        update("delete from basis_check_pending where record_id = ?", ps -> ps.setObject(1, check.recordId()));
    }

    // ---- idempotent appends -------------------------------------------------------------------------------

    /** What the ledger remembers of an append made with a request id: the record it made, and the request's hash. */
    public record AppendRequest(UUID recordId, byte[] requestSha256) {
    }

    /** The record an earlier append by {@code caller} with {@code requestId} made, if there was one. */
    public Optional<AppendRequest> appendRequest(String caller, UUID requestId) {
        return query("select record_id, request_sha256 from append_request where caller = ? and request_id = ?", ps -> {
            ps.setString(1, caller);
            ps.setObject(2, requestId);
        }, rs -> rs.next() ? Optional.of(new AppendRequest(rs.getObject(1, UUID.class), rs.getBytes(2))) : Optional.empty());
    }

    /** Remembers which record an append with a request id made, in the transaction that appends the record. */
    public void rememberAppendRequest(String caller, UUID requestId, AppendRequest made) {
        update("insert into append_request (caller, request_id, record_id, request_sha256) values (?, ?, ?, ?)", ps -> {
            ps.setString(1, caller);
            ps.setObject(2, requestId);
            ps.setObject(3, made.recordId());
            ps.setBytes(4, made.requestSha256());
        });
    }

    // ---- retention -----------------------------------------------------------------------------------------

    public int redactExpired(int max) {
        return query("select redact_expired_records(?)", ps -> ps.setInt(1, max), rs -> {
            rs.next();
            return rs.getInt(1);
        });
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(rs.getString(1), rs.getLong(2), rs.getBytes(3));
    }

    private static StoredRecord storedRecord(ResultSet rs) throws SQLException {
        return new StoredRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getTimestamp(5).toInstant(), rs.getBytes(6), rs.getString(7), rs.getBoolean(8), rs.getBytes(9),
                rs.getString(10));
    }

    private static List<StoredRecord> storedRecords(ResultSet rs) throws SQLException {
        List<StoredRecord> list = new ArrayList<>();
        while (rs.next()) {
            list.add(storedRecord(rs));
        }
        return list;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger query failed: " + e.getMessage(), e);
        }
    }

    /** One statement for each of {@code rows}, sent as one batch on the transaction's connection {@code c}. */
    private static <T> void batch(Connection c, String sql, Collection<T> rows, RowBinder<T> binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("ledger update failed: " + e.getMessage(), e);
        }
    }
}
