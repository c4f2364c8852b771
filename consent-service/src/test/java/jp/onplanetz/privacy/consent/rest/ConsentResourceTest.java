package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jp.onplanetz.privacy.consent.TestPolicy;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.PublishedEvents;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class ConsentResourceTest {

    private static String path(String subject) {
        return "/api/v1/subjects/" + subject + "/consents";
    }

    private static String newSubject() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aSubjectGrantsAndWithdrawsAndEachChangeIsPublishedAsAValidCloudEvent() {
        String subject = newSubject();
        var created = given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\": \"newsletter\", \"method\": \"web-form\"}")
                .when().post(path(subject))
                .then().statusCode(201)
                .body("state", equalTo("granted")).body("grantedBy", equalTo(subject))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(path(subject) + "/" + id);

        given().auth().oauth2(TestTokens.subject(subject)).when().post(path(subject) + "/" + id + "/withdrawal")
                .then().statusCode(200).body("state", equalTo("withdrawn"));
        given().auth().oauth2(TestTokens.subject(subject)).when().get(path(subject))
                .then().statusCode(200).body("", hasSize(1)).body("[0].state", equalTo("withdrawn"));

        List<TopicRecord> events = await().atMost(Duration.ofSeconds(30))
                .until(() -> eventsOf(subject), l -> l.size() == 2);
        assertEvent(events.get(0), EventCatalogue.CONSENT_GRANTED, subject);
        assertEvent(events.get(1), EventCatalogue.CONSENT_WITHDRAWN, subject);
        assertThat(events.get(0).value()).contains(id);
    }

    @Test
    void withdrawingTwiceIsAConflictAndPublishesNothingMore() {
        String subject = newSubject();
        String id = grant(subject, "own-marketing");
        String token = TestTokens.subject(subject);
        given().auth().oauth2(token).when().post(path(subject) + "/" + id + "/withdrawal").then().statusCode(200);
        given().auth().oauth2(token).when().post(path(subject) + "/" + id + "/withdrawal")
                .then().statusCode(409).contentType("application/problem+json");
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(subject).size() == 2);
        assertThat(consentCount(subject)).isEqualTo(1);
    }

    @Test
    void aThirdPartyPurposeNeedsItsRecipient() {
        TestPolicy.ensureAcmeAds();
        String subject = newSubject();
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\": \"third-party-ads\", \"recipient\": \"acme-ads\", \"method\": \"mobile-app\"}")
                .when().post(path(subject)).then().statusCode(201).body("recipient", equalTo("acme-ads"));
    }

    @Test
    void anOperatorActsOnBehalfAndIsRecordedAsTheActor() {
        String subject = newSubject();
        given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"purpose\": \"newsletter\", \"method\": \"paper\"}")
                .when().post(path(subject)).then().statusCode(201)
                .body("grantedBy", equalTo(jp.onplanetz.privacy.testinfra.oidc.LocalIdentities.OPERATOR_SUBJECT_ID));
    }

    @Test
    void whoMayCallWhat() {
        String subject = newSubject();
        String other = newSubject();
        grant(subject, "newsletter");
        String body = "{\"purpose\": \"newsletter\", \"method\": \"web-form\"}";
        // a subject reaches only its own data
        given().auth().oauth2(TestTokens.subject(other)).when().get(path(subject)).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.subject(other)).contentType(ContentType.JSON).body(body)
                .when().post(path(subject)).then().statusCode(403);
        // a privacy officer reads but does not consent for anyone
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(path(subject)).then().statusCode(200)
                .body("", hasSize(1));
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body)
                .when().post(path(subject)).then().statusCode(403);
        // a recipient has no business here
        given().auth().oauth2(TestTokens.recipient()).when().get(path(subject)).then().statusCode(403);
        // no token
        given().when().get(path(subject)).then().statusCode(401);
        assertThat(consentCount(subject)).isEqualTo(1);
        assertThat(consentCount(other)).isZero();
    }

    @Test
    void purposesAreListedForAnyAuthenticatedCaller() {
        given().auth().oauth2(TestTokens.recipient()).when().get("/api/v1/purposes").then().statusCode(200)
                .body("code", hasItem("anonymised-statistics")).body("code", hasItem("service-provision"));
        given().when().get("/api/v1/purposes").then().statusCode(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON         | {\"purpose\": \"newsletter\"                                        | body",
            "unknown field          | {\"purpose\": \"newsletter\", \"method\": \"api\", \"name\": \"Taro\"} | name",
            "wrong type             | {\"purpose\": 12, \"method\": \"api\"}                              | purpose",
            "invalid value          | {\"purpose\": \"Not A Code!\", \"method\": \"api\"}                 | purpose",
            "unknown purpose        | {\"purpose\": \"selling-data\", \"method\": \"api\"}                | purpose",
            "unknown method         | {\"purpose\": \"newsletter\", \"method\": \"telepathy\"}            | method",
            "missing method         | {\"purpose\": \"newsletter\"}                                      | method",
            "bad date               | {\"purpose\": \"newsletter\", \"method\": \"api\", \"expiresAt\": \"soon\"} | expiresAt",
            "past expiry            | {\"purpose\": \"newsletter\", \"method\": \"api\", \"expiresAt\": \"2020-01-01T00:00:00Z\"} | expiresAt",
            "third party, no recipient | {\"purpose\": \"third-party-ads\", \"method\": \"api\"}          | recipient",
            "recipient, not third party | {\"purpose\": \"newsletter\", \"recipient\": \"acme-ads\", \"method\": \"api\"} | recipient",
    })
    void badInputIsAProblemNamingTheFieldAndChangesNothing(String name, String body, String field) {
        String subject = newSubject();
        given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .when().post(path(subject))
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("invalid-params.name", hasItem(field));
        assertThat(consentCount(subject)).isZero();
        assertThat(outboxCount(subject)).isZero();
    }

    @Test
    void withdrawingAnUnknownConsentIsNotFound() {
        String subject = newSubject();
        given().auth().oauth2(TestTokens.subject(subject)).when().post(path(subject) + "/" + UUID.randomUUID() + "/withdrawal")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("not found"));
        given().auth().oauth2(TestTokens.subject(subject)).when().post(path(subject) + "/not-a-uuid/withdrawal")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("consentId"));
    }

    private static long consentCount(String subject) {
        return ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from consent_record where subject_id = ?", subject);
    }

    private static long outboxCount(String subject) {
        return ServiceDb.count(ServiceDatabases.CONSENT, "select count(*) from outbox_event where record_key = ?", subject);
    }

    private static String grant(String subject, String purpose) {
        return given().auth().oauth2(TestTokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\": \"" + purpose + "\", \"method\": \"web-form\"}")
                .when().post(path(subject)).then().statusCode(201).extract().path("id");
    }

    private static List<TopicRecord> eventsOf(String subject) {
        return PublishedEvents.about(EventCatalogue.CONSENT_TOPIC, subject);
    }

    private static void assertEvent(TopicRecord r, EventType type, String subject) {
        PublishedEvents.assertContractHolds(r, type.type(), "consent-service", subject);
    }
}
