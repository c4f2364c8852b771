package jp.onplanetz.privacy.disclosurelog.repository.registers;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The register of statistics releases: appended from analytics-gateway's events, read by officers and operators. */
@ApplicationScoped
public class StatisticsReleaseRepository implements PanacheRepositoryBase<StatisticsReleaseRow, UUID> {

    /** Adds the entry now, so that a row the table's checks refuse fails here, where the caller can see which. */
    public void insert(StatisticsRelease r) {
        persistAndFlush(StatisticsReleaseRow.of(r));
    }

    public Optional<StatisticsRelease> find(UUID id) {
        return findByIdOptional(id).map(StatisticsReleaseRow::release);
    }

    /** One page of the entries {@code f} selects, the newest attempt first. */
    public List<StatisticsRelease> page(StatisticsRelease.Filter f, long offset, int limit) {
        int first = Math.toIntExact(offset);
        return selected(f, Sort.descending("occurredAt", "id")).range(first, first + limit - 1).stream()
                .map(StatisticsReleaseRow::release).toList();
    }

    public long count(StatisticsRelease.Filter f) {
        return selected(f, null).count();
    }

    private PanacheQuery<StatisticsReleaseRow> selected(StatisticsRelease.Filter f, Sort sort) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (f.recipient() != null) {
            conditions.add("recipient = :recipient");
            parameters.and("recipient", f.recipient());
        }
        if (f.from() != null) {
            conditions.add("occurredAt >= :since");
            parameters.and("since", f.from());
        }
        if (f.to() != null) {
            conditions.add("occurredAt < :until");
            parameters.and("until", f.to());
        }
        if (conditions.isEmpty()) {
            return sort == null ? findAll() : findAll(sort);
        }
        String query = String.join(" and ", conditions);
        return sort == null ? find(query, parameters) : find(query, sort, parameters);
    }
}
