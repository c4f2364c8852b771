package jp.onplanetz.privacy.runtime.time;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The current time as PostgreSQL keeps it (UTC, microseconds), so that a time stored in a row and the same
 * time published in its event are equal to the digit.
 */
public final class DatabaseClock {
    private DatabaseClock() {
    }

    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
