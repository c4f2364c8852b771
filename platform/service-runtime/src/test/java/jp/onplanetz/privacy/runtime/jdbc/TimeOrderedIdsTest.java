package jp.onplanetz.privacy.runtime.jdbc;

import jp.onplanetz.privacy.runtime.testapp.Db;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeOrderedIdsTest {

    private static final Instant AT = Instant.parse("2026-12-08T01:02:03.456789Z");

    @Test
    void the_same_time_and_name_always_give_the_same_id() {
        UUID id = TimeOrderedIds.of(AT, "usage-event e-1");
        assertThat(TimeOrderedIds.of(AT, "usage-event e-1")).isEqualTo(id);
        assertThat(TimeOrderedIds.of(AT.plusNanos(123), "usage-event e-1")).as("below a millisecond").isEqualTo(id);
        // worked out apart from this code (SHA-256 of the name, laid out by hand): a stored event's id must not
        // change between releases, or a redelivery after an upgrade would be stored twice
        assertThat(id).hasToString("01a2532c-04c0-8fa8-be74-b530c31a7dec");
        assertThat(TimeOrderedIds.of(AT, "usage-event e-2")).isNotEqualTo(id);
        assertThat(TimeOrderedIds.of(AT.plusMillis(1), "usage-event e-1")).isNotEqualTo(id);
    }

    @Test
    void an_id_is_version_8_variant_2_with_the_unix_milliseconds_first() {
        for (Instant at : List.of(Instant.EPOCH, AT, Instant.ofEpochMilli((1L << 48) - 1))) {
            UUID id = TimeOrderedIds.of(at, "n");
            assertThat(id.version()).isEqualTo(8);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
            assertThat(id.toString().substring(0, 13).replace("-", ""))
                    .isEqualTo(String.format("%012x", at.toEpochMilli()));
        }
    }

    @Test
    void a_time_outside_48_bit_unix_milliseconds_is_refused() {
        assertThatThrownBy(() -> TimeOrderedIds.of(Instant.EPOCH.minusMillis(1), "n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeOrderedIds.of(Instant.ofEpochMilli(1L << 48), "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ids_sort_by_their_millisecond_in_postgresql_as_in_java() throws SQLException {
        List<UUID> inTimeOrder = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // times across decades, a name that sorts against the time
            inTimeOrder.add(TimeOrderedIds.of(Instant.ofEpochMilli(i * 987_654_321_0L + i), "e-" + (5000 - i)));
        }
        try (Connection db = Db.connect(); Statement st = db.createStatement()) {
            st.execute("create temporary table ids (id uuid)");
            BinaryCopyRows rows = new BinaryCopyRows(1);
            for (int i = inTimeOrder.size() - 1; i >= 0; i--) {
                rows.row().uuid(inTimeOrder.get(i));
            }
            rows.copyInto(db, "ids", List.of("id"));
            List<UUID> sorted = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select id from ids order by id")) {
                while (rs.next()) {
                    sorted.add(rs.getObject(1, UUID.class));
                }
            }
            assertThat(sorted).containsExactlyElementsOf(inTimeOrder);
        }
        assertThat(inTimeOrder.stream().sorted().toList()).containsExactlyElementsOf(inTimeOrder);
    }

    @Test
    void ids_of_one_millisecond_are_distinct_and_spread_evenly_over_the_bits_below_the_time() {
        int n = 16 * 4096;
        Set<UUID> ids = new HashSet<>();
        int[][] nibbleCounts = new int[18][16];
        IntStream.range(0, n).forEach(i -> {
            UUID id = TimeOrderedIds.of(AT, "usage-event " + UUID.nameUUIDFromBytes(("e" + i).getBytes()));
            ids.add(id);
            String hex = id.toString().replace("-", "").substring(12);
            int column = 0;
            for (int p = 0; p < hex.length(); p++) {
                // the version nibble and the variant's nibble are fixed bits, not spread
                if (p == 0 || p == 4) {
                    continue;
                }
                nibbleCounts[column++][Character.digit(hex.charAt(p), 16)]++;
            }
        });
        assertThat(ids).hasSize(n);
        // chi-square over 16 values (15 degrees of freedom): 37.7 is the 0.1% critical value; the names are fixed,
        // so this is a property of the hash over these names, the same in every run
        for (int[] counts : nibbleCounts) {
            double expected = n / 16.0;
            double chiSquare = IntStream.of(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
            assertThat(chiSquare).isLessThan(37.7);
        }
    }

    @Test
    void the_variant_nibble_spreads_over_its_two_free_bits() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(TimeOrderedIds.of(AT, "e" + i).toString().charAt(19));
        }
        assertThat(seen).containsExactlyInAnyOrder('8', '9', 'a', 'b');
    }

    @Test
    void stored_as_a_primary_key_they_land_at_the_right_edge_of_the_index() throws SQLException {
        // each insert of a later time goes after every key already there: the index only grows at its end
        try (Connection db = Db.connect(); Statement st = db.createStatement()) {
            st.execute("create temporary table keyed (id uuid primary key, at timestamptz not null)");
            try (PreparedStatement ps = db.prepareStatement(
                    "insert into keyed values (?, ?) returning (select count(*) from keyed k where k.id > ?)")) {
                for (int i = 0; i < 300; i++) {
                    Instant at = AT.plusMillis(i * 37L);
                    UUID id = TimeOrderedIds.of(at, "e" + i);
                    ps.setObject(1, id);
                    ps.setObject(2, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
                    ps.setObject(3, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).isZero();
                    }
                }
            }
        }
    }
}
