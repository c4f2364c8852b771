package jp.onplanetz.privacy.analytics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.analytics.UsageTesting.grant;
import static jp.onplanetz.privacy.analytics.UsageTesting.reporterToken;
import static jp.onplanetz.privacy.analytics.UsageTesting.sendUsage;
import static jp.onplanetz.privacy.analytics.UsageTesting.storedOfType;
import static jp.onplanetz.privacy.analytics.UsageTesting.uniqueEventType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Direct identifiers never pass the door: after events with known raw values came in by HTTP and by Kafka,
 * every text column of every stored event is read back and none holds any of them.
 */
@QuarkusTest
class RawIdentifierScanTest {

    @Test
    void noStoredEventHoldsARawValue() throws Exception {
        String subject = UUID.randomUUID().toString();
        String anonymous = "anon-" + UUID.randomUUID();
        grant(subject);
        grant(anonymous);
        String cookie = "cookie-" + UUID.randomUUID();
        String terminal = "IMEI-" + UUID.randomUUID();
        String ip = "198.51.100.77";
        String ipv6 = "2001:db8:4a2b:77:1234:5678:9abc:def0";
        String address = "大阪府大阪市北区梅田3-1-1 グランフロント7階";
        String jobTitle = "Chief Sake Brewer";
        String company = "Umeda Sake Brewing Co.";
        int birthYear = 1984;
        List<String> raw = List.of(subject, anonymous, cookie, terminal, ip, ipv6, address, "梅田", jobTitle, "Sake",
                company, "Umeda", String.valueOf(birthYear));

        String httpType = uniqueEventType();
        String kafkaType = uniqueEventType();
        given().auth().oauth2(reporterToken()).contentType(ContentType.JSON)
                .body("{\"events\":[" + event(subject, null, cookie, terminal, ip, address, jobTitle, company, birthYear,
                        httpType) + "]}")
                .when().post("/api/v1/usage-events/batch").then().statusCode(202);
        sendUsage(UUID.randomUUID().toString(), anonymous,
                event(null, anonymous, cookie, terminal, ipv6, address, jobTitle, company, birthYear, kafkaType));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOfType(kafkaType) == 1);
        assertThat(storedOfType(httpType)).isEqualTo(1);

        List<String> cells = everyTextCell("usage_event");
        assertThat(cells).isNotEmpty();
        for (String cell : cells) {
            for (String value : raw) {
                assertThat(cell).as("a stored text column").doesNotContain(value);
            }
        }
        // the counting state and the partial counts that leave the database for Kafka must be as clean as the rows
        List<String> counting = new ArrayList<>();
        for (String table : List.of("counting_person", "cell_partial", "counting_retraction")) {
            counting.addAll(everyTextCell(table));
        }
        for (TopicRecord record : TopicReader.readAll(EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC)) {
            counting.addAll(record.headers().values());
            counting.add(record.key());
            counting.add(record.value());
        }
        for (String text : counting) {
            // not the year of birth: four digits turn up by chance in ids and counts
            for (String value : raw.subList(0, raw.size() - 1)) {
                assertThat(text).as("counting state or a partial count").doesNotContain(value);
            }
        }
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS,
                "select count(*) from usage_event where event_type in (?, ?) and ip_prefix in ('198.51.100.0/24',"
                        + " '2001:db8:4a2b::/48') and prefecture = 'JP-27' and age_band = '40-49'"
                        + " and job_class = 'other' and company_size = 'unspecified'", httpType, kafkaType))
                .isEqualTo(2);
    }

    /** Every value of every text column (arrays included) of a table, whichever columns a later migration adds. */
    private static List<String> everyTextCell(String table) throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection c = ServiceDb.connect(ServiceDatabases.ANALYTICS); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select column_name from information_schema.columns where table_name = '"
                    + table + "' and (data_type in ('character varying', 'text', 'character') or udt_name = '_text')")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            assertThat(columns).isNotEmpty();
            try (ResultSet rs = s.executeQuery("select " + String.join(", ", columns) + " from " + table)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        if (rs.getString(i) != null) {
                            cells.add(rs.getString(i));
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static String event(String subject, String anonymous, String cookie, String terminal, String ip,
            String address, String jobTitle, String company, int birthYear, String type) {
        return """
                {"subjectId":%s,"anonymousId":%s,"cookieId":"%s","terminalId":"%s","ip":"%s","occurredAt":"%s",
                 "eventType":"%s","page":"/checkout","gender":"male","birthYear":%d,"address":"%s",
                 "companyName":"%s","companySize":null,"companySector":null,"jobTitle":"%s"}"""
                .formatted(quoted(subject), quoted(anonymous), cookie, terminal, ip,
                        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), type, birthYear, address, company, jobTitle);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
