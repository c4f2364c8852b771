package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.service.ledger.RetentionService;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.receiving;
import static jp.onplanetz.privacy.disclosurelog.support.Records.today;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** A hold keeps expired records from redaction until it is released; only a privacy officer places and releases. */
@QuarkusTest
class LegalHoldResourceTest {

    @Inject
    RetentionService retention;

    private static long records(String subject) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG, "select count(*) from ledger_payload where subject_id = ?", subject);
    }

    @Test
    void aHoldKeepsExpiredRecordsUntilItIsReleased() {
        String subject = newSubject();
        append("/api/v1/records/receivings", receiving(subject, today().minusYears(6), today().minusYears(5)));
        String id = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"subjectId\": \"" + subject + "\", \"reason\": \"Tokyo District Court case 2026 (wa) 77\"}")
                .when().post("/api/v1/legal-holds")
                .then().statusCode(201).body("active", equalTo(true)).extract().path("id");
        retention.redactExpiredNow();
        assertThat(records(subject)).isEqualTo(1);

        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"reason\": \"case closed\"}")
                .when().post("/api/v1/legal-holds/{id}/release", id)
                .then().statusCode(200).body("active", equalTo(false)).body("releasedAt", notNullValue());
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"reason\": \"again\"}")
                .when().post("/api/v1/legal-holds/{id}/release", id)
                .then().statusCode(409).contentType("application/problem+json");
        retention.redactExpiredNow();
        assertThat(records(subject)).isZero();
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/legal-holds/{id}", id)
                .then().statusCode(200).body("releaseReason", equalTo("case closed"));
    }

    @Test
    void aHoldNamesExactlyOneExistingSubjectOrRecord() {
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"reason\": \"inquiry\"}")
                .when().post("/api/v1/legal-holds")
                .then().statusCode(400).contentType("application/problem+json")
                .body("'invalid-params'.name", hasItem("subjectId"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"subjectId\": \"s\", \"recordId\": \"" + UUID.randomUUID() + "\", \"reason\": \"inquiry\"}")
                .when().post("/api/v1/legal-holds")
                .then().statusCode(400).body("'invalid-params'.name", hasItem("recordId"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"recordId\": \"" + UUID.randomUUID() + "\", \"reason\": \"inquiry\"}")
                .when().post("/api/v1/legal-holds")
                .then().statusCode(400).body("'invalid-params'.name", hasItem("recordId"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"subjectId\": \"s\", \"reason\": \" \"}")
                .when().post("/api/v1/legal-holds")
                .then().statusCode(400).body("'invalid-params'.name", hasItem("reason"));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body("{\"reason\": \"x\"}")
                .when().post("/api/v1/legal-holds/{id}/release", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyAPrivacyOfficerPlacesAndReleasesHoldsAndOperatorsRead() {
        String body = "{\"subjectId\": \"" + newSubject() + "\", \"reason\": \"inquiry\"}";
        for (String token : new String[] {TestTokens.operator(), TestTokens.subject(newSubject()), TestTokens.recipient(),
                TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE)}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/v1/legal-holds")
                    .then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\": \"x\"}")
                    .when().post("/api/v1/legal-holds/{id}/release", UUID.randomUUID()).then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/legal-holds").then().statusCode(401);
        given().when().get("/api/v1/legal-holds").then().statusCode(401);
        for (String token : new String[] {TestTokens.subject(newSubject()), TestTokens.recipient(),
                TestTokens.service(LocalIdentities.DATA_REQUEST_SERVICE)}) {
            given().auth().oauth2(token).when().get("/api/v1/legal-holds").then().statusCode(403);
        }
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/legal-holds").then().statusCode(200);
    }
}
