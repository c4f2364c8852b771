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

    /**
     * Each service through the Java client generated from its own OpenAPI document (target/generated-sources/openapi),
     * as another company would call it, with real tokens: a wrong status or a wrong schema in a document fails here.
     */
    @Test
    void eachServiceAnswersTheClientGeneratedFromItsOwnOpenApiDocument() throws Exception {
        SuiteClient suite = new SuiteClient(stack);
        String subject = UUID.randomUUID().toString();
        String subjectToken = suite.subjectToken(subject);

        // consent-service: the subject grants a consent (201 with the consent)
        var consentClient = new jp.onplanetz.privacy.clients.consent.ApiClient();
        consentClient.updateBaseUri(stack.service("consent-service").baseUrl());
        consentClient.setRequestInterceptor(bearer(subjectToken));
        var granted = new jp.onplanetz.privacy.clients.consent.api.ConsentsApi(consentClient).consentResourceGrant(subject,
                new jp.onplanetz.privacy.clients.consent.model.GrantRequest().purpose(SuiteClient.OWN_PURPOSE)
                        .method(jp.onplanetz.privacy.clients.consent.model.Method.WEB_FORM), null);
        assertThat(granted.getSubjectId()).isEqualTo(subject);
        assertThat(granted.getState()).isEqualTo("granted");

        // analytics-gateway: a privacy officer reads the gateway's projection of that consent
        var analyticsClient = new jp.onplanetz.privacy.clients.analytics.ApiClient();
        analyticsClient.updateBaseUri(stack.service("analytics-gateway").baseUrl());
        analyticsClient.setRequestInterceptor(bearer(suite.officerToken()));
        var projection = new jp.onplanetz.privacy.clients.analytics.api.ConsentProjectionApi(analyticsClient);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(projection.consentProjectionResourceOfSubject(subject)).anySatisfy(p -> {
                    assertThat(p.getConsentId()).isEqualTo(granted.getId());
                    assertThat(p.getState()).isEqualTo("granted");
                }));

        // data-request-service: the subject files a disclosure request (201 with the request) and reads it back
        var requestClient = new jp.onplanetz.privacy.clients.datarequest.ApiClient();
        requestClient.updateBaseUri(stack.service("data-request-service").baseUrl());
        requestClient.setRequestInterceptor(bearer(subjectToken));
        var requests = new jp.onplanetz.privacy.clients.datarequest.api.DataRequestsApi(requestClient);
        var filed = requests.dataRequestResourceFile(new jp.onplanetz.privacy.clients.datarequest.model.FileRequest()
                .type(jp.onplanetz.privacy.clients.datarequest.model.RequestType.DISCLOSURE)
                .format(jp.onplanetz.privacy.clients.datarequest.model.DisclosureFormat.JSON));
        assertThat(filed.getSubjectId()).isEqualTo(subject);
        assertThat(requests.dataRequestResourceGet(filed.getId()).getId()).isEqualTo(filed.getId());

        // disclosure-log-service: the subject reads the records about it (none: nothing was provided to anyone)
        var recordClient = new jp.onplanetz.privacy.clients.disclosurelog.ApiClient();
        recordClient.updateBaseUri(stack.service("disclosure-log-service").baseUrl());
        recordClient.setRequestInterceptor(bearer(subjectToken));
        assertThat(new jp.onplanetz.privacy.clients.disclosurelog.api.RecordsOfProvisionApi(recordClient)
                .recordResourceOfSubject(subject)).isEmpty();
    }

    private static java.util.function.Consumer<java.net.http.HttpRequest.Builder> bearer(String token) {
        return request -> request.header("Authorization", "Bearer " + token);
    }
}
