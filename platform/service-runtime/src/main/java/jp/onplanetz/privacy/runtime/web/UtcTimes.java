package jp.onplanetz.privacy.runtime.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Times in responses, in UTC: the same instant reads the same in every response, however the database driver handed
 * it back (a {@code timestamptz} comes back in the JVM's zone). Null stays null.
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
}
