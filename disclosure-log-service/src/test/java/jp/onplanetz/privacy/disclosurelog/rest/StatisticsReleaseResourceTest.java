package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Callers.as;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.REFUSED;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.RELEASED;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.newRecipient;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.record;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.refused;
import static jp.onplanetz.privacy.disclosurelog.support.Releases.released;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** Reading the register of statistics releases: who may, in what order, by which filters, and what is refused. */
@QuarkusTest
class StatisticsReleaseResourceTest {

    private static final String PATH = "/api/v1/statistics-releases";
    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;

    /** One recipient's attempts, oldest first: a release, a refusal, a release, a day apart; and another's. */
    private static final String RECIPIENT = newRecipient();
    private static final String OTHER = newRecipient();
    private static String a;
    private static String b;
    private static String c;
    private static String other;

    @BeforeEach
    void theRegister() {
        if (a == null) {
            a = record(RELEASED, UUID.randomUUID().toString(), RECIPIENT,
                    released(UUID.randomUUID().toString(), RECIPIENT, "2026-01-10T00:00:00Z"));
            b = record(REFUSED, UUID.randomUUID().toString(), RECIPIENT, refused(RECIPIENT, "2026-01-11T00:00:00Z"));
            c = record(RELEASED, UUID.randomUUID().toString(), RECIPIENT,
                    released(UUID.randomUUID().toString(), RECIPIENT, "2026-01-12T00:00:00Z"));
            other = record(RELEASED, UUID.randomUUID().toString(), OTHER,
                    released(UUID.randomUUID().toString(), OTHER, "2026-01-11T12:00:00Z"));
        }
    }

