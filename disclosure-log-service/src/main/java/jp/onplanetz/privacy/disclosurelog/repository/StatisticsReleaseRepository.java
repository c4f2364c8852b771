package jp.onplanetz.privacy.disclosurelog.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jp.onplanetz.privacy.disclosurelog.ReleaseStatus;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;
import jp.onplanetz.privacy.runtime.codes.Coded;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The register of statistics releases: appended from analytics-gateway's events, read by officers and operators. */
@ApplicationScoped
public class StatisticsReleaseRepository {

    /** The list's filters; null means any. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(String recipient, Instant from, Instant to) {
    }

    private static final String COLUMNS = """
            select id, event_id, status, release_id, definition_id, recipient, purpose, window_start, window_end,
                   array_to_string(dimensions, ','), measure, epsilon, max_cells_per_person, minimum_people_per_cell,
                   released_cells, suppressed_cells, budget_period, budget_spent, budget_cap, occurred_at, received_at
            from statistics_release""";

    private final EntityManager em;

    public StatisticsReleaseRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * One statement for each kind, each naming only the columns its kind fills: the other kind's stay null (the
     * table's checks insist), and no null has to be bound to a native query without a type.
     */
    public void insert(StatisticsRelease r) {
        if (r.status() == ReleaseStatus.RELEASED) {
            em.createNativeQuery("""
                    insert into statistics_release (id, event_id, status, release_id, definition_id, recipient, purpose,
                        window_start, window_end, dimensions, measure, epsilon, max_cells_per_person,
                        minimum_people_per_cell, released_cells, suppressed_cells, occurred_at, received_at)
                    values (?1, ?2, 'released', ?3, ?4, ?5, ?6, ?7, ?8, cast(?9 as text[]), ?10, ?11, ?12, ?13, ?14, ?15,
                        ?16, ?17)""")
                    .setParameter(1, r.id()).setParameter(2, r.eventId()).setParameter(3, r.releaseId())
                    .setParameter(4, r.definitionId()).setParameter(5, r.recipient()).setParameter(6, r.purpose())
                    .setParameter(7, Timestamp.from(r.windowStart())).setParameter(8, Timestamp.from(r.windowEnd()))
                    // Dimension names are the schema's enumerated words: nothing to quote in an array literal.
                    .setParameter(9, "{" + String.join(",", r.dimensions()) + "}")
                    .setParameter(10, r.measure()).setParameter(11, r.epsilon())
                    .setParameter(12, r.maxCellsPerPerson()).setParameter(13, r.minimumPeoplePerCell())
                    .setParameter(14, r.releasedCells()).setParameter(15, r.suppressedCells())
                    .setParameter(16, Timestamp.from(r.occurredAt())).setParameter(17, Timestamp.from(r.receivedAt()))
                    .executeUpdate();
        } else {
            em.createNativeQuery("""
                    insert into statistics_release (id, event_id, status, definition_id, recipient, window_start,
                        window_end, epsilon, budget_period, budget_spent, budget_cap, occurred_at, received_at)
                    values (?1, ?2, 'refused', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)""")
                    .setParameter(1, r.id()).setParameter(2, r.eventId()).setParameter(3, r.definitionId())
                    .setParameter(4, r.recipient()).setParameter(5, Timestamp.from(r.windowStart()))
                    .setParameter(6, Timestamp.from(r.windowEnd())).setParameter(7, r.epsilon())
                    .setParameter(8, r.budgetPeriod()).setParameter(9, r.budgetSpent()).setParameter(10, r.budgetCap())
                    .setParameter(11, Timestamp.from(r.occurredAt())).setParameter(12, Timestamp.from(r.receivedAt()))
                    .executeUpdate();
        }
    }

    public Optional<StatisticsRelease> find(UUID id) {
        return rows(em.createNativeQuery(COLUMNS + " where id = ?1").setParameter(1, id)).stream().findFirst();
    }

    /** One page of the entries {@code f} selects, the newest attempt first. */
    public List<StatisticsRelease> page(Filter f, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        args.add(offset);
        args.add(limit);
        return rows(bind(em.createNativeQuery(COLUMNS + where + " order by occurred_at desc, id desc offset ?"
                + (args.size() - 1) + " limit ?" + args.size()), args));
    }

    public long count(Filter f) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        return ((Number) bind(em.createNativeQuery("select count(*) from statistics_release" + where), args)
                .getSingleResult()).longValue();
    }

    private static String where(Filter f, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (f.recipient() != null) {
            args.add(f.recipient());
            conditions.add("recipient = ?" + args.size());
        }
        if (f.from() != null) {
            args.add(Timestamp.from(f.from()));
            conditions.add("occurred_at >= ?" + args.size());
        }
        if (f.to() != null) {
            args.add(Timestamp.from(f.to()));
            conditions.add("occurred_at < ?" + args.size());
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static Query bind(Query query, List<Object> args) {
        for (int i = 0; i < args.size(); i++) {
            query.setParameter(i + 1, args.get(i));
        }
        return query;
    }

    @SuppressWarnings("unchecked")
    private static List<StatisticsRelease> rows(Query query) {
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new StatisticsRelease((UUID) r[0], (String) r[1],
                Coded.ofCode(ReleaseStatus.class, (String) r[2]).orElseThrow(), (UUID) r[3], (UUID) r[4], (String) r[5],
                (String) r[6], NativeRows.instant(r[7]), NativeRows.instant(r[8]),
                r[9] == null ? null : List.of(((String) r[9]).split(",")), (String) r[10], (BigDecimal) r[11],
                (Integer) r[12], (Integer) r[13], (Integer) r[14], (Integer) r[15], (String) r[16], (BigDecimal) r[17],
                (BigDecimal) r[18], NativeRows.instant(r[19]), NativeRows.instant(r[20]))).toList();
    }
}
