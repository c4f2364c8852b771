package jp.onplanetz.privacy.runtime.jdbc;

import jp.onplanetz.privacy.runtime.testapp.Db;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary COPY rows against the suite's real PostgreSQL: what goes in comes back, value for value, and what
 * cannot be stored is refused before the server sees it. The random rows are jqwik's generators (with their edge
 * cases) under a fixed seed, so every run checks the same rows.
 */
class BinaryCopyRowsTest {

    private static final long SEED = 20_261_208L;
    private static final List<String> COLUMNS = List.of("n", "u", "t", "i", "l", "b", "ts");
    /** PostgreSQL's first and last storable instants, as Java instants. */
    private static final Instant FIRST = Instant.parse("-4713-11-24T00:00:00Z");
    private static final Instant LAST = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private Connection db;

    @BeforeEach
    void probeTable() throws SQLException {
        db = Db.connect();
        try (Statement st = db.createStatement()) {
            st.execute("create temporary table copy_probe (n int4 primary key, u uuid, t text, i int4, l int8,"
                    + " b bool, ts timestamptz)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    record Row(int n, UUID u, String t, Integer i, Long l, Boolean b, Instant ts) {
    }

    @Test
    void every_generated_value_comes_back_as_it_went_in() throws SQLException {
        List<Row> rows = generatedRows(4000);
        assertThat(copy(rows)).isEqualTo(rows.size());
        assertStored(rows);
    }

    @Test
    void the_edges_of_every_type_come_back_as_they_went_in() throws SQLException {
        List<Row> rows = List.of(
                new Row(1, new UUID(0, 0), "", Integer.MIN_VALUE, Long.MIN_VALUE, false, FIRST),
                new Row(2, new UUID(-1, -1), "a", Integer.MAX_VALUE, Long.MAX_VALUE, true, LAST),
                new Row(3, UUID.fromString("00000000-0000-8000-8000-000000000000"), "é€😀𝄞", -1, -1L, true,
                        Instant.parse("2000-01-01T00:00:00Z")),
                new Row(4, null, null, null, null, null, null),
                new Row(5, new UUID(5, 5), "x".repeat(1_000_000), 0, 0L, false,
                        Instant.parse("1970-01-01T00:00:00Z")),
                new Row(6, new UUID(6, -6), "\uD800\uDC00\uDBFF\uDFFF\uFFFF\u0001\u007F\u0080\u07FF\u0800", 1, 1L,
                        false, Instant.parse("1999-12-31T23:59:59.999999Z")));
        assertThat(copy(rows)).isEqualTo(rows.size());
        assertStored(rows);
    }

    @Test
    void a_time_finer_than_a_microsecond_is_truncated_toward_the_past() throws SQLException {
        List<Row> rows = List.of(
                timeRow(1, Instant.parse("2026-12-08T01:02:03.0000019Z")),
                timeRow(2, Instant.parse("1999-12-31T23:59:59.999999999Z")),
                timeRow(3, Instant.parse("1969-12-31T23:59:59.9999995Z")),
                timeRow(4, Instant.parse("-0044-03-15T12:00:00.000000001Z")));
        copy(rows);
        assertThat(storedTimes("ts = '2026-12-08 01:02:03.000001+00'")).containsExactly(1);
        assertThat(storedTimes("ts = '1999-12-31 23:59:59.999999+00'")).containsExactly(2);
        assertThat(storedTimes("ts = '1969-12-31 23:59:59.999999+00'")).containsExactly(3);
        assertThat(storedTimes("ts = '0045-03-15 12:00:00+00 BC'")).containsExactly(4);
    }

    @Test
    void a_time_outside_what_postgresql_holds_is_refused_and_the_row_stays_as_it_was() throws SQLException {
        BinaryCopyRows rows = new BinaryCopyRows(7);
        rows.row().int4(1).uuid(null).text("t").int4(1).int8(1L).bool(true);
        for (Instant outside : List.of(FIRST.minusNanos(1), LAST.plusNanos(1000), Instant.MIN, Instant.MAX)) {
            assertThatThrownBy(() -> rows.timestamptz(outside)).isInstanceOf(IllegalArgumentException.class);
        }
        rows.timestamptz(LAST);
        assertThat(rows.copyInto(db, "copy_probe", COLUMNS)).isEqualTo(1);
        assertStored(List.of(new Row(1, null, "t", 1, 1L, true, LAST)));
    }

    @Test
    void text_postgresql_cannot_hold_is_refused_and_the_row_stays_as_it_was() throws SQLException {
        BinaryCopyRows rows = new BinaryCopyRows(7);
        rows.row().int4(1).uuid(null);
        for (String refused : List.of("a\u0000b", "\u0000", "a\uD800", "\uD800b", "\uDC00", "x\uDC00\uD800")) {
            assertThatThrownBy(() -> rows.text(refused)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(refused);
        }
        rows.text("kept").int4(2).int8(3L).bool(false).timestamptz(null);
        assertThat(rows.copyInto(db, "copy_probe", COLUMNS)).isEqualTo(1);
        assertStored(List.of(new Row(1, null, "kept", 2, 3L, false, null)));
    }

    @Test
    void a_row_with_a_wrong_number_of_fields_is_refused_before_anything_reaches_the_server() throws SQLException {
        db.setAutoCommit(false);
        BinaryCopyRows tooFew = new BinaryCopyRows(7);
        tooFew.row().int4(1).uuid(null).text("a");
        assertThatThrownBy(tooFew::row).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 of its 7");
        assertThatThrownBy(() -> tooFew.copyInto(db, "copy_probe", COLUMNS))
                .isInstanceOf(IllegalStateException.class);

        BinaryCopyRows tooMany = new BinaryCopyRows(7);
        tooMany.row().int4(1).uuid(null).text("a").int4(1).int8(1L).bool(true).timestamptz(null);
        assertThatThrownBy(() -> tooMany.int4(8)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new BinaryCopyRows(7).int4(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tooMany.copyInto(db, "copy_probe", COLUMNS.subList(0, 6)))
                .isInstanceOf(IllegalArgumentException.class);

        // Had any of them reached the server, the transaction would be aborted and refuse the next statement.
        assertThat(count()).isZero();
        assertThat(tooMany.copyInto(db, "copy_probe", COLUMNS)).isEqualTo(1);
        db.commit();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void a_name_that_is_not_a_plain_sql_name_is_refused() {
        BinaryCopyRows rows = new BinaryCopyRows(1);
        rows.row().int4(1);
        for (String table : List.of("copy_probe; drop table x", "Copy_Probe", "\"copy_probe\"", "a.b.c", "")) {
            assertThatThrownBy(() -> rows.copyInto(db, table, List.of("n")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> rows.copyInto(db, "copy_probe", List.of("n) from program 'x'; --")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_failed_copy_stores_no_row_of_its_batch() throws SQLException {
        List<Row> rows = new ArrayList<>(generatedRows(1500));
        rows.set(1200, new Row(3, null, null, null, null, null, null)); // the primary key of row 3 again
        assertThatThrownBy(() -> copy(rows)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        assertThat(count()).isZero();

        db.setAutoCommit(false);
        Savepoint before = db.setSavepoint();
        assertThatThrownBy(() -> copy(rows)).isInstanceOf(SQLException.class);
        db.rollback(before);
        assertThat(count()).isZero();
        List<Row> good = generatedRows(10);
        assertThat(copy(good)).isEqualTo(10);
        db.commit();
        assertStored(good);
    }

    @Test
    void the_same_rows_may_be_copied_again() throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("alter table copy_probe drop constraint copy_probe_pkey");
        }
        BinaryCopyRows rows = rowsOf(generatedRows(50));
        assertThat(rows.rows()).isEqualTo(50);
        assertThat(rows.copyInto(db, "copy_probe", COLUMNS)).isEqualTo(50);
        assertThat(rows.copyInto(db, "copy_probe", COLUMNS)).isEqualTo(50);
        assertThat(count()).isEqualTo(100);
    }

    private static Row timeRow(int n, Instant ts) {
        return new Row(n, null, null, null, null, null, ts);
    }

    private List<Row> generatedRows(int count) {
        JqwikSession.start(String.valueOf(SEED));
        try {
            Random random = new Random(SEED);
            RandomGenerator<UUID> uuids = net.jqwik.api.Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new)
                    .injectNull(0.05)
                    .generator(1000, true);
            RandomGenerator<String> texts = texts().generator(1000, true);
            RandomGenerator<Integer> ints = Arbitraries.integers().injectNull(0.05).generator(1000, true);
            RandomGenerator<Long> longs = Arbitraries.longs().injectNull(0.05).generator(1000, true);
            RandomGenerator<Boolean> bools = Arbitraries.of(true, false).injectNull(0.05).generator(1000, true);
            RandomGenerator<Instant> times = times().generator(1000, true);
            List<Row> rows = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                rows.add(new Row(n, uuids.next(random).value(), texts.next(random).value(), ints.next(random).value(),
                        longs.next(random).value(), bools.next(random).value(), times.next(random).value()));
            }
            return rows;
        } finally {
            JqwikSession.finish();
        }
    }

    /** Any text PostgreSQL can hold: every code point but NUL, from every plane, short, empty and long. */
    private static Arbitrary<String> texts() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 0x7F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xFFFF)
                        .filter(cp -> !Character.isSurrogate((char) (int) cp))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
        Arbitrary<String> any = codePoint.list().ofMaxSize(60).map(BinaryCopyRowsTest::ofCodePoints);
        Arbitrary<String> longText = codePoint.list().ofMinSize(5_000).ofMaxSize(20_000)
                .map(BinaryCopyRowsTest::ofCodePoints);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, any),
                net.jqwik.api.Tuple.of(1, longText),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")))
                .injectNull(0.05);
    }

    /** Any instant PostgreSQL can hold, at nanosecond precision, with its first and last as edge cases. */
    private static Arbitrary<Instant> times() {
        Arbitrary<Instant> anyTime = Arbitraries.longs().between(FIRST.getEpochSecond(), LAST.getEpochSecond())
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        Arbitrary<Instant> recent = Arbitraries.longs().between(0, 4_102_444_800L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        return Arbitraries.oneOf(anyTime, recent, Arbitraries.of(FIRST, LAST, Instant.EPOCH,
                        Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("1999-12-31T23:59:59.999999999Z")))
                .injectNull(0.05);
    }

    private static String ofCodePoints(List<Integer> codePoints) {
        StringBuilder s = new StringBuilder();
        codePoints.forEach(s::appendCodePoint);
        return s.toString();
    }

    private static BinaryCopyRows rowsOf(List<Row> rows) {
        BinaryCopyRows copy = new BinaryCopyRows(7);
        for (Row r : rows) {
            copy.row().int4(r.n()).uuid(r.u()).text(r.t()).int4(r.i()).int8(r.l()).bool(r.b()).timestamptz(r.ts());
        }
        return copy;
    }

    private long copy(List<Row> rows) throws SQLException {
        return rowsOf(rows).copyInto(db, "copy_probe", COLUMNS);
    }

    /**
     * Reads every row back. A time is compared as PostgreSQL's exact count of microseconds since its own epoch,
     * 2000-01-01 (so even years PgJDBC's text parsing does not reach are checked; its count since 1970 is worked out
     * in floating point near its last year), and, where PgJDBC can parse it, as the instant PgJDBC returns.
     */
    private void assertStored(List<Row> expected) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("select n, u, t, i, l, b, ts,"
                + " extract(epoch from ts - timestamptz '2000-01-01 00:00:00+00') * 1000000, octet_length(t) from copy_probe order by n");
             ResultSet rs = ps.executeQuery()) {
            int at = 0;
            for (Row want : expected.stream().sorted(java.util.Comparator.comparingInt(Row::n)).toList()) {
                assertThat(rs.next()).as("row %d is stored", want.n()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(want.n());
                assertThat(rs.getObject(2, UUID.class)).as("uuid of row %d", want.n()).isEqualTo(want.u());
                assertThat(rs.getString(3)).as("text of row %d", want.n()).isEqualTo(want.t());
                assertThat(rs.getObject(4, Integer.class)).as("int4 of row %d", want.n()).isEqualTo(want.i());
                assertThat(rs.getObject(5, Long.class)).as("int8 of row %d", want.n()).isEqualTo(want.l());
                assertThat(rs.getObject(6, Boolean.class)).as("bool of row %d", want.n()).isEqualTo(want.b());
                if (want.ts() == null) {
                    assertThat(rs.getObject(7)).isNull();
                } else {
                    Instant micro = want.ts().truncatedTo(ChronoUnit.MICROS);
                    java.math.BigInteger sinceY2kMicros = java.math.BigInteger.valueOf(micro.getEpochSecond())
                            .multiply(java.math.BigInteger.valueOf(1_000_000))
                            .add(java.math.BigInteger.valueOf(micro.getNano() / 1000 - 946_684_800_000_000L));
                    assertThat(rs.getBigDecimal(8).toBigIntegerExact()).as("microseconds of row %d", want.n())
                            .isEqualTo(sinceY2kMicros);
                    if (micro.getEpochSecond() >= 0 && micro.isBefore(Instant.parse("9999-01-01T00:00:00Z"))) {
                        assertThat(rs.getObject(7, OffsetDateTime.class).toInstant()).isEqualTo(micro);
                    }
                }
                if (want.t() != null) {
                    assertThat(rs.getInt(9)).isEqualTo(want.t().getBytes(StandardCharsets.UTF_8).length);
                }
                at++;
            }
            assertThat(rs.next()).as("no row beyond the %d copied", at).isFalse();
        }
    }

    private List<Integer> storedTimes(String condition) throws SQLException {
        List<Integer> found = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select n from copy_probe where " + condition + " order by n")) {
            while (rs.next()) {
                found.add(rs.getInt(1));
            }
        }
        return found;
    }

    private long count() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select count(*) from copy_probe")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
