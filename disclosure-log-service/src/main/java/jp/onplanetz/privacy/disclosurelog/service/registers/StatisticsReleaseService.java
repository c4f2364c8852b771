package jp.onplanetz.privacy.disclosurelog.service.registers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;
import jp.onplanetz.privacy.disclosurelog.repository.registers.StatisticsReleaseRepository;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.util.List;
import java.util.UUID;

/**
 * The register of statistics releases: what analytics-gateway released to whom, and what it refused, as its events
 * tell it. Entries are added, never changed (the database refuses that too). No events: nothing in the suite acts
 * on the register; it is there to be read by an officer or an auditor.
 */
@ApplicationScoped
@Transactional
public class StatisticsReleaseService {

    /** One page of the register and how many entries the filter selects in all. */
    public record Listing(List<StatisticsRelease> items, long total) {
    }

    private final StatisticsReleaseRepository releases;

    public StatisticsReleaseService(StatisticsReleaseRepository releases) {
        this.releases = releases;
    }

    /**
     * Adds an entry, in the caller's transaction (the consumer's, with its inbox row).
     *
     * @return false, and nothing written, when the entry's id is taken: a release id the gateway published in an
     *         earlier event. The same event twice never gets here (the inbox stops it), so this is another event
     *         claiming the same release, which the register must not take as a second release nor silently drop.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(StatisticsRelease entry) {
        if (releases.find(entry.id()).isPresent()) {
            return false;
        }
        releases.insert(entry);
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StatisticsRelease get(UUID id) {
        return releases.find(id).orElseThrow(() -> ProblemException.notFound("statistics release " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(StatisticsRelease.Filter filter, int page, int size) {
        return new Listing(releases.page(filter, (long) page * size, size), releases.count(filter));
    }
}
