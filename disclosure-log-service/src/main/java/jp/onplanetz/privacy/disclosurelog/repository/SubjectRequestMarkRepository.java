package jp.onplanetz.privacy.disclosurelog.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The register of subjects marked as subject to a request to delete or to stop (table {@code subject_request_mark}):
 * rows added, never changed. Plain JDBC like the ledger's repository, whose record views read the marks of a whole
 * page of records at once; every method runs in the caller's transaction when there is one.
 */
@ApplicationScoped
public class SubjectRequestMarkRepository {

    private static final String COLUMNS = "select id, subject_id, request_id, request_type, purposes, recipients,"
            + " marked_at, event_id from subject_request_mark";

    private final AgroalDataSource db;

    public SubjectRequestMarkRepository(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Adds the mark unless its request has one already.
     *
     * @return false when the request was marked before (by an earlier task for it, or a concurrent one)
     */
    public boolean insert(SubjectRequestMark m) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into"
                + " subject_request_mark (id, subject_id, request_id, request_type, purposes, recipients, marked_at,"
                + " event_id) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (request_id) do nothing")) {
            ps.setObject(1, m.id());
            ps.setString(2, m.subjectId());
            ps.setObject(3, m.requestId());
            ps.setString(4, m.requestType());
            ps.setArray(5, c.createArrayOf("text", m.purposes().toArray()));
            ps.setArray(6, c.createArrayOf("text", m.recipients().toArray()));
            ps.setTimestamp(7, Timestamp.from(m.markedAt()));
            ps.setString(8, m.eventId());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not mark the subject: " + e.getMessage(), e);
        }
    }

    public Optional<SubjectRequestMark> byRequest(UUID requestId) {
        return query(COLUMNS + " where request_id = ?", List.of(requestId)).stream().findFirst();
    }

    /** The marks of each of the subjects (those with none are absent), each subject's oldest first: one query. */
    public Map<String, List<SubjectRequestMark>> ofSubjects(Collection<String> subjectIds) {
        Map<String, List<SubjectRequestMark>> bySubject = new LinkedHashMap<>();
        if (subjectIds.isEmpty()) {
            return bySubject;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(COLUMNS
                + " where subject_id = any (?) order by marked_at, id")) {
            ps.setArray(1, c.createArrayOf("varchar", subjectIds.stream().distinct().toArray()));
            for (SubjectRequestMark m : read(ps)) {
                bySubject.computeIfAbsent(m.subjectId(), s -> new ArrayList<>()).add(m);
            }
            return bySubject;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read marks: " + e.getMessage(), e);
        }
    }

    /** One page of the marks, of one subject or of all (null), the newest first. */
    public List<SubjectRequestMark> page(String subjectId, long offset, int limit) {
        return subjectId == null
                ? query(COLUMNS + " order by marked_at desc, id desc offset ? limit ?", List.of(offset, limit))
                : query(COLUMNS + " where subject_id = ? order by marked_at desc, id desc offset ? limit ?",
                        List.of(subjectId, offset, limit));
    }

    public long count(String subjectId) {
        String sql = "select count(*) from subject_request_mark" + (subjectId == null ? "" : " where subject_id = ?");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (subjectId != null) {
                ps.setString(1, subjectId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count marks: " + e.getMessage(), e);
        }
    }

    private List<SubjectRequestMark> query(String sql, List<Object> args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return read(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read marks: " + e.getMessage(), e);
        }
    }

    private static List<SubjectRequestMark> read(PreparedStatement ps) throws SQLException {
        List<SubjectRequestMark> marks = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                marks.add(new SubjectRequestMark(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getString(4), strings(rs.getArray(5)), strings(rs.getArray(6)),
                        rs.getTimestamp(7).toInstant(), rs.getString(8)));
            }
        }
        return marks;
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
