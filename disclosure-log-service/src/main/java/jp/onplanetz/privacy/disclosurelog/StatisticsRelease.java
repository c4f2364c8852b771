package jp.onplanetz.privacy.disclosurelog;

import jp.onplanetz.privacy.events.payload.AnalyticsReleaseRefused;
import jp.onplanetz.privacy.events.payload.AnalyticsStatisticsReleased;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One entry of the register of statistics releases: a release of anonymised statistics analytics-gateway made to a
 * recipient, or one it refused because the recipient's privacy budget would have been exceeded. The fact of the
 * release and its protection (epsilon, k, L), never its cells' values.
 *
 * <p>A release has a release id (which is also the entry's id), a purpose, dimensions, a measure, k
 * ({@code minimumPeoplePerCell}), L ({@code maxCellsPerPerson}) and its cell counts, and no budget; a refusal has
 * no release id (its entry gets an id of its own) and none of those, but the budget it would have exceeded.
 *
 * @param eventId the CloudEvent id the entry was made from
 * @param occurredAt when the release was made ({@code releasedAt}) or refused ({@code refusedAt})
 */
public record StatisticsRelease(UUID id, String eventId, ReleaseStatus status, UUID releaseId, UUID definitionId,
        String recipient, String purpose, Instant windowStart, Instant windowEnd, List<String> dimensions,
        String measure, BigDecimal epsilon, Integer maxCellsPerPerson, Integer minimumPeoplePerCell,
        Integer releasedCells, Integer suppressedCells, String budgetPeriod, BigDecimal budgetSpent,
        BigDecimal budgetCap, Instant occurredAt, Instant receivedAt) {

    /** The entry of a release, from its event; the cells' values stay at the gateway and with the recipient. */
    public static StatisticsRelease released(String eventId, AnalyticsStatisticsReleased r, Instant receivedAt) {
        return new StatisticsRelease(r.releaseId(), eventId, ReleaseStatus.RELEASED, r.releaseId(), r.definitionId(),
                r.recipient(), r.purpose(), r.windowStart().toInstant(), r.windowEnd().toInstant(), r.dimensions(),
                r.measure(), new BigDecimal(r.epsilon()), r.maxCellsPerPerson(), r.minimumPeoplePerCell(),
                r.cells().size(), r.suppressedCells(), null, null, null, r.releasedAt().toInstant(), receivedAt);
    }

    /** The entry of a refusal, from its event: a refused release was never made, so the entry gets an id of its own. */
    public static StatisticsRelease refused(String eventId, AnalyticsReleaseRefused r, Instant receivedAt) {
        return new StatisticsRelease(UUID.randomUUID(), eventId, ReleaseStatus.REFUSED, null, r.definitionId(),
                r.recipient(), null, r.windowStart().toInstant(), r.windowEnd().toInstant(), null, null,
                new BigDecimal(r.epsilon()), null, null, null, null, r.budgetPeriod(), new BigDecimal(r.spent()),
                new BigDecimal(r.cap()), r.refusedAt().toInstant(), receivedAt);
    }

    /** The list's filters; null means any. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(String recipient, Instant from, Instant to) {
    }
}
