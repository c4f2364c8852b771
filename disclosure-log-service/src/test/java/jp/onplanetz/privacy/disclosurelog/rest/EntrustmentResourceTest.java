package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.disclosurelog.support.Callers;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Callers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class EntrustmentResourceTest {

    private static final String PATH = "/api/v1/entrustments";
    /** The register's calendar (privacyops.disclosure-log.zone's default). */
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    private static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** A valid entry for a subcontractor of a unique name, its agreement signed {@code agreedDaysAgo} days ago. */
    private static String entry(String name, long agreedDaysAgo) {
        return """
                {"subcontractorName": "%s", "subcontractorAddress": "1-2-3 Shibuya, Shibuya-ku, Tokyo",
                 "subcontractorRepresentative": "Hanako Sato, CEO", "dataItems": ["name", "e-mail address"],
                 "purpose": "Sending the e-mail magazine on our behalf", "confidentialityAgreementDate": "%s"}"""
                .formatted(name, today().minusDays(agreedDaysAgo));
    }

    private static String newName() {
        return "Mailer " + UUID.randomUUID();
    }

    @Test
    void theOfficerRegistersAnEntrustmentAndRecordsItsSupervision() {
        String name = newName();
        OffsetDateTime before = OffsetDateTime.now();
        var created = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(entry(name, 30))
                .when().post(PATH)
                .then().statusCode(201)
                .body("subcontractorName", equalTo(name))
                .body("subcontractorRepresentative", equalTo("Hanako Sato, CEO"))
                .body("dataItems", equalTo(List.of("name", "e-mail address")))
                .body("confidentialityAgreementDate", equalTo(today().minusDays(30).toString()))
                .body("createdBy", equalTo(LocalIdentities.OFFICER_SUBJECT_ID))
                .body("checks", empty())
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(PATH + "/" + id);
        assertThat(OffsetDateTime.parse(created.path("createdAt"))).isBetween(before.minusSeconds(1), OffsetDateTime.now().plusSeconds(1));

        var check = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"checkedOn\": \"" + today().minusDays(2) + "\", \"result\": \"issues-found\", "
                        + "\"note\": \"access logs kept for 30 days only\"}")
                .when().post(PATH + "/" + id + "/supervision-checks")
                .then().statusCode(201).body("result", equalTo("issues-found"))
                .body("recordedBy", equalTo(LocalIdentities.OFFICER_SUBJECT_ID)).extract();
        String firstCheck = check.path("id");
        // Location leads to the check
        given().auth().oauth2(TestTokens.operator()).when().get(check.header("Location")).then().statusCode(200)
                .body("id", equalTo(firstCheck)).body("note", equalTo("access logs kept for 30 days only"));
        // the day the agreement was signed, and today, are both possible check dates
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"checkedOn\": \"" + today() + "\", \"result\": \"satisfactory\"}")
                .when().post(PATH + "/" + id + "/supervision-checks").then().statusCode(201).body("note", nullValue());
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"checkedOn\": \"" + today().minusDays(30) + "\", \"result\": \"satisfactory\"}")
                .when().post(PATH + "/" + id + "/supervision-checks").then().statusCode(201);

        // read back, checks oldest first
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + id)
                .then().statusCode(200).body("subcontractorName", equalTo(name))
                .body("checks", hasSize(3))
                .body("checks.checkedOn", equalTo(List.of(today().minusDays(30).toString(),
                        today().minusDays(2).toString(), today().toString())))
                .body("checks[1].id", equalTo(firstCheck));
        assertThat(checkCount(id)).isEqualTo(3);
    }

    @Test
    void anIndividualSubcontractorHasNoRepresentativeAndAnItemNamedTwiceIsOneItem() {
        String name = newName();
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"subcontractorName\": \"" + name + "\", \"subcontractorAddress\": \"Naha, Okinawa\", "
                        + "\"dataItems\": [\"postal address\", \"name\", \"postal address\"], "
                        + "\"purpose\": \"Delivering parcels\", \"confidentialityAgreementDate\": \"" + today() + "\"}")
                .when().post(PATH).then().statusCode(201)
                .body("subcontractorRepresentative", nullValue())
                .body("dataItems", equalTo(List.of("postal address", "name")));
    }

    @Test
    void theRegisterIsPagedInTheOrderOfRegistration() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(register(newName(), 10));
        }
        Callers.assertPagedInOrder(PATH, "entrustment", ids);
    }

    /** Every caller against every endpoint; what each may not do changes nothing. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "privacy-officer | register | 201",
            "operator        | register | 403",
            "subject         | register | 403",
            "recipient       | register | 403",
            "service         | register | 403",
            "none            | register | 401",
            "privacy-officer | list     | 200",
            "operator        | list     | 200",
            "subject         | list     | 403",
            "recipient       | list     | 403",
            "service         | list     | 403",
            "none            | list     | 401",
            "privacy-officer | read     | 200",
            "operator        | read     | 200",
            "subject         | read     | 403",
            "recipient       | read     | 403",
            "service         | read     | 403",
            "none            | read     | 401",
            "privacy-officer | check    | 201",
            "operator        | check    | 403",
            "subject         | check    | 403",
            "recipient       | check    | 403",
            "service         | check    | 403",
            "none            | check    | 401",
    })
    void whoMayCallWhat(String caller, String action, int expected) {
        String id = register(newName(), 5);
        long entries = count("select count(*) from entrustment");
        long checks = count("select count(*) from entrustment_supervision_check");
        RequestSpecification as = as(caller);
        Response response = switch (action) {
            case "register" -> as.contentType(ContentType.JSON).body(entry(newName(), 1)).when().post(PATH);
            case "list" -> as.when().get(PATH);
            case "read" -> as.when().get(PATH + "/" + id);
            case "check" -> as.contentType(ContentType.JSON)
                    .body("{\"checkedOn\": \"" + today() + "\", \"result\": \"satisfactory\"}")
                    .when().post(PATH + "/" + id + "/supervision-checks");
            default -> throw new IllegalArgumentException(action);
        };
        response.then().statusCode(expected);
        if (expected == 403) {
            response.then().contentType("application/problem+json").body("status", equalTo(403));
        }
        if (action.equals("read") && expected == 200) {
            response.then().body("id", equalTo(id));
        }
        assertThat(count("select count(*) from entrustment"))
                .isEqualTo(entries + (action.equals("register") && expected == 201 ? 1 : 0));
        assertThat(count("select count(*) from entrustment_supervision_check"))
                .isEqualTo(checks + (action.equals("check") && expected == 201 ? 1 : 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "PUT    | 405",
            "PATCH  | 405",
            "DELETE | 405",
    })
    void entriesAreNeverChangedNorRemoved(String method, int expected) {
        String name = newName();
        String id = register(name, 3);
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(entry("Renamed", 3))
                .when().request(method, PATH + "/" + id).then().statusCode(expected);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "/" + id).then().statusCode(200)
                .body("subcontractorName", equalTo(name));
    }

    /**
     * Each row changes one field of a valid entry: its raw JSON value, {@code -} to leave it out; or, for
     * field {@code *}, gives the whole body.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON        | *                              | {\"subcontractorName\": \"X\"          | body",
            "field given twice     | *                              | {\"purpose\": \"a\", \"purpose\": \"b\"} | body",
            "unknown field         | website                        | \"https://mailer.example\"              | website",
            "wrong type            | dataItems                      | \"name\"                                | dataItems",
            "object for a name     | subcontractorName              | {\"ja\": \"X\"}                         | subcontractorName",
            "empty dataItems       | dataItems                      | []                                      | dataItems",
            "missing dataItems     | dataItems                      | -                                       | dataItems",
            "blank data item       | dataItems                      | [\"name\", \" \"]                         | dataItems[1]",
            "data item too long    | dataItems                      | [\"$LONG\"]                               | dataItems[0]",
            "blank name            | subcontractorName              | \"   \"                                 | subcontractorName",
            "missing name          | subcontractorName              | -                                       | subcontractorName",
            "name too long         | subcontractorName              | \"$LONG\"                                 | subcontractorName",
            "blank address         | subcontractorAddress           | \"\"                                      | subcontractorAddress",
            "blank representative  | subcontractorRepresentative    | \" \"                                     | subcontractorRepresentative",
            "blank purpose         | purpose                        | \" \"                                     | purpose",
            "not a date            | confidentialityAgreementDate   | \"last spring\"                           | confidentialityAgreementDate",
            "no such day           | confidentialityAgreementDate   | \"2025-02-30\"                            | confidentialityAgreementDate",
            "number for a date     | confidentialityAgreementDate   | 19000                                   | confidentialityAgreementDate",
            "future agreement      | confidentialityAgreementDate   | \"$FUTURE\"                               | confidentialityAgreementDate",
            "missing agreement     | confidentialityAgreementDate   | -                                       | confidentialityAgreementDate",
    })
    void badEntriesAreAProblemNamingTheFieldAndWriteNothing(String name, String field, String value, String problemField) {
        String raw = value.replace("$LONG", "x".repeat(201)).replace("$FUTURE", today().plusDays(2).toString());
        String json;
        if (field.equals("*")) {
            json = raw;
        } else {
            Map<String, String> fields = validEntryFields();
            if (raw.equals("-")) {
                fields.remove(field);
            } else {
                fields.put(field, raw);
            }
            json = fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\": " + f.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        long before = count("select count(*) from entrustment");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json)
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("invalid-params.name", hasItem(problemField));
        assertThat(count("select count(*) from entrustment")).isEqualTo(before);
    }

    @Test
    void theValidEntryTheBadOnesAreMadeFromIsAccepted() {
        String json = validEntryFields().entrySet().stream().map(f -> "\"" + f.getKey() + "\": " + f.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json)
                .when().post(PATH).then().statusCode(201);
    }

    /** A valid entry, field by field as raw JSON values. */
    private static Map<String, String> validEntryFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("subcontractorName", "\"" + newName() + "\"");
        fields.put("subcontractorAddress", "\"Umeda, Osaka\"");
        fields.put("subcontractorRepresentative", "\"Taro Suzuki, President\"");
        fields.put("dataItems", "[\"name\", \"purchase history\"]");
        fields.put("purpose", "\"Running the customer support desk\"");
        fields.put("confidentialityAgreementDate", "\"" + today().minusDays(10) + "\"");
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON           | {\"checkedOn\": \"$TODAY\"                                             | body",
            "unknown field            | {\"checkedOn\": \"$TODAY\", \"result\": \"satisfactory\", \"by\": \"me\"} | by",
            "field given twice        | {\"checkedOn\": \"$TODAY\", \"result\": \"satisfactory\", \"result\": \"issues-found\"} | body",
            "future checkedOn         | {\"checkedOn\": \"$FUTURE\", \"result\": \"satisfactory\"}             | checkedOn",
            "before the agreement     | {\"checkedOn\": \"$BEFORE\", \"result\": \"satisfactory\"}             | checkedOn",
            "missing checkedOn        | {\"result\": \"satisfactory\"}                                         | checkedOn",
            "not a date               | {\"checkedOn\": \"yesterday\", \"result\": \"satisfactory\"}           | checkedOn",
            "number for a date        | {\"checkedOn\": 20000, \"result\": \"satisfactory\"}                   | checkedOn",
            "unknown result           | {\"checkedOn\": \"$TODAY\", \"result\": \"fine\"}                      | result",
            "number for the result    | {\"checkedOn\": \"$TODAY\", \"result\": 1}                             | result",
            "missing result           | {\"checkedOn\": \"$TODAY\"}                                            | result",
            "issues without a note    | {\"checkedOn\": \"$TODAY\", \"result\": \"issues-found\"}              | note",
            "issues with a blank note | {\"checkedOn\": \"$TODAY\", \"result\": \"issues-found\", \"note\": \" \"} | note",
    })
    void badChecksAreAProblemNamingTheFieldAndWriteNothing(String name, String body, String field) {
        String id = register(newName(), 30);
        String json = body.replace("$TODAY", today().toString()).replace("$FUTURE", today().plusDays(2).toString())
                .replace("$BEFORE", today().minusDays(31).toString());
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json)
                .when().post(PATH + "/" + id + "/supervision-checks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("invalid-params.name", hasItem(field));
        assertThat(checkCount(id)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"size=201 | size", "size=0 | size", "page=-1 | page"})
    void badPagingIsAProblemNamingTheParameter(String query, String field) {
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "?" + query)
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem(field));
    }

    @Test
    void anUnknownEntryIsNotFoundAndGetsNoChecks() {
        String unknown = UUID.randomUUID().toString();
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + unknown)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"checkedOn\": \"" + today() + "\", \"result\": \"satisfactory\"}")
                .when().post(PATH + "/" + unknown + "/supervision-checks")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + register(newName(), 1)
                + "/supervision-checks/" + unknown).then().statusCode(404);
        assertThat(count("select count(*) from entrustment_supervision_check where entrustment_id = ?",
                UUID.fromString(unknown))).isZero();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static String register(String name, long agreedDaysAgo) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(entry(name, agreedDaysAgo)).when().post(PATH).then().statusCode(201).extract().path("id");
    }

    private static long checkCount(String entrustmentId) {
        return count("select count(*) from entrustment_supervision_check where entrustment_id = ?",
                UUID.fromString(entrustmentId));
    }

    private static long count(String sql, Object... params) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG, sql, params);
    }
}
