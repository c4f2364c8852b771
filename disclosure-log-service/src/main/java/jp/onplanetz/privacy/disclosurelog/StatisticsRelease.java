package jp.onplanetz.privacy.disclosurelog;

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

    /** The list's filters; null means any. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(String recipient, Instant from, Instant to) {
    }
}
