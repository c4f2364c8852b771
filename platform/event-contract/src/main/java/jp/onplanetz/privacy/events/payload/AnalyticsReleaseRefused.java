package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code analytics.release-refused.v1}: a release was not made, its epsilon exceeding the recipient's budget.
 *
 * @param budgetPeriod the calendar month (UTC) of the budget, {@code yyyy-MM}
 * @param epsilon      decimals as the schema's text, like {@code spent} and {@code cap}
 */
public record AnalyticsReleaseRefused(UUID definitionId, String recipient, OffsetDateTime windowStart,
        OffsetDateTime windowEnd, String epsilon, String budgetPeriod, String spent, String cap,
        OffsetDateTime refusedAt) {
}
