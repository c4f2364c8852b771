package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.RecipientBudget;
import jp.onplanetz.privacy.analytics.ReleaseDefinition;
import jp.onplanetz.privacy.analytics.StatisticsRelease;
import jp.onplanetz.privacy.analytics.anonymisation.CellAggregator;
import jp.onplanetz.privacy.analytics.anonymisation.PrivacyBudget;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.events.CellTotals;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.payload.AnalyticsReleaseRefused;
import jp.onplanetz.privacy.events.payload.AnalyticsStatisticsReleased;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;

/**
 * Releases each window of each definition once it is over (and the release delay has passed): reads the totals
 * counted on Kafka, charges the recipient's privacy budget, suppresses cells under k, adds discrete Laplace noise,
 * and keeps the figures and an event for the recipient, the disclosure log and anyone auditing. Any replica may
 * run it: the definition's row is locked while a window is decided, and a window is decided once.
 */
@ApplicationScoped
public class ReleaseService {

    private static final Logger LOG = Logger.getLogger(ReleaseService.class);
    private static final TypeReference<List<String>> CELL = new TypeReference<>() {
    };

    private final EntityManager em;
    private final CellTotals totals;
    private final Outbox outbox;
    private final AnalyticsConfig.Releases config;
    private final ObjectMapper json;
    /** The noise's randomness: the platform's cryptographically secure generator, never a seeded one. */
    private final SecureRandom random = new SecureRandom();

    public ReleaseService(EntityManager em, CellTotals totals, Outbox outbox, AnalyticsConfig config, ObjectMapper json) {
        this.em = em;
        this.totals = totals;
        this.outbox = outbox;
        this.config = config.releases();
        this.json = json;
    }

    @Scheduled(every = "${privacyops.analytics.releases.check-every}", delayed = "${privacyops.analytics.releases.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseDueWindows() {
        int decided = releaseDue(OffsetDateTime.now(ZoneOffset.UTC));
        if (decided > 0) {
            LOG.infof("statistics: decided %d window(s)", decided);
        }
    }

    /** Decides every window that is due at {@code now}; returns how many this replica decided. */
    public int releaseDue(OffsetDateTime now) {
        int decided = 0;
        // every definition and the start of its last decided window, in one read: the job runs every few seconds
        Map<UUID, OffsetDateTime> lastDecided = new java.util.HashMap<>();
        List<ReleaseDefinition> definitions = QuarkusTransaction.requiringNew().call(() -> {
            em.createQuery("select r.definitionId, max(r.windowStart) from StatisticsRelease r group by r.definitionId",
                    Object[].class).getResultList().forEach(row -> lastDecided.put((UUID) row[0], (OffsetDateTime) row[1]));
            return ReleaseDefinition.listAll();
        });
        for (ReleaseDefinition d : definitions) {
            CountingRule rule = ReleaseDefinitions.rule(d);
            OffsetDateTime last = lastDecided.get(d.id);
            Instant windowStart = last == null ? d.startsAt.toInstant() : last.toInstant().plusSeconds(d.windowSeconds);
            while (due(rule, windowStart, now)) {
                Optional<SortedMap<String, Long>> counted = totals.window(rule, windowStart);
                if (counted.isEmpty()) {
                    return decided; // the counting is not running: nothing can be released now
                }
                Instant start = windowStart;
                if (QuarkusTransaction.requiringNew().call(() -> decide(d.id, start, counted.get()))) {
                    decided++;
                }
                windowStart = windowStart.plus(rule.windowLength());
            }
        }
        return decided;
    }

    private boolean due(CountingRule rule, Instant windowStart, OffsetDateTime now) {
        Instant end = windowStart.plus(rule.windowLength());
        return !end.plus(config.releaseDelay()).isAfter(now.toInstant())
                && (rule.retiredAt() == null || windowStart.isBefore(rule.retiredAt()));
    }

