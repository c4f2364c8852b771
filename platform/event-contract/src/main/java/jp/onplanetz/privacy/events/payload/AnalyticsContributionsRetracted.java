package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;

/**
 * {@code analytics.contributions-retracted.v1}: a person's contributions up to {@code until} stop counting.
 *
 * @param reason {@code consent-withdrawn} or {@code erased}
 */
public record AnalyticsContributionsRetracted(String person, OffsetDateTime until, String reason) {
}
