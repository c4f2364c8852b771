package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.DataRequestTasks.answer;
import static jp.onplanetz.privacy.testinfra.DataRequestTaskEvents.request;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static jp.onplanetz.privacy.disclosurelog.support.Records.receiving;
import static jp.onplanetz.privacy.disclosurelog.support.Records.today;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The marks of subjects' requests to delete or to stop, as every reader of the records sees them (the subject's
 * download, the officer's queries and exports, in JSON and CSV), the warning sign of a provision made after such a
 * request, and the officer's list of marks. Marks are made the real way, by tasks through the broker.
 */
@QuarkusTest
class SubjectRequestMarkResourceTest {

    private static final String PROVISIONS = "/api/v1/records/provisions";
    private static final String MARKS = "/api/v1/subject-request-marks";

    private static String toGoogle(String subject) {
        return personRelated(subject).replace("\"acme-ads\"", "\"google-analytics\"")
                .replace("\"third-party-ads\"", "\"access-analysis\"");
    }

    private static String providedAt(String body, Instant at) {
        return body.replace("\"purpose\":", "\"providedAt\": \"" + at + "\", \"purpose\":");
    }

    @Test
    void everyViewOfARecordShowsTheMarksOnItsSubjectAndFlagsAProvisionMadeAfterARequestToStop() {
        String subject = newSubject();
        String before = append(PROVISIONS, personRelated(subject));
        String requestId = request(subject, "cessation-of-provision", "[]", "[\"acme-ads\"]");
        assertThat(answer(requestId).get("outcome").asText()).isEqualTo("completed");
        Instant markedAt = ((java.sql.Timestamp) ServiceDb.single(ServiceDatabases.DISCLOSURE_LOG,
                "select marked_at from subject_request_mark where request_id = ?::uuid", requestId)).toInstant();

        String after = append(PROVISIONS, personRelated(subject));
        String toAnother = append(PROVISIONS, toGoogle(subject));
        String reportedLate = append(PROVISIONS, providedAt(personRelated(subject), markedAt.minus(1, ChronoUnit.HOURS)));
        String received = append("/api/v1/records/receivings", receiving(subject, today(), today()));

        JsonPath view = given().auth().oauth2(TestTokens.subject(subject))
                .when().get("/api/v1/subjects/{s}/records", subject).then().statusCode(200).extract().jsonPath();
        // record id -> {markedBeforeRecord, concernsRecord, providedAfterRequestToStop}
        Map<String, List<Boolean>> expected = Map.of(
                before, List.of(false, true, false),
                after, List.of(true, true, true),
                toAnother, List.of(true, false, false),
                reportedLate, List.of(true, true, false),
                received, List.of(true, false, false));
        assertThat(view.getList("recordId")).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, flags) -> {
            String r = "find { it.recordId == '" + id + "' }";
            assertThat(view.getList(r + ".subjectRequests")).as(id).hasSize(1);
            assertThat(view.getString(r + ".subjectRequests[0].requestId")).isEqualTo(requestId);
            assertThat(view.getString(r + ".subjectRequests[0].requestType")).isEqualTo("cessation-of-provision");
            assertThat(view.getList(r + ".subjectRequests[0].recipients")).containsExactly("acme-ads");
            assertThat(view.getList(r + ".subjectRequests[0].purposes")).isEmpty();
            assertThat(Instant.parse(view.getString(r + ".subjectRequests[0].markedAt"))).isEqualTo(markedAt);
            assertThat(List.of(view.getBoolean(r + ".subjectRequests[0].markedBeforeRecord"),
                    view.getBoolean(r + ".subjectRequests[0].concernsRecord"),
                    view.getBoolean(r + ".providedAfterRequestToStop"))).as(id).isEqualTo(flags);
        });

        // the officer's record, query and export show the same
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/records/{id}", after)
                .then().statusCode(200).body("subjectRequests[0].requestId", equalTo(requestId))
                .body("providedAfterRequestToStop", equalTo(true));
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subject", subject)
                .when().get("/api/v1/records")
                .then().statusCode(200).body("items.size()", equalTo(5))
                .body("items.findAll { it.providedAfterRequestToStop }.recordId", equalTo(List.of(after)))
                .body("items.collect { it.subjectRequests[0].requestId }.unique()", equalTo(List.of(requestId)));

        for (var csvRequest : List.of(
                given().auth().oauth2(TestTokens.subject(subject)).accept("text/csv")
                        .when().get("/api/v1/subjects/{s}/records", subject),
                given().auth().oauth2(TestTokens.privacyOfficer()).accept("text/csv").queryParam("subject", subject)
                        .when().get("/api/v1/records/export"))) {
            String csv = csvRequest.then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
            List<List<String>> rows = RecordResourceTest.Csv.parse(csv);
            assertThat(rows).hasSize(6);
            List<String> header = rows.get(0);
            for (List<String> row : rows.subList(1, rows.size())) {
                String id = row.get(header.indexOf("recordId"));
                assertThat(row.get(header.indexOf("subjectRequests")))
                        .isEqualTo("cessation-of-provision " + requestId + " " + markedAt);
                assertThat(row.get(header.indexOf("providedAfterRequestToStop")))
                        .isEqualTo(Boolean.toString(id.equals(after)));
            }
        }

        // a subject with no request shows none
        String unmarked = newSubject();
        append(PROVISIONS, personRelated(unmarked));
        given().auth().oauth2(TestTokens.subject(unmarked)).when().get("/api/v1/subjects/{s}/records", unmarked)
                .then().statusCode(200).body("[0].subjectRequests", equalTo(List.of()))
                .body("[0].providedAfterRequestToStop", equalTo(false));
    }

    @Test
    void theOfficerListsTheMarksNewestFirstOfOneSubjectOrOfAll() {
        String subject = newSubject();
        String other = newSubject();
        String deletion = request(subject, "deletion");
        answer(deletion);
        String cessation = request(subject, "cessation-of-use", "[\"third-party-ads\",\"newsletter\"]", "[]");
        answer(cessation);
        answer(request(other, "deletion"));

        JsonPath mine = given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subject", subject)
                .when().get(MARKS).then().statusCode(200).extract().jsonPath();
        assertThat(mine.getLong("total")).isEqualTo(2);
        assertThat(mine.getList("items.requestId")).containsExactly(cessation, deletion);
        assertThat(mine.getList("items.subjectId")).containsOnly(subject);
        assertThat(mine.getList("items[0].purposes")).containsExactly("third-party-ads", "newsletter");
        assertThat(mine.getList("items[0].recipients")).isEmpty();
        assertThat(mine.getString("items[0].requestType")).isEqualTo("cessation-of-use");
        assertThat(mine.getString("items[0].eventId")).isNotBlank();
        assertThat(Instant.parse(mine.getString("items[0].markedAt")))
                .isAfter(Instant.parse(mine.getString("items[1].markedAt")));

        long all = ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG, "select count(*) from subject_request_mark");
        given().auth().oauth2(TestTokens.operator()).queryParam("size", 1).queryParam("page", 1)
                .when().get(MARKS).then().statusCode(200)
                .body("total", equalTo((int) all)).body("items.size()", equalTo(1)).body("size", equalTo(1));
        given().auth().oauth2(TestTokens.operator()).queryParam("size", 0)
                .when().get(MARKS).then().statusCode(400);
    }

    @Test
    void nobodyCanChangeOrRemoveAMark() {
        String subject = newSubject();
        String requestId = request(subject, "deletion");
        answer(requestId);
        for (String sql : List.of("update subject_request_mark set request_type = 'cessation-of-use'"
                        + " where request_id = '" + requestId + "'",
                "delete from subject_request_mark where request_id = '" + requestId + "'",
                "truncate subject_request_mark")) {
            // even the owner, whom the migrations run as
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceDb.update(ServiceDatabases.DISCLOSURE_LOG,
                    sql)).as(sql).hasMessageContaining("append-only");
        }
        assertThat(ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG,
                "select count(*) from subject_request_mark where subject_id = ?", subject)).isEqualTo(1);
        // no write endpoint at all
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            int status = given().auth().oauth2(TestTokens.privacyOfficer()).contentType("application/json").body("{}")
                    .when().request(method, MARKS).then().extract().statusCode();
            assertThat(status).as(method).isIn(404, 405);
        }
    }
}
