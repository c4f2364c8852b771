package jp.onplanetz.privacy.runtime.time;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The current time as PostgreSQL keeps it (UTC, microseconds), so that a time stored in a row and the same
 * time published in its event are equal to the digit.
 */
public final class StoredTime {
    private StoredTime() {
    }

    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * RFC 3339 in UTC with the seconds always written, as documents for people and outside systems carry times
     * ({@code OffsetDateTime.toString} leaves out zero seconds); null stays null.
     */
    public static String rfc3339(OffsetDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
