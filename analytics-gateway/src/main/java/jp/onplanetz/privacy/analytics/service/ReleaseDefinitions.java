package jp.onplanetz.privacy.analytics.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.TransactionPhase;
import jp.onplanetz.privacy.analytics.ReleaseDefinition;
import jp.onplanetz.privacy.analytics.statistics.CountingRule;

import java.time.Duration;
import java.util.List;

/**
 * The counting rules of every definition, held in memory for the statistics topology, which applies them to every
 * contribution and must not query the database for each. Re-read on a schedule and at once after this replica
 * changes a definition; another replica sees a change within one refresh, which is why a definition's first
 * window may not start before it is made.
 */
@ApplicationScoped
public class ReleaseDefinitions {

    private volatile List<CountingRule> rules = List.of();

    void onStart(@Observes StartupEvent start) {
        refresh();
    }

    /** The rules as last read; never null. */
    public List<CountingRule> countingRules() {
        return rules;
    }

    /** Fired inside the transaction that defines or retires a definition. */
    public record Changed(java.util.UUID definitionId) {
    }

    /** This replica counts under a new definition as soon as it is committed, not one refresh later. */
    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed change) {
        refresh();
    }

    @Scheduled(every = "${privacyops.analytics.releases.definitions-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        rules = QuarkusTransaction.requiringNew().call(() -> ReleaseDefinition.<ReleaseDefinition>listAll().stream()
                .map(ReleaseDefinitions::rule).toList());
    }

    static CountingRule rule(ReleaseDefinition d) {
        return new CountingRule(d.id, d.dimensionList(), Duration.ofSeconds(d.windowSeconds), d.startsAt.toInstant(),
                d.retiredAt == null ? null : d.retiredAt.toInstant(), d.maxCellsPerPerson);
    }
}
