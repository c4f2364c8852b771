package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Proof of consent: the append-only history with its evidence, repeated grants, and the signed receipt a
 * subject downloads and anyone verifies with the published key alone.
 */
@QuarkusTest
class ConsentReceiptTest {

    private static String consents(String subject) {
        return "/api/v1/subjects/" + subject + "/consents";
    }

    /** What an outsider does: fetch the published key set, verify the JWS, read its payload. */
    private static Map<String, Object> verifiedPayload(String jws) throws Exception {
        String keys = given().when().get("/api/v1/receipts/keys").then().statusCode(200).extract().asString();
        JsonWebSignature verifier = new JsonWebSignature();
        verifier.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        verifier.setCompactSerialization(jws);
        JsonWebKey key = new JsonWebKeySet(keys).findJsonWebKey(verifier.getKeyIdHeaderValue(), "EC", "sig", null);
        assertThat(key).as("the receipt's kid names a published key").isNotNull();
        verifier.setKey(key.getKey());
        assertThat(verifier.verifySignature()).isTrue();
        return JsonPath.from(verifier.getPayload()).getMap("");
    }

    @Test
    void theSubjectDownloadsASignedReceiptThatVerifiesWithThePublishedKeyAlone() throws Exception {
        String subject = UUID.randomUUID().toString();
        String id = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .header("User-Agent", "OnplanetzApp/3.2 (iOS 18)")
                .body("{\"purpose\":\"newsletter\",\"method\":\"mobile-app\",\"channel\":\"ios-app\","
                        + "\"evidence\":{\"ipAddress\":\"203.0.113.77\"}}")
                .when().post(consents(subject)).then().statusCode(201)
                .body("evidence.ipPrefix", equalTo("203.0.113.0/24"))
                .body("evidence.userAgent", equalTo("OnplanetzApp/3.2 (iOS 18)"))
                .extract().path("id");
        String policy = given().when().get("/api/v1/policy").then().extract().path("hash");

        JsonPath signed = given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/" + id + "/receipt")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> payload = verifiedPayload(signed.getString("jws"));
        assertThat(payload).isEqualTo(signed.getMap("receipt"));

        JsonPath r = JsonPath.from(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(payload));
        assertThat(r.getString("recordId")).isEqualTo(id);
        assertThat(r.getString("receiptId")).isNotBlank().isNotEqualTo(id);
        assertThat(r.getString("schemaVersion")).contains("27560");
        assertThat(r.getString("piiPrincipalId")).isEqualTo(subject);
        assertThat(r.getString("jurisdiction")).isEqualTo("JP");
        assertThat(r.getString("piiControllers[0].name")).isEqualTo("Onplanetz Co., Ltd.");
        assertThat(r.getString("notice.policyVersion")).isEqualTo(policy);
        assertThat(r.getString("purposes[0].purposeId")).isEqualTo("newsletter");
        assertThat(r.getString("purposes[0].lawfulBasis")).isEqualTo("consent");
        assertThat(r.getList("purposes[0].piiCategories.code")).containsExactly("profile.email", "profile.name");
        assertThat(r.getString("collection.method")).isEqualTo("mobile-app");
        assertThat(r.getString("collection.channel")).isEqualTo("ios-app");
        assertThat(r.getString("collection.ipPrefix")).isEqualTo("203.0.113.0/24");
        assertThat(r.getString("state.current")).isEqualTo("granted");
        assertThat(r.getString("withdrawal.method")).isEqualTo("POST " + consents(subject) + "/" + id + "/withdrawal");

        // The same state gives the same receipt id; a withdrawal gives a new receipt that says so.
        given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/" + id + "/receipt")
                .then().body("receipt.receiptId", equalTo(r.getString("receiptId")));
        given().auth().oauth2(TestTokens.subject(subject)).when().post(consents(subject) + "/" + id + "/withdrawal").then().statusCode(200);
        JsonPath after = given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/" + id + "/receipt")
                .then().statusCode(200).extract().jsonPath();
        assertThat(after.getString("receipt.state.current")).isEqualTo("withdrawn");
        assertThat(after.getString("receipt.receiptId")).isNotEqualTo(r.getString("receiptId"));
        assertThat(after.getList("receipt.state.history.action")).containsExactly("granted", "withdrawn");
        verifiedPayload(after.getString("jws"));
    }

