package jp.onplanetz.privacy.runtime.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the suite hands them out, in UTC: the same instant reads the same in every response and document, however
 * the database driver handed it back (a {@code timestamptz} comes back in the JVM's zone). Null stays null.
 */
public final class UtcTimes {

    private UtcTimes() {
    }

    public static OffsetDateTime utc(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /**
     * RFC 3339 text with the seconds always written, as documents for people and outside systems carry times
     * ({@code OffsetDateTime.toString} leaves out zero seconds).
     */
    public static String rfc3339(OffsetDateTime t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(utc(t));
    }
}
