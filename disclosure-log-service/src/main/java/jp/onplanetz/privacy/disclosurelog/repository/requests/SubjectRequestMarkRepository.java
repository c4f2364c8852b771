package jp.onplanetz.privacy.disclosurelog.repository.requests;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The register of subjects marked as subject to a request to delete or to stop (table {@code subject_request_mark}):
 * rows added, never changed.
 */
@ApplicationScoped
public class SubjectRequestMarkRepository implements PanacheRepositoryBase<SubjectRequestMarkRow, UUID> {

    /**
     * Adds the mark unless its request has one already. A native insert: a concurrent task for the same request
     * must find the mark made, not fail the transaction on the unique request id, which a persist would.
     *
     * @return false when the request was marked before (by an earlier task for it, or a concurrent one)
     */
    public boolean insert(SubjectRequestMark m) {
        return getEntityManager().createNativeQuery("""
                insert into subject_request_mark (id, subject_id, request_id, request_type, purposes, recipients,
                    marked_at, event_id)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (request_id) do nothing""")
                .setParameter(1, m.id()).setParameter(2, m.subjectId()).setParameter(3, m.requestId())
                .setParameter(4, m.requestType()).setParameter(5, m.purposes().toArray(String[]::new))
                .setParameter(6, m.recipients().toArray(String[]::new)).setParameter(7, Timestamp.from(m.markedAt()))
                .setParameter(8, m.eventId()).executeUpdate() == 1;
    }

    public Optional<SubjectRequestMark> byRequest(UUID requestId) {
        return find("requestId", requestId).firstResultOptional().map(SubjectRequestMarkRow::mark);
    }

    /** The marks of each of the subjects (those with none are absent), each subject's oldest first: one query. */
    public Map<String, List<SubjectRequestMark>> ofSubjects(Collection<String> subjectIds) {
        Map<String, List<SubjectRequestMark>> bySubject = new LinkedHashMap<>();
        if (subjectIds.isEmpty()) {
            return bySubject;
        }
        for (SubjectRequestMarkRow m : list("subjectId in ?1", Sort.by("markedAt").and("id"),
                subjectIds.stream().distinct().toList())) {
            bySubject.computeIfAbsent(m.subjectId, s -> new ArrayList<>()).add(m.mark());
        }
        return bySubject;
    }

    /** One page of the marks, of one subject or of all (null), the newest first. */
    public List<SubjectRequestMark> page(String subjectId, long offset, int limit) {
        Sort newestFirst = Sort.descending("markedAt", "id");
        PanacheQuery<SubjectRequestMarkRow> marks = subjectId == null ? findAll(newestFirst)
                : find("subjectId", newestFirst, subjectId);
        int first = Math.toIntExact(offset);
        return marks.range(first, first + limit - 1).stream().map(SubjectRequestMarkRow::mark).toList();
    }

    public long count(String subjectId) {
        return subjectId == null ? count() : count("subjectId", subjectId);
    }
}
