package jp.onplanetz.privacy.runtime.jdbc;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN (FORMAT binary)}, the cheapest way to store many rows: the
 * server reads each value in its own binary form, with no text parsing and no statement per row.
 *
 * <p>The layout is PostgreSQL's binary COPY format: the 11-byte signature, a 32-bit flags field (0: no OIDs), a
 * 32-bit header-extension length (0); per row a 16-bit field count, per field a 32-bit byte length (-1 for NULL)
 * and the bytes; a 16-bit -1 as trailer. All numbers are big-endian. Each value is written in the receive format
 * of its column type, so the caller must name columns of exactly these types in the same order:
 * {@code uuid} (16 bytes), {@code text} (UTF-8), {@code int4}, {@code int8}, {@code bool} (one byte),
 * {@code timestamptz} (64-bit microseconds since 2000-01-01T00:00Z).
 *
 * <p>Everything that can be refused here is refused before a byte reaches the server: a row with too few or too many
 * fields, text PostgreSQL cannot hold (a NUL character, a lone surrogate: Java's own encoder would silently write
 * {@code ?} instead), a time outside what a {@code timestamptz} holds, a table or column that is not a plain name.
 * Not thread-safe: one batch, built by one thread.
 */
public final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    /** 2000-01-01T00:00:00Z in Unix seconds: PostgreSQL counts its times from there. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    /** Julian day 0 (4714-11-24 BC) at midnight UTC, PostgreSQL's earliest timestamp, in its microseconds. */
    static final long MIN_MICROS = -211_813_488_000_000_000L;
    /** Just before 294277-01-01T00:00Z, the first instant PostgreSQL refuses, in its microseconds. */
    static final long MAX_MICROS = 9_223_371_331_200_000_000L - 1;

    private final int columns;
    private byte[] buffer = new byte[8192];
    private int size;
    private int rows;
    private int fieldsInRow;

    /** @param columns how many fields every row has: the number of columns the COPY names */
    public BinaryCopyRows(int columns) {
        if (columns < 1 || columns > Short.MAX_VALUE) {
            throw new IllegalArgumentException("a COPY row has 1 to 32767 columns, not " + columns);
        }
        this.columns = columns;
        put(SIGNATURE);
        putInt(0);
        putInt(0);
        fieldsInRow = columns;
    }

    /** Starts a row; the previous one must be complete. */
    public BinaryCopyRows row() {
        requireCompleteRow();
        putShort(columns);
        rows++;
        fieldsInRow = 0;
        return this;
    }

    public BinaryCopyRows uuid(UUID value) {
        if (nullField(value)) {
            return this;
        }
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    /** UTF-8; refuses a NUL character and a lone surrogate, which a PostgreSQL {@code text} cannot hold. */
    public BinaryCopyRows text(String value) {
        if (nullField(value)) {
            return this;
        }
        int lengthAt = size;
        putInt(0);
        try {
            putUtf8(value);
        } catch (IllegalArgumentException refused) {
            // the row stays as it was before this field, so the caller may still complete or abandon it
            size = lengthAt;
            fieldsInRow--;
            throw refused;
        }
        writeIntAt(lengthAt, size - lengthAt - 4);
        return this;
    }

    public BinaryCopyRows int4(Integer value) {
        if (nullField(value)) {
            return this;
        }
        putInt(4);
        putInt(value);
        return this;
    }

    public BinaryCopyRows int8(Long value) {
        if (nullField(value)) {
            return this;
        }
        putInt(8);
        putLong(value);
        return this;
    }

    public BinaryCopyRows bool(Boolean value) {
        if (nullField(value)) {
            return this;
        }
        putInt(1);
        ensure(1);
        buffer[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    /**
     * Microseconds, as a {@code timestamptz} holds them: a finer instant is truncated toward the past (what
     * {@code Instant.truncatedTo(ChronoUnit.MICROS)} gives), so the same instant is always stored the same way.
     * PostgreSQL's own text input rounds to the nearest microsecond instead; callers that need equality with a
     * time stored through text pass microsecond instants.
     *
     * @throws IllegalArgumentException outside 4714-11-24T00:00Z BC .. 294276-12-31T23:59:59.999999Z
     */
    public BinaryCopyRows timestamptz(Instant value) {
        // refused before the field is counted, so the row stays as it was
        long micros = value == null ? 0 : postgresMicros(value);
        if (nullField(value)) {
            return this;
        }
        putInt(8);
        putLong(micros);
        return this;
    }

    /** The rows started so far. */
    public int rows() {
        return rows;
    }

    /**
     * Runs {@code COPY table (columns) FROM STDIN (FORMAT binary)} on the connection, in its current transaction
     * (a failed COPY stores no row of the batch; in a transaction the transaction is then aborted, as after any
     * failed statement). The rows stay here: the same batch may be copied again.
     *
     * @param connection a PgJDBC connection or a pool's wrapper of one
     * @return the rows the server stored
     */
    public long copyInto(Connection connection, String table, List<String> columnNames) throws SQLException {
        requireCompleteRow();
        if (columnNames.size() != columns) {
            throw new IllegalArgumentException(
                    "rows of " + columns + " fields cannot fill " + columnNames.size() + " columns " + columnNames);
        }
        requireName(table);
        columnNames.forEach(BinaryCopyRows::requireName);
        String sql = "copy " + table + " (" + String.join(", ", columnNames) + ") from stdin (format binary)";
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(buffer, 0, size);
            copy.writeToCopy(TRAILER, 0, TRAILER.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    static long postgresMicros(Instant value) {
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                    value.getNano() / 1_000);
        } catch (ArithmeticException e) {
            micros = Long.MIN_VALUE;
        }
        if (micros < MIN_MICROS || micros > MAX_MICROS) {
            throw new IllegalArgumentException("outside what a timestamptz holds: " + value);
        }
        return micros;
    }

    private boolean nullField(Object value) {
        if (fieldsInRow >= columns) {
            throw new IllegalStateException(rows == 0 ? "a field before row() was called"
                    : "row " + rows + " has more than its " + columns + " fields");
        }
        fieldsInRow++;
        if (value == null) {
            putInt(-1);
            return true;
        }
        return false;
    }

    private void requireCompleteRow() {
        if (fieldsInRow != columns) {
            throw new IllegalStateException("row " + rows + " has " + fieldsInRow + " of its " + columns + " fields");
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case SQL name: " + name);
        }
    }

    private void putUtf8(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw new IllegalArgumentException("a text value holds a NUL character at index " + i);
                }
                ensure(1);
                buffer[size++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                buffer[size++] = (byte) (0xC0 | (c >> 6));
                buffer[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("a text value holds a lone surrogate at index " + i);
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buffer[size++] = (byte) (0xF0 | (cp >> 18));
                buffer[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                ensure(3);
                buffer[size++] = (byte) (0xE0 | (c >> 12));
                buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void putShort(int v) {
        ensure(2);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    private void putInt(int v) {
        ensure(4);
        writeIntAt(size, v);
        size += 4;
    }

    private void writeIntAt(int at, int v) {
        buffer[at] = (byte) (v >>> 24);
        buffer[at + 1] = (byte) (v >>> 16);
        buffer[at + 2] = (byte) (v >>> 8);
        buffer[at + 3] = (byte) v;
    }

    private void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (v >>> shift);
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