    @Test
    void aRecipientsAttemptsComeNewestFirstAndPaged() {
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("recipient", RECIPIENT).when().get(PATH)
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(c, b, a)))
                .body("items.status", equalTo(List.of("released", "refused", "released")))
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(50));
        given().auth().oauth2(TestTokens.operator()).queryParam("recipient", RECIPIENT).queryParam("size", 1)
                .queryParam("page", 1).when().get(PATH)
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(b)))
                .body("total", equalTo(3)).body("page", equalTo(1)).body("size", equalTo(1));
        given().auth().oauth2(TestTokens.operator()).queryParam("recipient", OTHER).when().get(PATH)
                .then().statusCode(200).body("items.id", equalTo(List.of(other)));
    }

    @Test
    void withoutFiltersEveryEntryIsListedTheNewestAttemptFirst() {
        List<String> times = given().auth().oauth2(TestTokens.operator()).queryParam("size", 500).when().get(PATH)
                .then().statusCode(200).extract().path("items.collect { it.releasedAt ?: it.refusedAt }");
        assertThat(times.stream().map(Instant::parse).toList()).isNotEmpty()
                .isSortedAccordingTo(Comparator.reverseOrder());
        int total = given().auth().oauth2(TestTokens.operator()).when().get(PATH).then().extract().path("total");
        assertThat((long) total).isEqualTo(ServiceDb.count(DB, "select count(*) from statistics_release"));
    }

    /** {@code from} inclusive, {@code to} exclusive; a date is a day of Asia/Tokyo, and as {@code to} includes it. */
    @ParameterizedTest(name = "from {0} to {1}")
    @CsvSource(delimiter = '|', value = {
            "2026-01-11T00:00:00Z      | -                    | c,b",
            "-                         | 2026-01-11T00:00:00Z | a",
            "2026-01-10T09:00:00+09:00 | 2026-01-12T00:00:00Z | b,a",
            "2026-01-11                | 2026-01-11           | b",
            "2026-01-12                | -                    | c",
            "2026-01-13                | -                    | -",
    })
    void thePeriodIsWhenTheReleaseWasMadeOrRefused(String from, String to, String expected) {
        RequestSpecification request = given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("recipient", RECIPIENT);
        if (!from.equals("-")) {
            request.queryParam("from", from);
        }
        if (!to.equals("-")) {
            request.queryParam("to", to);
        }
        Map<String, String> ids = Map.of("a", a, "b", b, "c", c);
        List<String> want = expected.equals("-") ? List.of()
                : Arrays.stream(expected.split(",")).map(ids::get).toList();
        request.when().get(PATH).then().statusCode(200).body("items.id", equalTo(want)).body("total", equalTo(want.size()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "from=yesterday                        | from",
            "from=2026-13-01                       | from",
            "from=2026-01-11T00:00:00              | from",
            "to=soon                               | to",
            "from=2026-01-12&to=2026-01-11T00:00Z  | to",
            "recipient=Acme Ads                    | recipient",
            "size=501                              | size",
            "size=0                                | size",
            "page=-1                               | page",
    })
    void badParametersAreAProblemNamingTheParameter(String query, String parameter) {
        RequestSpecification request = given().auth().oauth2(TestTokens.privacyOfficer());
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            request.queryParam(kv[0], kv[1]);
        }
        request.when().get(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("'invalid-params'.name", equalTo(List.of(parameter)));
    }

    /** Every kind of caller on both endpoints: officers and operators read, nobody else. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "privacy-officer    | list | 200",
            "operator           | list | 200",
            "subject            | list | 403",
            "recipient          | list | 403",
            "svc-consent        | list | 403",
            "svc-data-request   | list | 403",
            "svc-analytics      | list | 403",
            "svc-disclosure-log | list | 403",
            "none               | list | 401",
            "privacy-officer    | read | 200",
            "operator           | read | 200",
            "subject            | read | 403",
            "recipient          | read | 403",
            "svc-consent        | read | 403",
            "svc-data-request   | read | 403",
            "svc-analytics      | read | 403",
            "svc-disclosure-log | read | 403",
            "none               | read | 401",
    })
    void whoMayRead(String caller, String action, int expected) {
        Response response = switch (action) {
            case "list" -> as(caller).queryParam("recipient", RECIPIENT).when().get(PATH);
            case "read" -> as(caller).when().get(PATH + "/" + b);
            default -> throw new IllegalArgumentException(action);
        };
        response.then().statusCode(expected);
        if (expected == 200) {
            response.then().body(action.equals("list") ? "items[1].id" : "id", equalTo(b));
        } else {
            response.then().contentType("application/problem+json").body("status", equalTo(expected));
        }
    }

    @Test
    void anUnknownEntryIsNotFound() {
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PUT", "PATCH", "DELETE", "POST"})
    void entriesAreNeverWrittenChangedNorRemovedThroughTheApi(String method) {
        String path = method.equals("POST") ? PATH : PATH + "/" + a;
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body("{}")
                .when().request(method, path).then().statusCode(405);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "/" + a).then().statusCode(200)
                .body("releasedAt", equalTo("2026-01-10T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "update   | update statistics_release set epsilon = 0.01 where id = ? | UPDATE",
            "delete   | delete from statistics_release where id = ?               | DELETE",
            "truncate | truncate statistics_release                               | TRUNCATE",
    })
    void theDatabaseRefusesToRewriteOrRemoveAnEntry(String name, String sql, String operation) {
        long before = ServiceDb.count(DB, "select count(*) from statistics_release");
        Object[] params = sql.contains("?") ? new Object[] {UUID.fromString(c)} : new Object[0];
        assertThatThrownBy(() -> ServiceDb.update(DB, sql, params))
                .rootCause().isInstanceOf(SQLException.class)
                .hasMessageContaining("statistics_release is append-only: " + operation + " refused")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        assertThat(ServiceDb.count(DB, "select count(*) from statistics_release")).isEqualTo(before);
        assertThat(ServiceDb.single(DB, "select epsilon::text from statistics_release where id = ?", UUID.fromString(c)))
                .isEqualTo("0.5");
    }

    @Test
    void theServiceRoleMayOnlyReadAndAppend() {
        for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
            boolean has = (Boolean) ServiceDb.single(DB,
                    "select has_table_privilege('disclosure_log_app', 'statistics_release', ?)", privilege);
            assertThat(has).as(privilege).isEqualTo(privilege.equals("SELECT") || privilege.equals("INSERT"));
        }
    }
}
