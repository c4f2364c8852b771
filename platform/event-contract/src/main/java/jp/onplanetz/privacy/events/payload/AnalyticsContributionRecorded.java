package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code analytics.contribution-recorded.v1}: a stored, pseudonymised usage event's share of the statistics.
 *
 * @param person the keyed pseudonym of the person
 */
public record AnalyticsContributionRecorded(UUID eventId, String person, OffsetDateTime occurredAt,
        Attributes attributes) {

    /** The generalised attributes the event can be counted under (null where unknown). */
    public record Attributes(String eventType, String page, String gender, String ageBand, String prefecture,
            String region, String jobClass, String companySize, String companySector) {
    }
}
