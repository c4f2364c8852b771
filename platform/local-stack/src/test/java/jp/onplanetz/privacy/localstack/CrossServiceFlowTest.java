package jp.onplanetz.privacy.localstack;

import io.restassured.http.ContentType;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The suite as it runs: the four packaged services, each its own process with its own database, talking
 * only through the real broker. A change in consent-service is published, consumed by analytics-gateway
 * and visible through analytics-gateway's API.
 */
class CrossServiceFlowTest {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(Path.of("target", "stack").toAbsolutePath(), false, false));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aConsentGrantedInConsentServiceIsVisibleInAnalyticsGatewayAndSoIsItsWithdrawal() {
        String subject = UUID.randomUUID().toString();
        String subjectToken = stack.issuer().mint(subject, "e2e-subject", Set.of(LocalIdentities.ROLE_DATA_SUBJECT));
        String officer = stack.issuer().mint(LocalIdentities.OFFICER_SUBJECT_ID, "officer",
                Set.of(LocalIdentities.ROLE_PRIVACY_OFFICER));
        String consent = stack.service("consent-service").baseUrl() + "/api/v1/subjects/" + subject + "/consents";
        String projection = stack.service("analytics-gateway").baseUrl() + "/api/v1/consent-projection/" + subject;

        // The recipient is not in the seeded policy: a privacy officer adds it and publishes, as in production.
        String service = stack.service("consent-service").baseUrl();
        given().auth().oauth2(officer).contentType(ContentType.JSON)
                .body("{\"name\":\"Acme Ads K.K.\",\"address\":\"1-1 Marunouchi, Chiyoda-ku, Tokyo\","
                        + "\"representative\":\"Representative Director\",\"purposes\":[\"anonymised-statistics\"]}")
                .when().put(service + "/api/v1/policy/draft/recipients/acme-ads").then().statusCode(200);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body("{\"summary\":\"Acme Ads receives statistics.\"}")
                .when().post(service + "/api/v1/policy/versions").then().statusCode(201)
                .body("classification", equalTo("consent-required"));

        String consentId = given().auth().oauth2(subjectToken).contentType(ContentType.JSON)
                .body("{\"purpose\":\"anonymised-statistics\",\"recipient\":\"acme-ads\",\"method\":\"web-form\"}")
                .when().post(consent).then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(officer).when().get(projection).then().statusCode(200)
                        .body("[0].consentId", equalTo(consentId)).body("[0].state", equalTo("granted"))
                        .body("[0].purpose", equalTo("anonymised-statistics")));

        given().auth().oauth2(subjectToken).when().post(consent + "/" + consentId + "/withdrawal").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(officer).when().get(projection).then().statusCode(200)
                        .body("[0].state", equalTo("withdrawn")));
    }

    @Test
    void everyServiceIsReadyAndRefusesAnonymousCalls() {
        for (ServiceProcess s : stack.services()) {
            assertThat(s.readyAfterMillis()).as(s.name()).isPositive();
            given().when().get(s.baseUrl() + "/q/health/ready").then().statusCode(200);
            given().when().get(s.baseUrl() + "/api/v1/anything").then().statusCode(org.hamcrest.Matchers.either(
                    equalTo(401)).or(equalTo(404)));
        }
    }
}
