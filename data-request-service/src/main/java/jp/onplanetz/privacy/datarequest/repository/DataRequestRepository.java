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

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DataRequestRepository implements PanacheRepositoryBase<DataRequest, UUID> {

    /** What to list: each part may be absent (null; false for overdueOnly); {@code now} decides what is overdue. */
    public record Filter(String subjectId, RequestStatus status, boolean overdueOnly, OffsetDateTime now) {
    }

    /** One page of the requests that match, most urgent (earliest due) first. */
    public List<DataRequest> page(Filter filter, int page, int size) {
        return query(filter).page(Page.of(page, size)).list();
    }

    public long count(Filter filter) {
        return query(filter).count();
    }

    /**
     * The request, locked until the transaction ends: two cancellations of the same request queue here, and
     * the second sees the first's result (a conflict) instead of publishing a second event.
     */
    public Optional<DataRequest> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
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
        Sort order = Sort.by("dueAt").and("receivedAt").and("id");
        return where.isEmpty() ? findAll(order) : find(String.join(" and ", where), order, params);
    }
}
