package jp.onplanetz.privacy.analytics.repository;

import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V8 on a database that already holds events: on a scratch database of its own, the migrations up to the one
 * before it, rows stored as the unpartitioned table held them, then V8: every row is still there, value for value,
 * in the partition of its UTC day, with the indexes and key of the partitioned table.
 */
class UsageEventByDayMigrationTest {

    private static final String DATABASE = "analytics_v8_probe";

    @Test
    void the_stored_events_move_into_one_partition_per_utc_day_unchanged() throws SQLException {
        String admin = SuiteInfrastructure.get().postgres().jdbcUrl("postgres");
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("drop database if exists " + DATABASE);
            st.execute("create database " + DATABASE);
        }
        String url = SuiteInfrastructure.get().postgres().jdbcUrl(DATABASE);
        migrate(url, versionBefore(url, "8"));
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("""
                    insert into usage_event (id, subject_pseudonym, anonymous_pseudonym, cookie_pseudonym,
                        terminal_pseudonym, key_version, ip_prefix, occurred_at, event_type, page, gender, age_band,
                        prefecture, region, job_class, company_size, company_sector, consented_for_analytics,
                        ingested_at) values
                    ('00000000-0000-4000-8000-000000000001', 'p1:AAAAAAAAAAAAAAAAAAAAAA', null,
                        'p1:BBBBBBBBBBBBBBBBBBBBBB', 'p1:CCCCCCCCCCCCCCCCCCCCCC', 1, '192.0.2.0/24',
                        '2026-11-02 23:59:59.999999+00', 'page-view', '/a', 'female', '30-39', 'tokyo', 'kanto',
                        'engineer', '10-99', 'manufacturing', true, '2026-11-03 00:00:01+00'),
                    ('00000000-0000-4000-8000-000000000002', null, 'p2:DDDDDDDDDDDDDDDDDDDDDD', null, null, 2,
                        '2001:db8::/48', '2026-11-03 08:59:59+09', 'click', null, 'unspecified', 'unspecified',
                        'unspecified', 'unspecified', 'unspecified', 'unspecified', 'unspecified', false,
                        '2026-11-03 00:00:02+00'),
                    ('00000000-0000-4000-8000-000000000003', null, null, null, null, 1, null,
                        '2026-11-03 00:00:00+00', 'click', null, 'male', '20-29', 'osaka', 'kinki', 'sales',
                        '1-9', 'retail', true, '2026-11-03 00:00:03+00')""");
        }
        String before = rowsDigest(url);

        migrate(url, "8");

        assertThat(rowsDigest(url)).isEqualTo(before);
        assertThat(list(url, "select c.relname || '=' || count(e.*) from pg_inherits i"
                + " join pg_class c on c.oid = i.inhrelid left join usage_event e on e.tableoid = c.oid"
                + " where i.inhparent = 'usage_event'::regclass group by c.relname order by 1"))
                .containsExactly("usage_event_p20261102=2", "usage_event_p20261103=1");
        assertThat(list(url, "select indexname from pg_indexes where tablename = 'usage_event' order by 1"))
                .containsExactly("usage_event_anonymous", "usage_event_pkey", "usage_event_subject");
        assertThat(list(url, "select a.attname from pg_index x join pg_attribute a on a.attrelid = x.indrelid"
                + " and a.attnum = any(x.indkey) where x.indrelid = 'usage_event'::regclass and x.indisprimary"
                + " order by a.attnum")).containsExactly("id", "occurred_at");
        assertThat(list(url, "select relname from pg_class where relname like 'usage_event_unpartitioned%'")).isEmpty();
        assertThat(list(url, "select partstrat from pg_partitioned_table"
                + " where partrelid = 'usage_event'::regclass")).containsExactly("r");

        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("drop database " + DATABASE);
        }
    }

    /** The last migration before {@code version}, whichever others have been added since. */
    private static String versionBefore(String url, String version) {
        org.flywaydb.core.api.MigrationVersion v8 = org.flywaydb.core.api.MigrationVersion.fromVersion(version);
        return java.util.Arrays.stream(configure(url).load().info().all()).map(m -> m.getVersion())
                .filter(m -> m != null && m.compareTo(v8) < 0).max(java.util.Comparator.naturalOrder()).orElseThrow()
                .getVersion();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration configure(String url) {
        return Flyway.configure().dataSource(url, "postgres", "postgres")
                .locations("classpath:db/platform", "classpath:db/migration");
    }

    private static void migrate(String url, String target) {
        configure(url).target(target).load().migrate();
    }

    private static String rowsDigest(String url) throws SQLException {
        return list(url, "select md5(string_agg(e::text, '|' order by id)) from usage_event e").get(0);
    }

    private static List<String> list(String url, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
