package jp.onplanetz.privacy.datarequest.repository;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.service.RefusalAdvisor;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DataRequestRepository implements PanacheRepositoryBase<DataRequest, UUID> {

    /**
     * What to list: each part may be absent (null; false for the flags); {@code now} decides what is overdue.
     * {@code awaitingReview}: held for a privacy officer's decision on a suggested refusal.
     */
    public record Filter(String subjectId, RequestStatus status, boolean overdueOnly, boolean awaitingReview,
            OffsetDateTime now) {
    }

    /** One page of the requests that match, most urgent (earliest due) first. */
    public List<DataRequest> page(Filter filter, int page, int size) {
        return query(filter).page(Page.of(page, size)).list();
    }

    public long count(Filter filter) {
        return query(filter).count();
    }

    /**
     * The request, locked until the transaction ends: two changes of the same request (a cancellation and a
     * system's answer, two answers) queue here, and the second sees the first's result.
     */
    public Optional<DataRequest> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The subject's other requests received since {@code since}, for the refusal advice. */
    public List<RefusalAdvisor.Earlier> earlierOfSubject(String subjectId, OffsetDateTime since, UUID except) {
        return find("subjectId = ?1 and receivedAt >= ?2 and id <> ?3", Sort.by("receivedAt"), subjectId, since, except)
                .list().stream()
                .map(r -> new RefusalAdvisor.Earlier(r.id, r.fingerprint, r.status(), r.receivedAt))
                .toList();
    }

    /**
     * Open requests past their due time that the watchdog has not flagged yet, locked; a request another replica
     * is flagging is skipped, not waited for.
     */
    @SuppressWarnings("unchecked")
    public List<DataRequest> overdueUnflagged(OffsetDateTime now, int limit) {
        return getEntityManager().createNativeQuery("""
                select * from data_request
                 where status in ('received', 'identity-verified', 'in-progress') and due_at < ?1
                   and overdue_flagged_at is null
                 order by due_at
                 limit ?2
                 for update skip locked""", DataRequest.class)
                .setParameter(1, now).setParameter(2, limit).getResultList();
    }

    /** The register: every request received in [from, to), oldest first, at most {@code limit}. */
    public List<DataRequest> received(OffsetDateTime from, OffsetDateTime to, int limit) {
        return find("receivedAt >= ?1 and receivedAt < ?2", Sort.by("receivedAt").and("id"), from, to)
                .page(Page.ofSize(limit)).list();
    }

    private PanacheQuery<DataRequest> query(Filter filter) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.subjectId() != null) {
            where.add("subjectId = :subject");
            params.and("subject", filter.subjectId());
        }
        if (filter.status() != null) {
            where.add("status = :status");
            params.and("status", filter.status().code());
        }
        if (filter.overdueOnly()) {
            where.add("status in :open and dueAt < :now");
            params.and("open", RequestStatus.openCodes()).and("now", filter.now());
        }
        if (filter.awaitingReview()) {
            where.add("reviewReasons is not null and reviewDecision is null and status in :openReview");
            params.and("openReview", RequestStatus.openCodes());
        }
        Sort order = Sort.by("dueAt").and("receivedAt").and("id");
        return where.isEmpty() ? findAll(order) : find(String.join(" and ", where), order, params);
    }
}
