package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.List;
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

        /** The attributes by name, in the order of the record: what a statistics cell may be made of. */
        public static final List<String> DIMENSIONS = List.of("eventType", "page", "gender", "ageBand", "prefecture",
                "region", "jobClass", "companySize", "companySector");

        /** The value of the attribute named {@code dimension} (one of {@link #DIMENSIONS}); null where unknown. */
        public String of(String dimension) {
            return switch (dimension) {
                case "eventType" -> eventType;
                case "page" -> page;
                case "gender" -> gender;
                case "ageBand" -> ageBand;
                case "prefecture" -> prefecture;
                case "region" -> region;
                case "jobClass" -> jobClass;
                case "companySize" -> companySize;
                case "companySector" -> companySector;
                default -> throw new IllegalArgumentException("no attribute " + dimension);
            };
        }
    }
}
