package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code analytics.cell-partial-counted.v1}: how many distinct people one source counts in one cell of a window.
 *
 * @param cell   the cell's attribute values in the definition's order, as a JSON array
 * @param source what counted them: {@code http} for the HTTP door, {@code usage-events/<partition>} for a partition
 *               of the usage topic
 * @param people the absolute count, never a difference
 */
public record AnalyticsCellPartialCounted(UUID definitionId, OffsetDateTime windowStart, String cell, String source,
        long people) {
}
