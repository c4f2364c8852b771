package jp.onplanetz.privacy.datarequest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.datarequest.RequestTask;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class RequestTaskRepository implements PanacheRepositoryBase<RequestTask, RequestTask.Key> {

    /** A request's tasks, by system. */
    public List<RequestTask> ofRequest(UUID requestId) {
        return list("requestId", Sort.by("system"), requestId);
    }

    /** The tasks of many requests at once (a page of the queue), by request. */
    public Map<UUID, List<RequestTask>> ofRequests(Collection<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        return list("requestId in ?1", Sort.by("requestId").and("system"), requestIds).stream()
                .collect(Collectors.groupingBy(t -> t.requestId));
    }

    public Optional<RequestTask> of(UUID requestId, String system) {
        return findByIdOptional(new RequestTask.Key(requestId, system));
    }

    /**
     * Tasks of requests still in progress whose system has not settled its part in time and that the watchdog has
     * not flagged for this assignment, locked (another replica's are skipped).
     */
    @SuppressWarnings("unchecked")
    public List<RequestTask> overdueUnflagged(OffsetDateTime now, int limit) {
        return getEntityManager().createNativeQuery("""
                select t.* from request_task t join data_request r on r.id = t.request_id
                 where r.status = 'in-progress' and t.answer_by < ?1 and t.overdue_flagged_at is null
                   and (t.outcome is null or t.outcome = 'failed')
                 order by t.answer_by
                 limit ?2
                 for update of t skip locked""", RequestTask.class)
                .setParameter(1, now).setParameter(2, limit).getResultList();
    }

    /**
     * How many items the systems reported about the subject when its latest completed request was answered: the
     * volume the next request is likely to meet. Empty when the subject has no completed request.
     */
    public Optional<Long> itemsLastReported(String subjectId) {
        List<?> rows = getEntityManager().createNativeQuery("""
                select (select coalesce(sum(t.affected), 0) from request_task t where t.request_id = latest.id)
                  from (select id from data_request where subject_id = ?1 and status = 'completed'
                         order by completed_at desc limit 1) latest""")
                .setParameter(1, subjectId).getResultList();
        return rows.stream().findFirst().map(n -> ((Number) n).longValue());
    }

    /** Removes disclosed data of requests completed before {@code cutoff}; how many tasks lost their data. */
    public int purgeDataCompletedBefore(OffsetDateTime cutoff, OffsetDateTime now) {
        return getEntityManager().createNativeQuery("""
                update request_task t set data = null, data_purged_at = ?2
                  from data_request r
                 where r.id = t.request_id and r.completed_at < ?1 and t.data is not null""")
                .setParameter(1, cutoff).setParameter(2, now).executeUpdate();
    }
}
