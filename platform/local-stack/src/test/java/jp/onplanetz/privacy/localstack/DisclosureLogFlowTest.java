package jp.onplanetz.privacy.localstack;

import io.restassured.http.ContentType;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The record of a provision, made by the real thing: consent-service permits a third-party use, its event reaches
 * disclosure-log-service through the broker and becomes a record naming the recipient as the policy does; a
 * record appended over HTTP on a consent is checked against consent-service itself (client-credentials token,
 * real standing endpoint) and flagged once the consent was withdrawn before the provision.
 */
class DisclosureLogFlowTest {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(Path.of("target", "stack-disclosure").toAbsolutePath(), false, false));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPermittedProvisionIsRecordedAndAConsentWithdrawnBeforeAProvisionIsFlagged() {
        String subject = UUID.randomUUID().toString();
        String subjectToken = stack.issuer().mint(subject, "e2e-subject", Set.of(LocalIdentities.ROLE_DATA_SUBJECT));
        String officer = stack.issuer().mint(LocalIdentities.OFFICER_SUBJECT_ID, "officer",
                Set.of(LocalIdentities.ROLE_PRIVACY_OFFICER));
        LocalIdentities.ServiceClient analytics = LocalIdentities.ANALYTICS_GATEWAY;
        String serviceToken = stack.issuer().mint(analytics.serviceAccountId(), analytics.serviceAccountUsername(),
                analytics.realmRoles());
        String consentService = stack.service("consent-service").baseUrl();
        String disclosureLog = stack.service("disclosure-log-service").baseUrl();

        given().auth().oauth2(officer).contentType(ContentType.JSON)
                .body("{\"name\":\"Beta Research K.K.\",\"address\":\"2-2 Umeda, Kita-ku, Osaka\","
                        + "\"representative\":\"Jiro Beta, Representative Director\",\"purposes\":[\"anonymised-statistics\"]}")
                .when().put(consentService + "/api/v1/policy/draft/recipients/beta-research").then().statusCode(200);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"summary\":\"Beta Research receives statistics.\"}")
                .when().post(consentService + "/api/v1/policy/versions").then().statusCode(201);

        String consentId = given().auth().oauth2(subjectToken).contentType(ContentType.JSON)
                .body("{\"purpose\":\"anonymised-statistics\",\"recipient\":\"beta-research\",\"method\":\"web-form\"}")
                .when().post(consentService + "/api/v1/subjects/" + subject + "/consents").then().statusCode(201)
                .extract().path("id");

        // The actual use: consent-service permits it, and its event becomes the record.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(serviceToken)
                .contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subject + "\",\"purpose\":\"anonymised-statistics\","
                        + "\"categories\":[\"profile.birth-year\"],\"recipient\":\"beta-research\"}")
                .when().post(consentService + "/api/v1/decisions/use").then().statusCode(201)
                .body("decision", equalTo("PERMIT")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(subjectToken)
                .when().get(disclosureLog + "/api/v1/subjects/" + subject + "/records").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].record.recipient.name", equalTo("Beta Research K.K."))
                .body("[0].record.recipient.representative", equalTo("Jiro Beta, Representative Director"))
                .body("[0].record.basis.consentId", equalTo(consentId))
                .body("[0].basisCheck.status", equalTo("confirmed")));

        // Reported over HTTP while the consent stands: confirmed by consent-service.
        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
        String standing = append(disclosureLog, serviceToken, subject, consentId, today, Instant.now());
        given().auth().oauth2(subjectToken).when().post(consentService + "/api/v1/subjects/" + subject + "/consents/"
                + consentId + "/withdrawal").then().statusCode(200);
        // Reported as made after the withdrawal: the consent did not stand.
        String afterWithdrawal = append(disclosureLog, serviceToken, subject, consentId, today, Instant.now().plusSeconds(1));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().auth().oauth2(officer).when().get(disclosureLog + "/api/v1/records/" + standing).then().statusCode(200)
                    .body("basisCheck.status", equalTo("confirmed")).body("basisCheck.reason", equalTo("consent-in-force"));
            given().auth().oauth2(officer).when().get(disclosureLog + "/api/v1/records/" + afterWithdrawal).then()
                    .statusCode(200).body("basisCheck.status", equalTo("flagged"))
                    .body("basisCheck.reason", equalTo("consent-withdrawn"));
        });

        // Within a checkpoint interval every record has its proof, and the ledger verifies.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(subjectToken)
                .when().get(disclosureLog + "/api/v1/subjects/" + subject + "/records").then().statusCode(200)
                .body("inclusionProof.findAll { it == null }.size()", equalTo(0))
                .body("[2].inclusionProof.checkpoint", notNullValue()));
        given().auth().oauth2(officer).when().post(disclosureLog + "/api/v1/ledger/verifications").then().statusCode(200)
                .body("intact", equalTo(true));
    }

    private static String append(String disclosureLog, String token, String subject, String consentId, String day,
            Instant providedAt) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subject + "\",\"recipient\":\"beta-research\",\"firstDay\":\"" + day + "\","
                        + "\"items\":[\"profile.birth-year\"],\"purpose\":\"anonymised-statistics\","
                        + "\"basis\":{\"type\":\"consent\",\"consentId\":\"" + consentId + "\"},"
                        + "\"providedAt\":\"" + providedAt + "\"}")
                .when().post(disclosureLog + "/api/v1/records/provisions").then().statusCode(201)
                .extract().path("recordId");
    }
}