    @Test
    void aTamperedReceiptFailsVerification() throws Exception {
        String subject = UUID.randomUUID().toString();
        String id = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"own-marketing\",\"method\":\"web-form\"}")
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
        String jws = given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/" + id + "/receipt")
                .then().statusCode(200).extract().path("jws");
        String[] parts = jws.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String forged = payload.replace("\"granted\"", "\"withdrawn\"");
        assertThat(forged).isNotEqualTo(payload);
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> verifiedPayload(tampered)).isInstanceOf(AssertionError.class);
    }

    @Test
    void receiptsAreTheSubjectsOwnAndABadRequestForOneIsAProblem() {
        String subject = UUID.randomUUID().toString();
        String id = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"newsletter\",\"method\":\"web-form\"}")
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
        String receipt = consents(subject) + "/" + id + "/receipt";
        given().auth().oauth2(TestTokens.subject(UUID.randomUUID().toString())).when().get(receipt).then().statusCode(403);
        given().auth().oauth2(TestTokens.recipient()).when().get(receipt).then().statusCode(403);
        given().when().get(receipt).then().statusCode(401);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(receipt).then().statusCode(200);
        given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/not-a-uuid/receipt")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("consentId"));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/" + UUID.randomUUID() + "/receipt")
                .then().statusCode(404).contentType("application/problem+json");
        // Another subject's consent id under one's own path is not found, not leaked.
        String other = UUID.randomUUID().toString();
        given().auth().oauth2(TestTokens.subject(other)).when().get(consents(other) + "/" + id + "/receipt").then().statusCode(404);
    }

    @Test
    void aRepeatedIdenticalGrantIsIdempotentAndADifferentOneIsAConflict() {
        String subject = UUID.randomUUID().toString();
        String body = "{\"purpose\":\"attribute-suggestions\",\"method\":\"web-form\"}";
        String first = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .when().post(consents(subject)).then().statusCode(200).body("id", equalTo(first));
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"attribute-suggestions\",\"method\":\"paper\"}")
                .when().post(consents(subject)).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://privacy.onplanetz.jp/problems/duplicate-grant"));
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_record where subject_id = ?", subject)).isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_history where subject_id = ?", subject)).isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where record_key = ?", subject)).isEqualTo(1);
    }

    @Test
    void aGrantForTheContractedServiceIsRefused() {
        String subject = UUID.randomUUID().toString();
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"service-provision\",\"method\":\"web-form\"}")
                .when().post(consents(subject)).then().statusCode(400).body("invalid-params.name", hasItem("purpose"));
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"newsletter\",\"method\":\"web-form\",\"evidence\":{\"ipAddress\":\"intranet-host\"}}")
                .when().post(consents(subject)).then().statusCode(400).body("invalid-params.name", hasItem("evidence.ipAddress"));
        assertThat(ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_record where subject_id = ?", subject)).isZero();
    }

    @Test
    void theHistoryIsAppendOnly() {
        String subject = UUID.randomUUID().toString();
        String id = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"newsletter\",\"method\":\"web-form\"}")
                .when().post(consents(subject)).then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.subject(subject)).when().post(consents(subject) + "/" + id + "/withdrawal").then().statusCode(200);
        given().auth().oauth2(TestTokens.subject(subject)).when().get(consents(subject) + "/" + id + "/history")
                .then().statusCode(200).body("action", equalTo(List.of("granted", "withdrawn")));
        assertThatThrownBy(() -> ServiceDb.update(ServiceDatabases.CONSENT,
                "update consent_history set actor = 'someone else' where subject_id = ?", subject)).hasMessageContaining("append-only");
        assertThatThrownBy(() -> ServiceDb.update(ServiceDatabases.CONSENT,
                "delete from consent_history where subject_id = ?", subject)).hasMessageContaining("append-only");
    }
}
