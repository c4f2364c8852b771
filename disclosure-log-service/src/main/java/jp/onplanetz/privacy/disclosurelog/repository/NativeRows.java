package jp.onplanetz.privacy.disclosurelog.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading columns of native query rows, whose Java types depend on the JDBC driver and Hibernate's mapping. */
final class NativeRows {

    private NativeRows() {
    }

    /** A timestamptz column as an instant (null stays null). */
    static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Timestamp t) {
            return t.toInstant();
        }
        if (column instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return (Instant) column;
    }
}
