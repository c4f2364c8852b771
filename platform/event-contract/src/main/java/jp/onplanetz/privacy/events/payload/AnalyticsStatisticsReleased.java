package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code analytics.statistics-released.v1}: anonymised statistics released to a recipient for one window.
 *
 * @param epsilon the privacy loss charged, as the schema's decimal text
 */
public record AnalyticsStatisticsReleased(UUID releaseId, UUID definitionId, String recipient, String purpose,
        OffsetDateTime windowStart, OffsetDateTime windowEnd, List<String> dimensions, String measure, String epsilon,
        int maxCellsPerPerson, int minimumPeoplePerCell, List<Cell> cells, int suppressedCells,
        OffsetDateTime releasedAt) {

    /**
     * One released cell.
     *
     * @param values one value per dimension of the release (null for an unknown value)
     * @param count  distinct people in the cell, with noise
     */
    public record Cell(Map<String, String> values, long count) {
    }
}