    /**
     * One window, in one transaction: false when another replica holds the definition or already decided it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean decide(UUID definitionId, Instant windowStart, SortedMap<String, Long> trueCounts) {
        List<?> mine = em.createNativeQuery("select id from release_definition where id = ?1 for update skip locked")
                .setParameter(1, definitionId).getResultList();
        if (mine.isEmpty()) {
            return false;
        }
        OffsetDateTime start = windowStart.atOffset(ZoneOffset.UTC);
        if (StatisticsRelease.count("definitionId = ?1 and windowStart = ?2", definitionId, start) > 0) {
            return false;
        }
        ReleaseDefinition d = ReleaseDefinition.findById(definitionId);
        OffsetDateTime now = DatabaseClock.now();
        String period = YearMonth.from(now).toString();
        RecipientBudget budget = lockedBudget(d.recipient, period);
        List<BigDecimal> spent = em.createQuery("select r.epsilon from StatisticsRelease r where r.recipient = :r"
                        + " and r.budgetPeriod = :p and r.status = :s", BigDecimal.class)
                .setParameter("r", d.recipient).setParameter("p", period).setParameter("s", StatisticsRelease.RELEASED)
                .getResultList();
        PrivacyBudget.Decision decision = new PrivacyBudget(budget.cap).decide(spent, d.epsilon);

        StatisticsRelease r = new StatisticsRelease();
        r.id = UUID.randomUUID();
        r.definitionId = d.id;
        r.recipient = d.recipient;
        r.windowStart = start;
        r.windowEnd = start.plusSeconds(d.windowSeconds);
        r.epsilon = d.epsilon;
        r.budgetPeriod = period;
        r.decidedAt = now;
        if (!decision.fits()) {
            r.status = StatisticsRelease.REFUSED;
            r.persist();
            outbox.publish(EventCatalogue.ANALYTICS_RELEASE_REFUSED, d.recipient, refusedEvent(r, decision));
            LOG.warnf("statistics: window %s of %s refused: %s of %s spent in %s", start, d.id, decision.spent(),
                    decision.cap(), period);
            return true;
        }
        CellAggregator.Release release = new CellAggregator(d.maxCellsPerPerson, d.minPeoplePerCell, random)
                .releaseCounts(trueCounts, d.epsilon);
        List<AnalyticsStatisticsReleased.Cell> cells = cells(d.dimensionList(), release.cells());
        r.status = StatisticsRelease.RELEASED;
        r.cells = write(cells);
        r.suppressedCells = release.suppressedCells();
        r.persist();
        budget.spent = budget.spent.add(d.epsilon);
        outbox.publish(EventCatalogue.ANALYTICS_STATISTICS_RELEASED, d.recipient, releasedEvent(r, d, cells));
        return true;
    }

    /** The recipient's row for the month, made with today's configured cap if it is the month's first release. */
    private RecipientBudget lockedBudget(String recipient, String period) {
        em.createNativeQuery("insert into privacy_budget (recipient, period, cap, spent) values (?1, ?2, ?3, 0)"
                        + " on conflict do nothing")
                .setParameter(1, recipient).setParameter(2, period).setParameter(3, config.monthlyBudget())
                .executeUpdate();
        return em.find(RecipientBudget.class, new RecipientBudget.Key(recipient, period), LockModeType.PESSIMISTIC_WRITE);
    }

    private List<AnalyticsStatisticsReleased.Cell> cells(List<String> dimensions, SortedMap<String, Long> released) {
        List<AnalyticsStatisticsReleased.Cell> cells = new ArrayList<>();
        for (Map.Entry<String, Long> cell : released.entrySet()) {
            List<String> values = read(cell.getKey());
            Map<String, String> named = new LinkedHashMap<>();
            for (int i = 0; i < dimensions.size(); i++) {
                named.put(dimensions.get(i), values.get(i));
            }
            cells.add(new AnalyticsStatisticsReleased.Cell(named, cell.getValue()));
        }
        return cells;
    }

    private static AnalyticsStatisticsReleased releasedEvent(StatisticsRelease r, ReleaseDefinition d,
            List<AnalyticsStatisticsReleased.Cell> cells) {
        return new AnalyticsStatisticsReleased(r.id, d.id, d.recipient, d.purpose, r.windowStart, r.windowEnd,
                d.dimensionList(), d.measure, decimal(d.epsilon), d.maxCellsPerPerson, d.minPeoplePerCell, cells,
                r.suppressedCells, r.decidedAt);
    }

    private static AnalyticsReleaseRefused refusedEvent(StatisticsRelease r, PrivacyBudget.Decision decision) {
        return new AnalyticsReleaseRefused(r.definitionId, r.recipient, r.windowStart, r.windowEnd, decimal(r.epsilon),
                r.budgetPeriod, decimal(decision.spent()), decimal(decision.cap()), r.decidedAt);
    }

    /** A decimal as the release events write it: plain digits, no trailing zeros. */
    private static String decimal(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private List<String> read(String cell) {
        try {
            return json.readValue(cell, CELL);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cell key the topology wrote is not a JSON array", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
